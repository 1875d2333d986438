using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Api;

/// <summary>A record as the API serves it: the same metadata and spec as YAML, plus its bookkeeping.</summary>
/// <typeparam name="TSpec">The kind's spec.</typeparam>
public sealed record ResourceDto<TSpec>(string ApiVersion, string Kind, Metadata Metadata, TSpec Spec, StatusDto Status, IReadOnlyList<VersionDto>? Versions)
    where TSpec : ISpec
{
    internal static ResourceDto<TSpec> From(StoredRecord record) => new(
        Interop.Documents.Document.ApiVersion,
        record.Document.Kind.ToString(),
        record.Document.Metadata,
        (TSpec)record.Document.Spec,
        StatusDto.From(record.Status),
        record.Document.Kind == ResourceKind.Agreement ? [.. record.Versions.Select(VersionDto.From)] : null);
}

/// <summary>A record's bookkeeping; <see cref="Revision"/> is also its ETag.</summary>
public sealed record StatusDto(long Revision, Instant CreatedAt, string CreatedBy, Instant UpdatedAt, string UpdatedBy, Instant? RetiredAt)
{
    internal static StatusDto From(RecordStatus s) => new(s.Revision, s.CreatedAt, s.CreatedBy, s.UpdatedAt, s.UpdatedBy, s.RetiredAt);
}

/// <summary>An agreement version's number, status and stamps.</summary>
public sealed record VersionDto(int Number, VersionStatus Status, Instant CreatedAt, string CreatedBy, Instant UpdatedAt, string UpdatedBy, Instant StatusChangedAt,
    LocalDate? InForceFrom, string? RetroactiveReason, bool Scheduled)
{
    internal static VersionDto From(VersionInfo v) => new(v.Number, v.Status, v.CreatedAt, v.CreatedBy, v.UpdatedAt, v.UpdatedBy, v.StatusChangedAt,
        v.InForceFrom, v.InForceReason, v.Scheduled);
}

/// <summary>A party's decision on a Proposed version.</summary>
public sealed record SignOffDecisionRequest(string Decision, string? Reason, Party? Party);

/// <summary>One party of a version's sign-off: who may sign for it, and its decision on the current proposal.</summary>
public sealed record SignOffPartyDto(Party Party, string Of, IReadOnlyList<string> Accountable, DecisionDto? Decision);

/// <summary>One decision: for which party, by which stakeholder and signed-in identity, when, and why.</summary>
public sealed record DecisionDto(Party Party, string Stakeholder, string Decision, string? Reason, string By, Instant At, int? Round = null);

/// <summary>A version's sign-off.</summary>
public sealed record SignOffDto(string Agreement, int Version, VersionStatus Status, bool Needed, int Round,
    IReadOnlyList<SignOffPartyDto> Parties, IReadOnlyList<Party> Pending, IReadOnlyList<DecisionDto> History)
{
    internal static SignOffDto From(string agreement, int number, SignOffState s) => new(agreement, number, s.Status, SignOff.Needed(s.Kind), s.Round,
        [.. s.Signatories.Select(p => new SignOffPartyDto(p.Party, p.Of, p.Accountable,
            s.Current.LastOrDefault(a => a.Party == p.Party) is { } d ? Dto(d) : null))],
        [.. s.Pending.Select(p => p.Party)],
        [.. s.History.Select(h => Dto(h.Decision) with { Round = h.Round })]);

    private static DecisionDto Dto(Approval a) => new(a.Party, a.Stakeholder, a.Approved ? "Approved" : "Rejected", a.Reason, a.By, a.At);
}

/// <summary>One agreement version with its whole terms.</summary>
public sealed record VersionDetailDto(string Agreement, VersionDto Version, AgreementSpec Spec);

/// <summary>Two versions' terms compared: each field of the YAML document that differs, by its path, with its value in each.</summary>
public sealed record VersionCompareDto(string Agreement, VersionDto From, VersionDto To, IReadOnlyList<TermChangeDto> Changes);

/// <summary>A term that differs: <c>change</c> is Added, Removed or Changed; a value is null where that version does not state the term.</summary>
public sealed record TermChangeDto(string Path, string? Before, string? After, Interop.Documents.TermChangeKind Change);

