using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Reporting;
using OpenSlm.Evaluation;
using OpenSlm.Storage.Alerts;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Tickets;

namespace OpenSlm.Reporting;

/// <summary>An activation checked before it is stored: its plan, or the field and problem refusing it; the closed periods a retroactive day re-judges.</summary>
public sealed record ActivationCheck(ActivationPlan? Plan, string Field, string? Problem, IReadOnlyList<JudgementChange> Rejudged);

/// <summary>Why a report could not be made, for the caller to show (the API as problem details, the CLI as an error).</summary>
public sealed record ReportError(int Status, string Title, string Detail);

/// <summary>
/// Reads what an agreement report needs from the stores (the agreement version, its objectives' data for the trend's
/// periods, ticket outcomes by priority, recorded breaches, calendar exclusions) and builds it with Core's
/// <see cref="AgreementReports"/>.
/// </summary>
public sealed class ReportService(CatalogueStore catalogue, ObjectiveReader reader, TicketStore tickets, AlertStore alerts, IClock clock,
    Storage.Reports.ReportStore published, Storage.Reviews.ReviewStore? reviews = null, Improvements? improvements = null)
{
    /// <summary>
    /// The catalogue scorecard of the <paramref name="months"/> months ending with <paramref name="last"/> (default: the
    /// last closed month, in UTC): every agreement with an Active version and every service.
    /// </summary>
    public async Task<Scorecard> ScorecardAsync(int months, ReportPeriod? last, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var today = now.InUtc().Date;
        last ??= ReportPeriod.LastClosed(Core.Agreements.CalendarPeriod.Month, today);
        var oldest = last.Previous(months - 1);
        var services = (await catalogue.RecordsAsync(ResourceKind.Service, ct).ConfigureAwait(false))
            .Select(r => (r.Document.Metadata.Name, (ServiceSpec)r.Document.Spec)).ToList();
        var agreements = new List<(string, AgreementSpec, IReadOnlyList<ReportObjective>)>();
        var judges = new Dictionary<string, IReadOnlyList<PeriodJudge>>(StringComparer.Ordinal);
        foreach (var (record, version) in await catalogue.ActiveAgreementsAsync(ct).ConfigureAwait(false))
        {
            var name = record.Document.Metadata.Name;
            var planned = await reader.ReadAsync(version.Spec, now, plan => oldest.In(plan.Clock.Zone).Start, ct).ConfigureAwait(false);
            agreements.Add((name, version.Spec, [.. planned.Select(p => new ReportObjective(p.Objective, p.Plan, p.Series))]));
            judges[name] = await JudgesAsync(name, version.Info.Number, last.Trailing(months), oldest, now, ct).ConfigureAwait(false);
        }
        return Scorecard.Build(last, months, now, today, services, agreements, judges, reviews is null ? null : await reviews.NextSetAsync(ct).ConfigureAwait(false));
    }

    /// <summary>Every agreement of <paramref name="customer"/> with a version in force, reported for <paramref name="period"/>.</summary>
    public async Task<(CustomerReport? Report, ReportError? Error)> CustomerAsync(string customer, ReportPeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (NotBegun(period) is { } future)
        {
            return (null, future);
        }
        if (await catalogue.GetAsync(ResourceKind.Customer, customer, ct).ConfigureAwait(false) is not { } record)
        {
            return (null, new ReportError(404, "No such customer.", $"There is no customer named '{customer}'."));
        }
        // An agreement is the customer's by the terms of its latest version, as listings filter it.
        var names = (await catalogue.RecordsAsync(ResourceKind.Agreement, ct).ConfigureAwait(false))
            .Where(r => ((AgreementSpec)r.Document.Spec).Customer == customer).Select(r => r.Document.Metadata.Name).ToList();
        var (reports, leftOut) = (new List<AgreementReport>(), new List<string>());
        foreach (var name in names)
        {
            var (report, _) = await AgreementAsync(name, period, null, ct).ConfigureAwait(false);
            if (report is null)
            {
                leftOut.Add(name);
            }
            else
            {
                reports.Add(report);
            }
        }
        return (CustomerReport.Build(customer, record.Document.Metadata.DisplayName, period, clock.GetCurrentInstant(), reports, leftOut), null);
    }

    /// <summary>
    /// Publishes the report of <paramref name="agreement"/> for a closed <paramref name="period"/>: keeps a snapshot of
    /// its numbers with the hash of the data behind them. Publishing the same data again gives the same publication.
    /// </summary>
    public async Task<(Storage.Reports.PublishedReport? Publication, bool Created, ReportError? Error)> PublishAsync(
        string agreement, ReportPeriod period, int? version, string by, CancellationToken ct)
    {
        var (report, error) = await AgreementAsync(agreement, period, version, ct).ConfigureAwait(false);
        return report is null ? (null, false, error) : await PublishAsync(report, by, ct).ConfigureAwait(false);
    }

    /// <summary>Publishes a report already made (see the overload that makes it).</summary>
    public async Task<(Storage.Reports.PublishedReport? Publication, bool Created, ReportError? Error)> PublishAsync(AgreementReport report, string by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!report.Closed)
        {
            return (null, false, new ReportError(409, "The period is not over.",
                $"{report.Period.Key} is still open: only a closed period's report is published (its numbers are then fixed). Its report so far is at GET /api/v1/reports/agreements/{report.Agreement}?period={report.Period.Key}."));
        }
        var (publication, created) = await published.PublishAsync(report.Agreement, report.Version, report.Period.Key, report.DataHash, ReportSnapshot.Write(report), by,
            clock.GetCurrentInstant(), ct).ConfigureAwait(false);
        return (publication, created, null);
    }

    /// <summary>
    /// A published report as it was published, with a notice of every change in the data behind it since (found by
    /// building it again now); null when there is no such publication.
    /// </summary>
    public async Task<(AgreementReport Report, Storage.Reports.PublishedReport Publication, string CurrentHash)?> PublishedAsync(long id, CancellationToken ct)
    {
        if (await published.GetAsync(id, ct).ConfigureAwait(false) is not { } publication)
        {
            return null;
        }
        var report = ReportSnapshot.Read(publication.Snapshot);
        var (current, _) = await AgreementAsync(report.Agreement, report.Period, report.Version, ct).ConfigureAwait(false);
        var changes = current is null ? ["The agreement or its version is no longer stored; the report is shown as published."] : AgreementReports.Changes(report, current);
        var notices = changes.Count == 0 ? [] : changes.Prepend($"Data changed after this report was published on {publication.PublishedAt}; it is shown as published, not merged:").ToList();
        return (report with { Notices = notices }, publication, current?.DataHash ?? string.Empty);
    }

    /// <summary>
    /// The report of <paramref name="agreement"/> for <paramref name="period"/>: of version <paramref name="version"/>,
    /// or, when null, the version in force on the period's last day.
    /// </summary>
    public async Task<(AgreementReport? Report, ReportError? Error)> AgreementAsync(string agreement, ReportPeriod period, int? version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (NotBegun(period) is { } future)
        {
            return (null, future);
        }
        if (await catalogue.GetAsync(ResourceKind.Agreement, agreement, ct).ConfigureAwait(false) is not { } record)
        {
            return (null, new ReportError(404, "No such agreement.", $"There is no agreement named '{agreement}'."));
        }
        var number = version ?? await InForceAsync(agreement, period.Last, ct).ConfigureAwait(false);
        if (number is null)
        {
            return (null, new ReportError(409, "The agreement has no version in force.",
                $"'{agreement}' has versions {string.Join(", ", record.Versions.Select(v => $"{v.Number} ({v.Status})"))}, none in force on {period.Last:yyyy'-'MM'-'dd}; name one: ?version=N in the API, --version N on the command line."));
        }
        if (await catalogue.GetVersionAsync(agreement, number.Value, ct).ConfigureAwait(false) is not { } stored)
        {
            return (null, new ReportError(404, "No such version.", $"'{agreement}' has no version {number}."));
        }
        return (await BuildAsync(agreement, stored.Info.Number, stored.Spec, record.Document.Metadata.DisplayName, period, ct).ConfigureAwait(false), null);
    }

    /// <summary>
    /// A period that has not begun has nothing to report: refused (400) rather than a report of nothing. The current period
    /// is reported as far as it went. A day's grace covers the zones ahead of UTC, where a month may already have begun.
    /// </summary>
    /// <summary>Why a report of <paramref name="period"/> is refused when it has not begun yet (a day's grace for time zones); null when it has.</summary>
    private ReportError? NotBegun(ReportPeriod period) =>
        NotBegunWhy(period) is { } why ? new ReportError(400, "The period has not begun.", $"period: {why}; a report covers a period that has begun (the current one as far as it went).") : null;

    private string? NotBegunWhy(ReportPeriod period)
    {
        var today = clock.GetCurrentInstant().InUtc().Date;
        return period.First > today.PlusDays(1) ? $"{period.Key} begins on {period.First:yyyy'-'MM'-'dd}, after today ({today:yyyy'-'MM'-'dd})" : null;
    }

    /// <summary>
    /// A scorecard's terms as typed (the API's query and the page's form alike): <paramref name="months"/> from 1 to 36
    /// (default 12), <paramref name="last"/> a month that has begun (default the last closed one); each problem by field.
    /// </summary>
    public (int Months, ReportPeriod? Last, IReadOnlyList<(string Field, string Message)> Problems) ScorecardTerms(string? months, string? last)
    {
        var problems = new List<(string, string)>();
        var count = 12;
        if (!string.IsNullOrWhiteSpace(months)
            && (!int.TryParse(months.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count is < 1 or > 36))
        {
            count = 12;
            problems.Add(("months", $"'{months}' is not a number of months from 1 to 36."));
        }
        ReportPeriod? period = null;
        if (!string.IsNullOrWhiteSpace(last))
        {
            period = ReportPeriod.Parse(last.Trim(), out var error);
            var why = period is not { Length: Core.Agreements.CalendarPeriod.Month }
                ? period is null ? error! : $"'{last}' is not a month: expected for example 2025-03."
                : NotBegunWhy(period) is { } future ? $"{future}: a scorecard covers months that have begun." : null;
            if (why is not null)
            {
                period = null;
                problems.Add(("last", why));
            }
        }
        return (count, period, problems);
    }

    /// <summary>
    /// The check an activation with an asked-for first day gets before it is stored (the API and the UI alike): the plan
    /// (<see cref="Activation.Plan"/>) or the field and problem that refuse it, and, for a retroactive day, the closed
    /// periods it re-judges (<see cref="RejudgeAsync"/>), which the caller confirms before it takes effect. Null when the
    /// agreement or version does not exist.
    /// </summary>
    public async Task<ActivationCheck?> CheckActivationAsync(string agreement, int number, ActivationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await catalogue.GetAsync(ResourceKind.Agreement, agreement, ct).ConfigureAwait(false) is not { } record
            || await catalogue.GetVersionAsync(agreement, number, ct).ConfigureAwait(false) is not { } version)
        {
            return null;
        }
        var amends = record.Versions.Any(v => v.Number != number && v.Status is VersionStatus.Active or VersionStatus.Superseded or VersionStatus.Expired);
        var (plan, field, problem) = Activation.Plan(clock.GetCurrentInstant().InUtc().Date, version.Spec.Effective, amends, request);
        var rejudged = plan is { Retroactive: true, From: { } from } ? await RejudgeAsync(agreement, number, from, ct).ConfigureAwait(false) : [];
        return new ActivationCheck(plan, field, problem, rejudged);
    }

    /// <summary>
    /// What putting version <paramref name="number"/> in force from <paramref name="from"/> would change: for each
    /// closed month from the one holding that day to the last closed one (at most <see cref="Activation.MaxRetroactiveMonths"/> and one), the
    /// objectives whose target, status or credit would differ from their judgement now (<see cref="Rejudgement"/>).
    /// </summary>
    public async Task<IReadOnlyList<JudgementChange>> RejudgeAsync(string agreement, int number, LocalDate from, CancellationToken ct)
    {
        var last = ReportPeriod.LastClosed(Core.Agreements.CalendarPeriod.Month, clock.GetCurrentInstant().InUtc().Date);
        var changes = new List<JudgementChange>();
        for (var month = ReportPeriod.Of(Core.Agreements.CalendarPeriod.Month, new LocalDate(from.Year, from.Month, 1)); month.Last <= last.Last; month = ReportPeriod.Of(Core.Agreements.CalendarPeriod.Month, month.First.PlusMonths(1)))
        {
            var judge = await InForceAsync(agreement, month.Last, ct).ConfigureAwait(false);
            if (judge == number)
            {
                continue;
            }
            var before = judge is { } v ? (await AgreementAsync(agreement, month, v, ct).ConfigureAwait(false)).Report : null;
            if ((await AgreementAsync(agreement, month, number, ct).ConfigureAwait(false)).Report is { } after)
            {
                changes.AddRange(Rejudgement.Compare(before, after));
            }
        }
        return changes;
    }

    /// <summary>
    /// After a retroactive activation was confirmed: the breach records of the months it re-judged follow the new
    /// judgement (<see cref="AlertStore.RejudgeBreachesAsync"/>). Only objectives judged by calendar month have a breach
    /// record per report month; the others are left as they are. <paramref name="changes"/> are the re-judged periods the
    /// caller was shown and confirmed.
    /// </summary>
    public async Task<(int Recorded, int Withdrawn, int Updated)> RejudgeBreachesAsync(string agreement, int number, LocalDate from, string? reason, IReadOnlyList<JudgementChange> changes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var relevant = changes.Where(c => (c.StatusBefore == Core.Evaluation.ObjectiveStatus.Breached) != (c.StatusAfter == Core.Evaluation.ObjectiveStatus.Breached)
            || (c.StatusAfter == Core.Evaluation.ObjectiveStatus.Breached && c.TargetAfter != c.TargetBefore)).ToList();
        if (relevant.Count == 0)
        {
            return (0, 0, 0);
        }
        var now = clock.GetCurrentInstant();
        // Each objective's zone, from the version that judges it now, else from the one that judged it before.
        var zones = new Dictionary<string, (DateTimeZone Zone, bool Monthly)>(StringComparer.Ordinal);
        foreach (var before in relevant.Select(c => c.VersionBefore).OfType<int>().Distinct().Append(number))
        {
            if (await catalogue.GetVersionAsync(agreement, before, ct).ConfigureAwait(false) is { } stored)
            {
                foreach (var planned in await reader.ReadAsync(stored.Spec, now, _ => now, ct).ConfigureAwait(false))
                {
                    zones[planned.Objective.Name] = (planned.Plan.Clock.Zone, planned.Objective.Window.Calendar == Core.Agreements.CalendarPeriod.Month);
                }
            }
        }
        var why = $"Re-judged by version {number}, in force from {NodaTime.Text.LocalDatePattern.Iso.Format(from)}{(reason is null ? "" : $": {reason}")}";
        var rejudged = new List<BreachRejudgement>();
        foreach (var c in relevant)
        {
            if (!zones.TryGetValue(c.Objective, out var z) || !z.Monthly || ReportPeriod.Parse(c.Period, out _) is not { } month)
            {
                continue;
            }
            var window = month.In(z.Zone);
            var breached = c.StatusAfter == Core.Evaluation.ObjectiveStatus.Breached;
            rejudged.Add(new BreachRejudgement(c.Objective, window.Start, window.End, breached, c.Attainment ?? 0m, c.TargetAfter ?? 0m,
                $"{why} ({(c.StatusAfter is { } s ? $"{s} against {c.TargetAfter} %" : "no longer an objective")})."));
        }
        return rejudged.Count == 0 ? (0, 0, 0) : await alerts.RejudgeBreachesAsync(agreement, rejudged, now, ct).ConfigureAwait(false);
    }

    /// <summary>The number of the version in force on <paramref name="day"/> (<see cref="VersionsInForce.On"/>).</summary>
    private async Task<int?> InForceAsync(string agreement, LocalDate day, CancellationToken ct) =>
        VersionsInForce.On(await catalogue.VersionTermsAsync(agreement, ct).ConfigureAwait(false), day);

    /// <summary>
    /// The other versions that judged some of <paramref name="periods"/> (each by the version in force on its last day),
    /// with their objectives planned over the data from <paramref name="oldest"/>. Periods no version was in force for
    /// stay with <paramref name="version"/>.
    /// </summary>
    private async Task<IReadOnlyList<PeriodJudge>> JudgesAsync(string name, int version, IEnumerable<ReportPeriod> periods, ReportPeriod oldest, Instant now, CancellationToken ct)
    {
        var terms = await catalogue.VersionTermsAsync(name, ct).ConfigureAwait(false);
        var judges = new List<PeriodJudge>();
        foreach (var group in periods.GroupBy(p => VersionsInForce.On(terms, p.Last)).Where(g => g.Key is { } v && v != version))
        {
            if (await catalogue.GetVersionAsync(name, group.Key!.Value, ct).ConfigureAwait(false) is not { } stored)
            {
                continue;
            }
            var planned = await reader.ReadAsync(stored.Spec, now, plan => oldest.In(plan.Clock.Zone).Start, ct).ConfigureAwait(false);
            judges.Add(new PeriodJudge(stored.Info.Number, stored.Spec, [.. planned.Select(p => new ReportObjective(p.Objective, p.Plan, p.Series))],
                group.Select(p => p.Key).ToHashSet(StringComparer.Ordinal)));
        }
        return judges;
    }

    private async Task<AgreementReport> BuildAsync(string name, int version, AgreementSpec spec, string? displayName, ReportPeriod period, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var oldest = period.Previous(AgreementReports.TrendPeriods - 1);
        var judges = await JudgesAsync(name, version, period.Trailing(AgreementReports.TrendPeriods).SkipLast(1)
            .Concat(period.Months().Where(m => m.Length == CalendarPeriod.Month && m.Key != period.Key)).DistinctBy(p => p.Key), oldest, now, ct).ConfigureAwait(false);
        var objectives = await PlanAsync(spec, oldest, now, ct).ConfigureAwait(false);
        var breaches = (await alerts.BreachesAsync(name, ct: ct).ConfigureAwait(false))
            .Select(b => new BreachNote(b.Objective, b.PeriodStart, b.PeriodEnd, b.Attainment, b.Target, b.RootCause, b.Actions, b.Statement)).ToList();
        var report = AgreementReports.Build(name, version, spec, displayName, period, now, objectives, breaches,
            await ExclusionsAsync(spec, period, ct).ConfigureAwait(false), judges);
        return improvements is null ? report : report with { Improvements = await ImprovementNotesAsync(name, spec, now, ct).ConfigureAwait(false) };
    }

    /// <summary>The plans on <paramref name="spec"/>'s objectives (not retired, not merely proposed), each with its effect measured now.</summary>
    private async Task<IReadOnlyList<ImprovementNote>> ImprovementNotesAsync(string name, AgreementSpec spec, Instant now, CancellationToken ct)
    {
        var today = now.InUtc().Date;
        var notes = new List<ImprovementNote>();
        foreach (var p in await improvements!.PlansAsync(name, ct).ConfigureAwait(false))
        {
            if (p.Plan.State == Core.Improvement.PlanStatus.Proposed || spec.Objectives.All(o => o.Name != p.Plan.Objective))
            {
                continue;
            }
            var goal = p.Effect?.Goal ?? Core.Improvement.GoalState.NotYetMeasurable;
            notes.Add(new ImprovementNote(p.Name, p.DisplayName, p.Plan.Objective!, p.Plan.Goal?.Describe() ?? "none", p.Plan.State.ToString(),
                p.OpenActions.Count(), p.OpenActions.Count(a => a.Due < today),
                p.Effect is { } e ? OpenSlm.Reports.ReportText.Effect(e) : p.Unmeasured ?? string.Empty, goal.ToString(), p.Effect?.Why ?? p.Unmeasured ?? string.Empty));
        }
        return notes;
    }

    /// <summary>The objectives of <paramref name="spec"/> planned with their data from <paramref name="oldest"/> up to <paramref name="now"/>, ticket outcomes included.</summary>
    private async Task<List<ReportObjective>> PlanAsync(AgreementSpec spec, ReportPeriod oldest, Instant now, CancellationToken ct)
    {
        var planned = await reader.ReadAsync(spec, now, plan => oldest.In(plan.Clock.Zone).Start, ct).ConfigureAwait(false);
        var objectives = new List<ReportObjective>(planned.Count);
        foreach (var (objective, plan, series, indicator) in planned)
        {
            var clocks = indicator?.Clocks is { } tracking ? await tickets.OutcomesByPriorityAsync(tracking.Policy, ct).ConfigureAwait(false) : null;
            var covered = indicator?.Clocks is { Priorities.Count: > 0 } t ? clocks?.Where(c => t.Priorities.Contains(c.Priority)).ToList() : clocks;
            objectives.Add(new ReportObjective(objective, plan, series, indicator?.Clocks?.Policy, covered));
        }
        return objectives;
    }

    /// <summary>
    /// A what-if (<see cref="WhatIf"/>): <paramref name="spec"/> replayed over the <paramref name="months"/> calendar months
    /// (UTC) up to the last closed one, on the data stored now.
    /// </summary>
    public async Task<WhatIfResult> WhatIfAsync(AgreementSpec spec, int months, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var now = clock.GetCurrentInstant();
        var last = ReportPeriod.LastClosed(Core.Agreements.CalendarPeriod.Month, now.InUtc().Date);
        var objectives = await PlanAsync(spec, last.Previous(months - 1), now, ct).ConfigureAwait(false);
        return WhatIf.Replay(spec, objectives, last, months, now);
    }

    /// <summary>The exclusions of the objectives' calendars that overlap the period and apply to the agreement's services.</summary>
    private async Task<List<ExclusionNote>> ExclusionsAsync(AgreementSpec spec, ReportPeriod period, CancellationToken ct)
    {
        var notes = new List<ExclusionNote>();
        foreach (var name in spec.Objectives.Select(o => o.Calendar).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if ((await catalogue.GetAsync(ResourceKind.Calendar, name, ct).ConfigureAwait(false))?.Document.Spec is not CalendarSpec calendar)
            {
                continue;
            }
            var window = period.In(DateTimeZoneProviders.Tzdb.GetZoneOrNull(calendar.TimeZone) ?? DateTimeZone.Utc);
            notes.AddRange(calendar.Exclusions
                .Where(e => e.Start < window.End && e.End > window.Start && e.AppliesTo(spec.Services))
                .Select(e => new ExclusionNote(name, e.Name, e.Start, e.End, e.Kind, e.Reason)));
        }
        return [.. notes.OrderBy(n => n.Start)];
    }
}
