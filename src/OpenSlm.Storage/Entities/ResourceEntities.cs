using NodaTime;

namespace OpenSlm.Storage.Entities;

/// <summary>One record of the catalogue (any kind), its spec kept as canonical JSON.</summary>
public sealed class ResourceEntity
{
    /// <summary>Surrogate key.</summary>
    public Guid Id { get; set; }

    /// <summary>The kind's name, for example Service.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>Unique within the kind.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Display name from the metadata.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Labels and annotations as JSON.</summary>
    public string Metadata { get; set; } = "{}";

    /// <summary>The spec as canonical JSON (for agreements, an empty object: terms live in versions).</summary>
    public string Spec { get; set; } = "{}";

    /// <summary>Increases with every change; the ETag and the optimistic-concurrency token.</summary>
    public long Revision { get; set; }

    /// <summary>When the record was created.</summary>
    public Instant CreatedAt { get; set; }

    /// <summary>Who created it.</summary>
    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>When it last changed.</summary>
    public Instant UpdatedAt { get; set; }

    /// <summary>Who last changed it.</summary>
    public string UpdatedBy { get; set; } = string.Empty;

    /// <summary>When it was retired; null while in use.</summary>
    public Instant? RetiredAt { get; set; }

    /// <summary>The versions of an agreement; empty for other kinds.</summary>
    public List<AgreementVersionEntity> Versions { get; set; } = [];
}

/// <summary>One version of an agreement: a whole copy of its terms and the version's status.</summary>
public sealed class AgreementVersionEntity
{
    /// <summary>Surrogate key.</summary>
    public Guid Id { get; set; }

    /// <summary>The agreement (a <see cref="ResourceEntity"/> of kind Agreement).</summary>
    public Guid AgreementId { get; set; }

    /// <summary>1, 2, 3… within the agreement.</summary>
    public int Number { get; set; }

    /// <summary>The lifecycle status, by name.</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>The terms as canonical JSON (an AgreementSpec without status).</summary>
    public string Terms { get; set; } = "{}";

    /// <summary>When the version was created.</summary>
    public Instant CreatedAt { get; set; }

    /// <summary>Who created it.</summary>
    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>When its terms or status last changed.</summary>
    public Instant UpdatedAt { get; set; }

    /// <summary>Who last changed it.</summary>
    public string UpdatedBy { get; set; } = string.Empty;

    /// <summary>When the status last changed.</summary>
    public Instant StatusChangedAt { get; set; }

    /// <summary>
    /// The first day the version is in force (yyyy-MM-dd), recorded when it is activated or scheduled; null for a version
    /// never activated, or activated before these days were recorded (its terms' effective.from then stands).
    /// </summary>
    public string? InForceFrom { get; set; }

    /// <summary>Why the version was put in force from a day before its activation (a retroactive date); null otherwise.</summary>
    public string? InForceReason { get; set; }

    /// <summary>How many times the version has been proposed: decisions count for the current proposal only.</summary>
    public int ProposalRound { get; set; }

    /// <summary>The parties' decisions on its proposals.</summary>
    public List<VersionApprovalEntity> Approvals { get; set; } = [];
}

/// <summary>A party's decision on a Proposed agreement version: approved, or rejected with the reason.</summary>
public sealed class VersionApprovalEntity
{
    /// <summary>Increasing key.</summary>
    public long Id { get; set; }

    /// <summary>The version decided on.</summary>
    public Guid VersionId { get; set; }

    /// <summary>The proposal it belongs to (<see cref="AgreementVersionEntity.ProposalRound"/>).</summary>
    public int Round { get; set; }

    /// <summary>The party, by name (Provider, Customer, Supplier, Consumer).</summary>
    public string Party { get; set; } = string.Empty;

    /// <summary>The Accountable stakeholder who decided.</summary>
    public string Stakeholder { get; set; } = string.Empty;

    /// <summary>Approved or Rejected.</summary>
    public string Decision { get; set; } = string.Empty;

    /// <summary>Why (required to reject).</summary>
    public string? Reason { get; set; }

    /// <summary>The signed-in identity that recorded it.</summary>
    public string By { get; set; } = string.Empty;

    /// <summary>When.</summary>
    public Instant At { get; set; }
}

/// <summary>One entry of the audit trail: who changed what, when, with the before and after.</summary>
public sealed class AuditEntity
{
    /// <summary>Increasing sequence number.</summary>
    public long Id { get; set; }

    /// <summary>When the change was made.</summary>
    public Instant At { get; set; }

    /// <summary>Who made it: the API caller, or the OS user for the CLI.</summary>
    public string Actor { get; set; } = string.Empty;

    /// <summary>What was done, for example Created, Updated, Retired, VersionCreated, StatusChanged.</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>The record's kind.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>The record's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The agreement version concerned, if any.</summary>
    public int? Version { get; set; }

    /// <summary>How the change was made: api, apply, demo.</summary>
    public string Via { get; set; } = string.Empty;

    /// <summary>The record before the change, as JSON; null for a creation.</summary>
    public string? Before { get; set; }

    /// <summary>The record after the change, as JSON.</summary>
    public string? After { get; set; }
}
