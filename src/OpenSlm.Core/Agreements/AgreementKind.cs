namespace OpenSlm.Core.Agreements;

/// <summary>What sort of commitment an agreement is.</summary>
public enum AgreementKind
{
    /// <summary>Service level agreement: provider to customer.</summary>
    SLA,

    /// <summary>Operational level agreement: between internal teams.</summary>
    OLA,

    /// <summary>Underpinning contract: supplier to provider.</summary>
    UC,

    /// <summary>An informal target with no contract.</summary>
    Expectation,
}
