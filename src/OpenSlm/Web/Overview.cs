using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Alerting;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Improvement;
using OpenSlm.Core.Indicators;
using OpenSlm.Core.Reporting;
using OpenSlm.Core.Tickets;
using OpenSlm.Evaluation;
using OpenSlm.Storage.Alerts;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Tickets;

namespace OpenSlm.Web;

/// <summary>One objective of an agreement's Active version, judged now.</summary>
/// <param name="Agreement">The agreement's name.</param>
/// <param name="Title">Its display name, or its name.</param>
/// <param name="Services">The services it covers.</param>
/// <param name="Objective">The objective's terms.</param>
/// <param name="Evaluation">Its evaluation now.</param>
public sealed record ObjectiveNow(string Agreement, string Title, IReadOnlyList<string> Services, ObjectiveSpec Objective, ObjectiveEvaluation Evaluation)
{
    /// <summary>How soon it breaks and how bad it is, judged when it was evaluated.</summary>
    public Urgency Urgency => Urgency.Of(Evaluation, Evaluation.At);

    /// <summary>How bad it is, for sorting: breached first, then at risk, then no data, then met.</summary>
    public int Severity => Urgency.Severity;
}

/// <summary>A service with how its objectives stand now.</summary>
public sealed record ServiceHealth(string Name, string Title, ServiceSpec Spec, IReadOnlyList<ObjectiveNow> Objectives)
{
    /// <summary>The worst status of its objectives; null when no Active agreement covers it.</summary>
    public ObjectiveStatus? Status => Objectives.Count == 0 ? null : Objectives.MinBy(o => o.Severity)!.Evaluation.Status;
}

/// <summary>What a service page shows: the service with how it stands, what uses it, and its objectives in detail.</summary>
public sealed record ServiceView(ServiceHealth Service, IReadOnlyList<string> UsedBy, IReadOnlyList<ObjectiveDetail> Details, IReadOnlyList<StoredRecord> Indicators);

/// <summary>What the home page shows: what needs attention first, then the catalogue at a glance.</summary>
public sealed record HomeView(
    Instant Now,
    IReadOnlyList<ObjectiveNow> Attention,
    IReadOnlyList<AlertRecord> OpenAlerts,
    int OpenAlertCount,
    IReadOnlyList<TicketClock> NearDeadline,
    int OpenClockCount,
    IReadOnlyList<ReviewDue> Reviews,
    IReadOnlyList<BreachRecord> Undiagnosed,
    IReadOnlyList<ServiceHealth> Services,
    IReadOnlyList<ScorecardRow> Deteriorating);

/// <summary>An objective on the agreement page: its evaluation now and its budget's burn-down over the window.</summary>
/// <param name="Now">The objective judged now.</param>
/// <param name="BurnDown">The share of the budget left (0–1) at points through the window, oldest first.</param>
/// <param name="Window">The whole window the budget is spread over.</param>
/// <param name="Calendar">Whether the window is a calendar period (so the budget has an end to pace to).</param>
/// <param name="Series">Its SLI and burn rates over the range asked for; null when none was.</param>
/// <param name="Marks">The alerts that opened and the periods that closed breached within that range, oldest first.</param>
public sealed record ObjectiveDetail(ObjectiveNow Now, IReadOnlyList<(Instant At, decimal Left)> BurnDown, Window Window, bool Calendar,
    ObjectiveSeries? Series = null, IReadOnlyList<OpenSlm.Reports.ChartMark>? Marks = null);

/// <summary>What the agreement page shows.</summary>
/// <param name="Record">The agreement with its versions.</param>
/// <param name="Shown">The version shown: the Active one, or else the latest.</param>
/// <param name="Objectives">The shown version's objectives, judged now.</param>
/// <param name="Breaches">The agreement's recorded breaches, newest first.</param>
/// <param name="Now">When it was read.</param>
public sealed record AgreementView(StoredRecord Record, StoredVersion Shown, IReadOnlyList<ObjectiveDetail> Objectives, IReadOnlyList<BreachRecord> Breaches, Instant Now)
{
    /// <summary>The agreement's name.</summary>
    public string Name => Record.Document.Metadata.Name;

    /// <summary>Its display name, or its name.</summary>
    public string Title => Record.Document.Metadata.DisplayName ?? Name;
}

/// <summary>One agreement in a customer's or supplier's portal: its Active version's objectives judged now, its versions,
/// breaches (the page shows their statements only), and the review coming up.</summary>
public sealed record PortalAgreement(StoredRecord Record, StoredVersion Active, IReadOnlyList<ObjectiveNow> Objectives, IReadOnlyList<BreachRecord> Breaches, ReviewDue? Review,
    LocalDate? NextReview = null, OpenSlm.Storage.Reviews.ReviewRecord? LastReview = null)
{
    /// <summary>The agreement's name.</summary>
    public string Name => Record.Document.Metadata.Name;

    /// <summary>Its display name, or its name.</summary>
    public string Title => Record.Document.Metadata.DisplayName ?? Name;
}

