namespace OpenSlm.Core.Access;

/// <summary>
/// What a person or a token is to OpenSLM. A user may hold several; what each grants is <see cref="AccessPolicy"/>'s
/// table, the one docs/security.md shows and the authorization matrix test reads.
/// </summary>
public enum Role
{
    /// <summary>Users, tokens and settings; reads everything, changes no agreement.</summary>
    Admin,

    /// <summary>The catalogue and every agreement: reads and changes all of it, runs the jobs.</summary>
    ServiceLevelManager,

    /// <summary>The services they own (their indicators, measurements, alerts and breach diagnosis); reads the rest.</summary>
    ServiceOwner,

    /// <summary>Reads internal data; changes nothing.</summary>
    Viewer,

    /// <summary>Only the agreements, reports, credits and breach statements of their own customer records.</summary>
    Customer,

    /// <summary>Only the underpinning contracts of their own supplier records.</summary>
    Supplier,

    /// <summary>Tokens only: posts measurements and ticket updates for the indicators and policies in the token's scope.</summary>
    Ingest,
}
