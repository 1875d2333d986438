namespace OpenSlm.Core.Access;

/// <summary>
/// What a route or a page needs. Each endpoint names exactly one (or is on the short public list); a role grants a set
/// (<see cref="AccessPolicy"/>), and some permissions are further limited to the records in the caller's scope.
/// </summary>
public enum Permission
{
    /// <summary>Read internal data: the whole catalogue, evaluations, reports, alerts, breaches with their internal notes, tickets, the audit.</summary>
    ReadCatalogue,

    /// <summary>
    /// Read agreements: their versions, evaluations, reports, credits, published reports and breach statements. Internal
    /// readers read every agreement; a customer or supplier only those they are party to, and anything else is "not found".
    /// </summary>
    ReadAgreements,

    /// <summary>Change the catalogue: create, replace and retire records, apply YAML, amend agreements and move their versions.</summary>
    EditCatalogue,

    /// <summary>Change the indicators (and the record) of services one owns.</summary>
    EditOwnServices,

    /// <summary>Post measurements, outages and ticket updates (limited to one's services, or to a token's scope).</summary>
    RecordMeasurements,

    /// <summary>Acknowledge alerts and diagnose breaches (limited to one's services for a service owner).</summary>
    HandleAlerts,

    /// <summary>Run the jobs on demand: evaluate alerts, recompute ticket clocks, publish reports.</summary>
    RunJobs,

    /// <summary>Create, list and revoke one's own API tokens (a token cannot make tokens).</summary>
    OwnTokens,

    /// <summary>Users, everyone's tokens, role changes, the security log.</summary>
    ManageAccess,
}