/// <summary>
/// Reads what the web pages show from the same stores and engine the API uses: every Active agreement's objectives judged
/// now, open alerts and clocks, reviews due, breaches waiting for a diagnosis.
/// </summary>
public sealed class Overview(CatalogueStore catalogue, ObjectiveReader reader, AlertStore alerts, TicketStore tickets, IClock clock, OpenSlm.Storage.Reviews.ReviewStore reviewed,
    OpenSlm.Reporting.ReportService reports)
{
    /// <summary>How long the home page's list of deteriorating objectives is kept before it is judged again: it is drawn
    /// through closed months, which change only with late data, and judging them costs a scorecard.</summary>
    public static readonly Duration TrendsKept = Duration.FromMinutes(5);

    private sealed record Trends(string Month, Instant At, IReadOnlyList<ScorecardRow> Rows);

    private volatile Trends? _trends;

    /// <summary>How many tickets the home page lists by time left.</summary>
    public const int NearDeadlineShown = 8;

    /// <summary>How many open alerts the home page lists (newest first; the count says how many there are).</summary>
    public const int AlertsShown = 8;

    /// <summary>The instant pages are drawn at.</summary>
    public Instant Now => clock.GetCurrentInstant();

    /// <summary>Every objective of every agreement's Active version, judged now, in agreement order.</summary>
    public async Task<IReadOnlyList<ObjectiveNow>> ObjectivesAsync(CancellationToken ct)
    {
        var now = Now;
        var active = await catalogue.ActiveAgreementsAsync(ct).ConfigureAwait(false);
        var planned = await reader.ReadAllAsync([.. active.Select(a => a.Active.Spec)], now, plan => plan.Since(now), ct).ConfigureAwait(false);
        var result = new List<ObjectiveNow>();
        for (var i = 0; i < active.Count; i++)
        {
            var (record, version) = active[i];
            var title = record.Document.Metadata.DisplayName ?? record.Document.Metadata.Name;
            result.AddRange(planned[i].Select(p => new ObjectiveNow(record.Document.Metadata.Name, title, version.Spec.Services, p.Objective, p.Plan.Evaluate(p.Series, now))));
        }
        return result;
    }

    /// <summary>The home page's content.</summary>
    public async Task<HomeView> HomeAsync(CancellationToken ct)
    {
        var now = Now;
        var objectives = await ObjectivesAsync(ct).ConfigureAwait(false);
        var attention = objectives.Where(o => o.Urgency.NeedsAttention)
            .OrderBy(o => o.Urgency).ThenBy(o => o.Agreement, StringComparer.Ordinal).ThenBy(o => o.Objective.Name, StringComparer.Ordinal).ToList();
        var (open, openCount) = await alerts.ListAsync(AlertState.Open, null, 1, AlertsShown, ct).ConfigureAwait(false);
        var (near, clockCount) = await tickets.OpenAsync(null, null, null, now, NearDeadlineShown, ct).ConfigureAwait(false);
        var today = now.InUtc().Date;
        var agreements = await catalogue.RecordsAsync(ResourceKind.Agreement, ct).ConfigureAwait(false);
        var set = await reviewed.NextSetAsync(ct).ConfigureAwait(false);
        var reviews = agreements.Where(a => a.ActiveVersion is not null)
            .Select(a => ReviewDue.Of(a.Document.Metadata.Name, (AgreementSpec)a.Document.Spec, today, set.TryGetValue(a.Document.Metadata.Name, out var d) ? d : null))
            .OfType<ReviewDue>().OrderBy(r => r.NextReview).ToList();
        var undiagnosed = (await alerts.BreachesAsync(null, ct: ct).ConfigureAwait(false)).Where(b => string.IsNullOrWhiteSpace(b.RootCause))
            .OrderByDescending(b => b.PeriodEnd).ToList();
        return new HomeView(now, attention, open, openCount, near, clockCount, reviews, undiagnosed, await ServicesAsync(objectives, ct).ConfigureAwait(false),
            await DeterioratingAsync(now, ct).ConfigureAwait(false));
    }

    /// <summary>
    /// The objectives of the agreements in force still met in the last closed month but deteriorating over the last
    /// <see cref="AttainmentTrend.LookBack"/> months (as the scorecard judges them), kept for <see cref="TrendsKept"/>.
    /// </summary>
    public async Task<IReadOnlyList<ScorecardRow>> DeterioratingAsync(Instant now, CancellationToken ct)
    {
        var month = ReportPeriod.LastClosed(CalendarPeriod.Month, now.InUtc().Date);
        if (_trends is { } kept && kept.Month == month.Key && now - kept.At < TrendsKept && now >= kept.At)
        {
            return kept.Rows;
        }
        var card = await reports.ScorecardAsync(AttainmentTrend.LookBack, month, ct).ConfigureAwait(false);
        _trends = new Trends(month.Key, now, card.Deteriorating);
        return card.Deteriorating;
    }

    /// <summary>The portal of a customer or supplier: the Active agreements <paramref name="caller"/> is party to (all, for an internal reader).</summary>
    public async Task<IReadOnlyList<PortalAgreement>> PortalAsync(OpenSlm.Core.Access.Principal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = Now;
        var today = now.InUtc().Date;
        var mine = (await catalogue.ActiveAgreementsAsync(ct).ConfigureAwait(false)).Where(a => caller.CanRead(a.Active.Spec)).ToList();
        var planned = await reader.ReadAllAsync([.. mine.Select(a => a.Active.Spec)], now, plan => plan.Since(now), ct).ConfigureAwait(false);
        var result = new List<PortalAgreement>();
        for (var i = 0; i < mine.Count; i++)
        {
            var (record, active) = mine[i];
            var name = record.Document.Metadata.Name;
            var title = record.Document.Metadata.DisplayName ?? name;
            var objectives = planned[i].Select(p => new ObjectiveNow(name, title, active.Spec.Services, p.Objective, p.Plan.Evaluate(p.Series, now))).ToList();
            var breaches = (await alerts.BreachesAsync(name, ct: ct).ConfigureAwait(false)).OrderByDescending(b => b.PeriodEnd).ToList();
            var latest = (await reviewed.ListAsync(name, ct).ConfigureAwait(false)) is { Count: > 0 } held ? held[0] : null;
            result.Add(new PortalAgreement(record, active, objectives, breaches, ReviewDue.Of(name, active.Spec, today, latest?.Terms.NextReview),
                Reviews.NextDue(active.Spec.Review, latest?.Terms.NextReview), latest));
        }
        return result;
    }

    /// <summary>How many points a burn-down chart has at most.</summary>
    public const int BurnDownPoints = 60;

    /// <summary>How many alerts an agreement's charts mark at most (the latest).</summary>
    public const int MarksShown = 200;

    /// <summary>The agreement page's content; null when there is no such agreement. With <paramref name="range"/>, each
    /// objective comes with its SLI and burn rates over that range and the alerts and breaches to mark on them.</summary>
    public async Task<AgreementView?> AgreementAsync(string name, CancellationToken ct, SeriesRange? range = null)
    {
        if (await catalogue.GetAsync(ResourceKind.Agreement, name, ct).ConfigureAwait(false) is not { } record)
        {
            return null;
        }
        var number = record.CurrentVersion ?? throw new InvalidOperationException($"Agreement '{name}' has no versions.");
        var shown = await catalogue.GetVersionAsync(name, number, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Agreement '{name}' lists version {number} but it is not stored.");
        var now = Now;
        var objectives = await DetailsAsync(record, shown.Spec, now, ct, range).ConfigureAwait(false);
        var breaches = (await alerts.BreachesAsync(name, ct: ct).ConfigureAwait(false)).OrderByDescending(b => b.PeriodEnd).ToList();
        if (range is not null && objectives.Count > 0)
        {
            // Every objective's series spans the same buckets (one range, one instant): one read of the alerts for all.
            var span = objectives[0].Series!.Span;
            var opened = await alerts.OpenedDuringAsync(name, span.Start, span.End, MarksShown, ct).ConfigureAwait(false);
            for (var i = 0; i < objectives.Count; i++)
            {
                var detail = objectives[i];
                var objective = detail.Now.Objective.Name;
                var marks = opened.Where(a => a.Objective == objective)
                    .Select(a => new OpenSlm.Reports.ChartMark(a.OpenedAt, a.Severity == AlertSeverity.Page ? OpenSlm.Reports.ChartMarkKind.PageAlert : OpenSlm.Reports.ChartMarkKind.TicketAlert))
                    .Concat(breaches.Where(b => b.Objective == objective && span.Contains(b.PeriodEnd)).Select(b => new OpenSlm.Reports.ChartMark(b.PeriodEnd, OpenSlm.Reports.ChartMarkKind.Breach)))
                    .OrderBy(m => m.At).ToList();
                objectives[i] = detail with { Marks = marks };
            }
        }
        return new AgreementView(record, shown, objectives, breaches, now);
    }

    /// <summary>A service page's content: every Active agreement over the service judged with its burn-down charts; null
    /// when there is no such service. Only those agreements are read and evaluated, not the whole catalogue.</summary>
    public async Task<ServiceView?> ServiceAsync(string name, CancellationToken ct)
    {
        var services = await catalogue.RecordsAsync(ResourceKind.Service, ct).ConfigureAwait(false);
        if (services.FirstOrDefault(s => s.Document.Metadata.Name == name) is not { } record)
        {
            return null;
        }
        var usedBy = services.Where(s => ((ServiceSpec)s.Document.Spec).DependsOn.Contains(name, StringComparer.Ordinal)).Select(s => s.Document.Metadata.Name).ToList();
        var now = Now;
        var details = new List<ObjectiveDetail>();
        foreach (var (agreement, active) in await catalogue.ActiveAgreementsAsync(ct).ConfigureAwait(false))
        {
            if (active.Spec.Services.Contains(name, StringComparer.Ordinal))
            {
                details.AddRange(await DetailsAsync(agreement, active.Spec, now, ct).ConfigureAwait(false));
            }
        }
        var health = new ServiceHealth(name, record.Document.Metadata.DisplayName ?? name, (ServiceSpec)record.Document.Spec,
            [.. details.Select(d => d.Now).OrderBy(o => o.Severity)]);
        var indicators = (await catalogue.RecordsAsync(ResourceKind.Indicator, ct).ConfigureAwait(false))
            .Where(i => ((IndicatorSpec)i.Document.Spec).Service == name).OrderBy(i => i.Document.Metadata.Name, StringComparer.Ordinal).ToList();
        return new ServiceView(health, usedBy, details, indicators);
    }

    /// <summary>The objectives of <paramref name="terms"/> (a version of <paramref name="agreement"/>) judged at
    /// <paramref name="now"/>, each with its budget's burn-down over the window.</summary>
    private async Task<List<ObjectiveDetail>> DetailsAsync(StoredRecord agreement, AgreementSpec terms, Instant now, CancellationToken ct, SeriesRange? range = null)
    {
        var name = agreement.Document.Metadata.Name;
        var title = agreement.Document.Metadata.DisplayName ?? name;
        // Burn-down points reach back to the window's start, each judged over its own window: read from the start of that
        // (or from where the range's first burn rate looks back to, when that is earlier).
        Instant Since(ObjectiveSpec objective, ObjectivePlan plan)
        {
            var since = plan.Since(plan.Since(now));
            var series = range is null ? since : ObjectiveSeries.Since(range, now, AlertRules.Conditions(objective, plan, now));
            return series < since ? series : since;
        }
        var planned = await reader.ReadAsync(terms, now, Since, ct).ConfigureAwait(false);
        var objectives = new List<ObjectiveDetail>(planned.Count);
        foreach (var (objective, plan, series, _) in planned)
        {
            var evaluation = plan.Evaluate(series, now);
            var start = evaluation.Window.Start;
            var step = Duration.FromTicks(Math.Max((now - start).BclCompatibleTicks / BurnDownPoints, Duration.FromMinutes(5).BclCompatibleTicks));
            var instants = new List<Instant>();
            for (var t = start + step; t < now; t += step)
            {
                instants.Add(t);
            }
            instants.Add(now);
            objectives.Add(new ObjectiveDetail(new ObjectiveNow(name, title, terms.Services, objective, evaluation), plan.BudgetLeft(series, instants),
                plan.Terms.Window.Full(now), plan.Terms.Window.Rolling is null,
                range is null ? null : plan.Series(series, now, range, AlertRules.Conditions(objective, plan, now))));
        }
        return objectives;
    }

    /// <summary>Every service in use with the objectives of the Active agreements that cover it, worst first.</summary>
    public async Task<IReadOnlyList<ServiceHealth>> ServicesAsync(IReadOnlyList<ObjectiveNow> objectives, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        var services = await catalogue.RecordsAsync(ResourceKind.Service, ct).ConfigureAwait(false);
        return [.. services
            .Select(s => new ServiceHealth(s.Document.Metadata.Name, s.Document.Metadata.DisplayName ?? s.Document.Metadata.Name, (ServiceSpec)s.Document.Spec,
                [.. objectives.Where(o => o.Services.Contains(s.Document.Metadata.Name, StringComparer.Ordinal)).OrderBy(o => o.Severity)]))
            .OrderBy(s => s.Objectives.Count == 0 ? 4 : s.Objectives.Min(o => o.Severity)).ThenBy(s => s.Spec.Tier).ThenBy(s => s.Name, StringComparer.Ordinal)];
    }
}