/// <summary>A page of items, with the total across pages.</summary>
public sealed record PageDto<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>What a write did to one record.</summary>
public sealed record ChangeDto(string Kind, string Name, ChangeAction Action, int? Version, string? Note, IReadOnlyList<FieldChange> Fields)
{
    internal static ChangeDto From(Change c) => new(c.Kind.ToString(), c.Name, c.Action, c.Version, c.Note, c.Fields);
}

/// <summary>The result of an apply: the changes made (or planned, in a dry run).</summary>
public sealed record ApplyResultDto(bool DryRun, IReadOnlyList<ChangeDto> Changes, IReadOnlyList<string> Notes);

/// <summary>A request to move an agreement version to another status.</summary>
public sealed record StatusChangeRequest(VersionStatus Status, LocalDate? EffectiveFrom, string? Reason, bool? Confirm);

/// <summary>The body of a renewal: how many months it runs (1 to 120; default as long as the version renewed).</summary>
public sealed record RenewRequest(int? Months);

/// <summary>An audit entry.</summary>
public sealed record AuditDto(long Sequence, Instant At, string Actor, string Via, string Action, string Kind, string Name, int? Version, System.Text.Json.Nodes.JsonNode? Before, System.Text.Json.Nodes.JsonNode? After)
{
    internal static AuditDto From(AuditEntry a) => new(a.Sequence, a.At, a.Actor, a.Via, a.Action, a.Kind, a.Name, a.Version,
        a.Before is null ? null : System.Text.Json.Nodes.JsonNode.Parse(a.Before),
        a.After is null ? null : System.Text.Json.Nodes.JsonNode.Parse(a.After));
}

/// <summary>What POST /api/v1/reports reads: the agreement, the closed period, and optionally the version to report.</summary>
public sealed record PublishReportRequest(string Agreement, string Period, int? Version);

/// <summary>A requirement's offers compared: each offer with its answer to every need, its charge against the budget, and the offers that meet it all.</summary>
public sealed record OfferComparisonDto(string Requirement, string? Customer, Money? Budget, IReadOnlyList<NeedDto> Needs, IReadOnlyList<OfferDto> Offers, IReadOnlyList<string> MeetAll)
{
    internal static OfferComparisonDto From(string name, RequirementSpec requirement, IReadOnlyList<(string Name, AgreementSpec? Terms, VersionStatus? Status)> offers)
    {
        var fits = Core.Agreements.Offers.Compare(requirement, [.. offers.Select(o => (o.Name, o.Terms))]);
        return new(name, requirement.Customer, requirement.Budget,
            [.. requirement.Needs.Select(n => new NeedDto(n.Name, n.Description, n.Target, n.Calendar, n.Priority, n.Within))],
            [.. fits.Select((f, i) => new OfferDto(f.Offer, offers[i].Status, f.Terms?.Kind, f.Charge, f.Price, f.Meets, f.Compared, f.MeetsAll, string.Equals(requirement.Accepted, f.Offer, StringComparison.Ordinal),
                [.. f.Answers.Select(a => new NeedAnswerDto(a.Need, a.Objective?.Name, a.Objective?.Target, a.Objective?.Calendar, a.Fit, a.Why))]))],
            [.. fits.Where(f => f.MeetsAll).Select(f => f.Offer)]);
    }
}

/// <summary>A need as stated.</summary>
public sealed record NeedDto(string Name, string? Description, decimal? Target, string? Calendar, string? Priority, string? Within);

/// <summary>One offer against the requirement; <c>status</c> is its latest version's.</summary>
public sealed record OfferDto(string Agreement, VersionStatus? Status, AgreementKind? Kind, Money? Charge, PriceFit Price, int Meets, int Compared, bool MeetsAll, bool Accepted, IReadOnlyList<NeedAnswerDto> Answers);

/// <summary>How an offer answers a need: its objective of that name (target, calendar), the fit, and why.</summary>
public sealed record NeedAnswerDto(string Need, string? Objective, decimal? Target, string? Calendar, NeedFit Fit, string Why);
