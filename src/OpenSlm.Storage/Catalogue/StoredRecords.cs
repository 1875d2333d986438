using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Interop.Documents;

namespace OpenSlm.Storage.Catalogue;

/// <summary>Who makes a change, and through which door (api, apply, demo).</summary>
public sealed record Actor(string Name, string Via);

/// <summary>The bookkeeping of a stored record.</summary>
public sealed record RecordStatus(long Revision, Instant CreatedAt, string CreatedBy, Instant UpdatedAt, string UpdatedBy, Instant? RetiredAt);

/// <summary>
/// An agreement version's bookkeeping, with the first day it is in force as recorded at activation (null when not
/// recorded: the terms' effective.from stands) and why that day is before its activation, when it is.
/// </summary>
public sealed record VersionInfo(int Number, VersionStatus Status, Instant CreatedAt, string CreatedBy, Instant UpdatedAt, string UpdatedBy, Instant StatusChangedAt,
    LocalDate? InForceFrom = null, string? InForceReason = null)
{
    /// <summary>Whether the version is Agreed and waits for the day it takes effect.</summary>
    public bool Scheduled => Status == VersionStatus.Agreed && InForceFrom is not null;
}

/// <summary>A stored record: its document (for an agreement, the latest version's terms) and bookkeeping.</summary>
public sealed record StoredRecord(Document Document, RecordStatus Status, IReadOnlyList<VersionInfo> Versions)
{
    /// <summary>An agreement's Active version number; null when none is Active (and for other kinds).</summary>
    public int? ActiveVersion => Versions.FirstOrDefault(v => v.Status == VersionStatus.Active)?.Number;

    /// <summary>The version an agreement is shown and evaluated by: the Active one, else the latest.</summary>
    public int? CurrentVersion => ActiveVersion ?? (Versions.Count == 0 ? null : Versions.Max(v => v.Number));
}

/// <summary>One stored agreement version with its terms.</summary>
public sealed record StoredVersion(string Agreement, long Revision, VersionInfo Info, AgreementSpec Spec);

/// <summary>One page of a listing.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

/// <summary>
/// A listing request. <see cref="Filters"/> match spec fields by name (case-insensitive values):
/// a text or number field equals the value, a list field contains it; a filter named in the singular
/// also matches a list field named in the plural (<c>customer=acme</c> matches <c>customers</c>).
/// </summary>
public sealed record ListQuery
{
    /// <summary>The largest page size allowed.</summary>
    public const int MaxPageSize = 500;

    /// <summary>1-based page number.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Items per page, 1 to <see cref="MaxPageSize"/>.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>Text that the name or display name contains (case-insensitive).</summary>
    public string? Search { get; init; }

    /// <summary>Whether retired records are listed too.</summary>
    public bool IncludeRetired { get; init; }

    /// <summary>Spec field filters.</summary>
    public IReadOnlyDictionary<string, string> Filters { get; init; } = new Dictionary<string, string>();
}

/// <summary>One audit entry as served.</summary>
public sealed record AuditEntry(long Sequence, Instant At, string Actor, string Via, string Action, string Kind, string Name, int? Version, string? Before, string? After);

/// <summary>A request to move an agreement version: the status, and the first day in force and why (activation), or why (expiry).</summary>
/// <param name="To">The status wanted.</param>
/// <param name="EffectiveFrom">For activation: the first day in force, when not the default (see <see cref="Activation"/>).</param>
/// <param name="Reason">Why: required for a retroactive first day, and to expire by hand.</param>
public sealed record VersionMove(VersionStatus To, LocalDate? EffectiveFrom = null, string? Reason = null);

/// <summary>A version's sign-off: who signs for each party, the current proposal's decisions, who is still to approve, and every decision made on it with its proposal round.</summary>
public sealed record SignOffState(
    AgreementKind Kind, VersionStatus Status, int Round, IReadOnlyList<Signatory> Signatories, IReadOnlyList<Approval> Current,
    IReadOnlyList<Signatory> Pending, IReadOnlyList<(int Round, Approval Decision)> History);
