using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Tickets;

namespace OpenSlm.Core.Reporting;

/// <summary>One period of an objective in a report: its key (2025-03), attainment and status, the units it rests on
/// (events, or slices with data) and the bad ones among them.</summary>
public sealed record PeriodFigures(string Period, Attainment Attainment, ObjectiveStatus Status, decimal Units, decimal BadUnits)
{
    /// <summary>The version whose terms judged this period, when it is not the report's own (the version in force then); null otherwise.</summary>
    public int? JudgedBy { get; init; }
}

/// <summary>
/// Another version that judged some of a report's periods, because it was in force on their last day: its number, its
/// terms, its objectives planned with their data, and the keys of the periods (trend periods and credit months) it judged.
/// </summary>
public sealed record PeriodJudge(int Version, AgreementSpec Spec, IReadOnlyList<ReportObjective> Objectives, IReadOnlySet<string> Periods);

/// <summary>How much of the period's error budget an objective used: the budget in units, the bad units, and the share
/// used (null when the target is 100 % or nothing was measured).</summary>
public sealed record BudgetUse(decimal Total, decimal Consumed, decimal? UsedRatio);

/// <summary>One objective in an agreement report: its terms, the period's figures, the budget it used, and the trend over
/// the periods before (oldest first, the report's period last).</summary>
public sealed record ObjectiveReport(
    string Name, string? DisplayName, string Indicator, decimal Target, decimal? Warning, BudgetingMethod Budgeting,
    PeriodFigures Figures, BudgetUse? Budget, IReadOnlyList<PeriodFigures> Trend);

/// <summary>Ticket clocks of one policy and priority whose outcome fell in the period: met (stopped within target),
/// breached, and the share met (null when none).</summary>
public sealed record TicketCompliance(string Policy, string Priority, int Met, int Breached, decimal? Compliance);

/// <summary>A recorded breach (a closed period below target) that ended in the report's period, with its diagnosis (internal) and the statement to the customer.</summary>
public sealed record BreachNote(string Objective, Instant PeriodStart, Instant PeriodEnd, decimal Attainment, decimal Target, string? RootCause, string? Actions, string? Statement = null);

/// <summary>
/// An improvement plan on one of the report's objectives, as it stood when the report was made: its goal, where it
/// stands, its open and overdue actions, its measured effect and whether the goal is reached, in words.
/// </summary>
public sealed record ImprovementNote(string Plan, string? DisplayName, string Objective, string Goal, string Status, int OpenActions, int OverdueActions,
    string Effect, string GoalState, string Why);

/// <summary>An exclusion of the objectives' calendars that overlapped the period and applied to the agreement's services.</summary>
public sealed record ExclusionNote(string Calendar, string Name, Instant Start, Instant End, ExclusionKind Kind, string? Reason);

/// <summary>
/// An agreement's service level report for a period: every objective's target, attainment, status and budget used,
/// with the trend before; ticket compliance by priority; breaches with their causes; exclusions applied; service
/// credits per month; and a short summary written from the numbers. <see cref="DataHash"/> fingerprints every number
/// the report rests on, so a report regenerated later can be told to be the same, or not.
/// </summary>
public sealed record AgreementReport(
    string Agreement, int Version, AgreementKind Kind, string? DisplayName, string? Customer, IReadOnlyList<string> Services,
    ReportPeriod Period, Instant GeneratedAt, bool Closed,
    IReadOnlyList<ObjectiveReport> Objectives, IReadOnlyList<TicketCompliance> Tickets, IReadOnlyList<BreachNote> Breaches,
    IReadOnlyList<ExclusionNote> Exclusions, IReadOnlyList<CreditAssessment> Credits, Money? CreditsOwed,
    IReadOnlyList<string> Summary, string DataHash)
{
    /// <summary>What a reader must know first about this copy of the report, for example that data changed after it
    /// was published (see <see cref="AgreementReports.Changes"/>); empty for a report made now.</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>The improvement plans on the agreement's objectives, as they stood when the report was made (none: the section is left out).</summary>
    public IReadOnlyList<ImprovementNote> Improvements { get; init; } = [];

    /// <summary>Whether this is the copy for a party to the agreement (a customer or supplier): breaches carry the statement to them, never the internal cause and actions.</summary>
    public bool PartyCopy { get; init; }

    /// <summary>The copy a customer or supplier reads: the same numbers, each breach's internal root cause and actions left out.</summary>
    public AgreementReport ForParty() => this with
    {
        PartyCopy = true,
        Breaches = [.. Breaches.Select(b => b with { RootCause = null, Actions = null })],
    };
}

/// <summary>One objective to report on: its terms planned on its calendar, its data, and for an objective over ticket
/// clocks the policy and each priority's clock outcomes (for compliance by priority).</summary>
public sealed record ReportObjective(ObjectiveSpec Objective, ObjectivePlan Plan, CountSeries Series, string? ClockPolicy = null,
    IReadOnlyList<(string Priority, ClockOutcome Outcome)>? Clocks = null);

/// <summary>Builds agreement reports. Pure: the data and "now" are parameters.</summary>
/// <remarks>
/// Each objective is judged over the report's dates in its calendar's time zone (see <see cref="ReportPeriod.In"/>), by
/// its own budgeting method and open time, exactly as the evaluation engine judges any window. A period not yet over is
/// reported up to <c>now</c> and marked open (<see cref="AgreementReport.Closed"/> false). Credits are assessed for each
/// whole calendar month of the period (a custom run of days that cuts a month has no credits for that month).
/// </remarks>
public static class AgreementReports
{
    /// <summary>How many periods the trend shows, the report's own included.</summary>
    public const int TrendPeriods = 12;

    /// <summary>
    /// Builds the report of <paramref name="agreement"/> (version <paramref name="version"/>) for <paramref name="period"/>.
    /// Earlier periods of the trend, and months of the credits, that another version was in force for are judged by that
    /// version (<paramref name="judges"/>): a closed period is always judged by the terms in force in it.
    /// </summary>
    public static AgreementReport Build(
        string agreement, int version, AgreementSpec spec, string? displayName, ReportPeriod period, Instant now,
        IReadOnlyList<ReportObjective> objectives, IReadOnlyList<BreachNote> breaches, IReadOnlyList<ExclusionNote> exclusions,
        IReadOnlyList<PeriodJudge>? judges = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(objectives);
        judges ??= [];
        var reports = new List<ObjectiveReport>(objectives.Count);
        var closed = Ended(period, objectives, now);
        foreach (var o in objectives)
        {
            var trend = period.Trailing(TrendPeriods).Select((p, i) => i == TrendPeriods - 1 ? Figures(o, p, now) : Figures(o, p, now, judges)).ToList();
            var figures = trend[^1];
            var allowed = 1m - o.Plan.Terms.Target;
            BudgetUse? budget = figures.Attainment is Attainment.Measured
                ? new BudgetUse(allowed * figures.Units, figures.BadUnits, allowed > 0 && figures.Units > 0 ? figures.BadUnits / (allowed * figures.Units) : null)
                : null;
            reports.Add(new ObjectiveReport(o.Objective.Name, o.Objective.DisplayName, o.Objective.Indicator, o.Objective.Target, o.Objective.Warning,
                o.Objective.Budgeting, figures, budget, trend));
        }

        var tickets = new List<TicketCompliance>();
        foreach (var o in objectives.Where(o => o.ClockPolicy is not null && o.Clocks is not null).DistinctBy(o => o.ClockPolicy))
        {
            var window = Until(period.In(o.Plan.Clock.Zone), now);
            foreach (var priority in o.Clocks!.GroupBy(c => c.Priority, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var counts = window is { } w ? ClockOutcomes.Series(priority.Select(c => c.Outcome)).Sum(w) : new EventCounts(0, 0);
                var (met, breached) = ((int)counts.Good, (int)(counts.Total - counts.Good));
                tickets.Add(new TicketCompliance(o.ClockPolicy!, priority.Key, met, breached, met + breached == 0 ? null : (decimal)met / (met + breached)));
            }
        }

        var credits = new List<CreditAssessment>();
        if (ServiceCredits.HasCredits(spec))
        {
            foreach (var month in period.Months().Where(m => m.Length == CalendarPeriod.Month && Ended(m, objectives, now)))
            {
                // A month another version was in force for is credited by its terms: its tiers, charge and objectives.
                var (terms, judged) = judges.FirstOrDefault(j => j.Periods.Contains(month.Key)) is { } judge ? (judge.Spec, judge.Objectives) : (spec, objectives);
                if (ServiceCredits.HasCredits(terms))
                {
                    credits.Add(ServiceCredits.Assess(terms.Credits, terms.Charge, month,
                        [.. judged.Select(o => (o.Objective.Name, Figures(o, month, now).Attainment, o.Objective.Target, o.Objective.Credits))]));
                }
            }
        }
        var owed = spec.Charge is { } charge && credits.Count > 0 ? charge with { Amount = credits.Sum(c => c.Amount!.Amount) } : null;
        var inPeriod = breaches.Where(b => Within(b, period, objectives)).ToList();

        var report = new AgreementReport(agreement, version, spec.Kind, displayName, spec.Customer, spec.Services, period, now, closed,
            reports, tickets, inPeriod, exclusions, credits, owed, [], string.Empty);
        return report with { Summary = Summarise(report), DataHash = Hash(report) };
    }

    /// <summary>
    /// How <paramref name="current"/> (the same agreement, version and period built again now) differs from
    /// <paramref name="published"/>, in words: each objective period whose figures moved, ticket counts, credits owed and
    /// breach diagnoses. Empty when the data behind the report is unchanged (the hashes agree).
    /// </summary>
    public static IReadOnlyList<string> Changes(AgreementReport published, AgreementReport current)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(current);
        var changes = new List<string>();
        if (published.DataHash == current.DataHash)
        {
            return changes;
        }
        foreach (var before in published.Objectives)
        {
            if (current.Objectives.FirstOrDefault(o => o.Name == before.Name) is not { } now)
            {
                changes.Add($"{before.Name} is no longer an objective of version {published.Version}.");
                continue;
            }
            foreach (var (was, @is) in before.Trend.Zip(now.Trend).Where(p => p.First.Units != p.Second.Units || p.First.BadUnits != p.Second.BadUnits))
            {
                changes.Add($"{before.Name} {was.Period}: published {Percent(was)} ({Text(was.BadUnits)} bad of {Text(was.Units)}), now {Percent(@is)} ({Text(@is.BadUnits)} bad of {Text(@is.Units)}).");
            }
        }
        if (!published.Tickets.SequenceEqual(current.Tickets))
        {
            changes.Add($"Ticket compliance changed: published {string.Join(", ", published.Tickets.Select(TicketText))}; now {string.Join(", ", current.Tickets.Select(TicketText))}.");
        }
        if (published.CreditsOwed?.Amount != current.CreditsOwed?.Amount)
        {
            changes.Add($"Credits owed: published {published.CreditsOwed?.Amount.ToString(CultureInfo.InvariantCulture) ?? "none"}, now {current.CreditsOwed?.Amount.ToString(CultureInfo.InvariantCulture) ?? "none"}.");
        }
        if (!published.Breaches.SequenceEqual(current.Breaches))
        {
            changes.Add("Breach records or their diagnoses changed since publication.");
        }
        if (!published.Exclusions.SequenceEqual(current.Exclusions))
        {
            changes.Add("The calendar exclusions applied changed since publication.");
        }
        if (changes.Count == 0)
        {
            changes.Add("The data behind the report changed since publication.");
        }
        return changes;
    }

    private static string TicketText(TicketCompliance t) => $"{t.Priority}: {t.Met} met, {t.Breached} breached";

    /// <summary>
    /// An objective's figures over one period, judged by the version in force in it: by <paramref name="o"/> itself unless
    /// one of <paramref name="judges"/> judged the period, then by that version's objective of the same name (no data
    /// when it had none), marked with the version (<see cref="PeriodFigures.JudgedBy"/>).
    /// </summary>
    public static PeriodFigures Figures(ReportObjective o, ReportPeriod period, Instant now, IReadOnlyList<PeriodJudge> judges)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(judges);
        if (judges.FirstOrDefault(j => j.Periods.Contains(period.Key)) is not { } judge)
        {
            return Figures(o, period, now);
        }
        return judge.Objectives.FirstOrDefault(x => x.Objective.Name == o.Objective.Name) is { } then
            ? Figures(then, period, now) with { JudgedBy = judge.Version }
            : new PeriodFigures(period.Key, Attainment.None, ObjectiveStatus.NoData, 0, 0) { JudgedBy = judge.Version };
    }

    /// <summary>An objective's figures over one period (up to <paramref name="now"/>; nothing measured before it starts).</summary>
    public static PeriodFigures Figures(ReportObjective o, ReportPeriod period, Instant now)
    {
        if (Until(period.In(o.Plan.Clock.Zone), now) is not { } window)
        {
            return new PeriodFigures(period.Key, Attainment.None, ObjectiveStatus.NoData, 0, 0);
        }
        var score = o.Plan.Score(o.Series, window);
        return new PeriodFigures(period.Key, score.Attainment, Evaluator.StatusOf(o.Plan.Terms, score.Attainment), score.Units, score.BadUnits);
    }

    private static Window? Until(Window window, Instant now) =>
        window.End <= now ? window : window.Start < now ? Window.Between(window.Start, now) : null;

    /// <summary>Whether the period is over in every objective's zone.</summary>
    private static bool Ended(ReportPeriod period, IReadOnlyList<ReportObjective> objectives, Instant now) =>
        objectives.All(o => period.In(o.Plan.Clock.Zone).End <= now);

    /// <summary>Whether a recorded breach's period ended within the report's dates (in its objective's zone).</summary>
    private static bool Within(BreachNote breach, ReportPeriod period, IReadOnlyList<ReportObjective> objectives)
    {
        var zone = objectives.FirstOrDefault(o => o.Objective.Name == breach.Objective)?.Plan.Clock.Zone ?? DateTimeZone.Utc;
        var window = period.In(zone);
        return breach.PeriodEnd > window.Start && breach.PeriodEnd <= window.End;
    }

    /// <summary>A few sentences a reader needs first, written from the report's numbers.</summary>
    private static List<string> Summarise(AgreementReport r)
    {
        var lines = new List<string>();
        var measured = r.Objectives.Where(o => o.Figures.Attainment is Attainment.Measured).ToList();
        var missed = measured.Where(o => o.Figures.Status == ObjectiveStatus.Breached).ToList();
        var when = r.Closed ? $"In {r.Period.Key}" : $"In {r.Period.Key} so far (to {r.GeneratedAt})";
        lines.Add(missed.Count == 0
            ? $"{when}, {Count(measured.Count, "objective")} of {r.Objectives.Count} met {(measured.Count == 1 ? "its target" : "their targets")}."
            : $"{when}, {measured.Count - missed.Count} of {r.Objectives.Count} objectives met their targets; "
                + string.Join("; ", missed.Select(o => $"{o.Name} was breached at {Percent(o.Figures)} against {Text(o.Target)} %")) + ".");
        foreach (var o in r.Objectives.Where(o => o.Figures.Attainment is not Attainment.Measured))
        {
            lines.Add($"{o.Name} has no data for the period: it is neither met nor breached; check that its indicator is measured.");
        }
        foreach (var o in r.Objectives.Where(o => o.Budget?.UsedRatio is > 0.75m && o.Figures.Status != ObjectiveStatus.Breached))
        {
            lines.Add($"{o.Name} used {decimal.Round(o.Budget!.UsedRatio!.Value * 100m, 0)} % of its error budget.");
        }
        foreach (var o in measured.Where(o => o.Trend.Count >= 2 && o.Trend[^2].Attainment is Attainment.Measured))
        {
            var (before, now) = (((Attainment.Measured)o.Trend[^2].Attainment).Ratio, ((Attainment.Measured)o.Figures.Attainment).Ratio);
            if (Math.Abs(now - before) >= (1m - o.Target / 100m) / 4m && now != before)
            {
                lines.Add($"{o.Name} {(now > before ? "improved" : "fell")} from {Percent(o.Trend[^2])} in {o.Trend[^2].Period} to {Percent(o.Figures)}.");
            }
        }
        if (r.Breaches.Count > 0)
        {
            var open = r.Breaches.Count(b => string.IsNullOrWhiteSpace(b.RootCause));
            lines.Add($"{Count(r.Breaches.Count, "breach")} recorded" + (open > 0 ? $"; {open} without a root cause yet." : ", each with its root cause."));
        }
        foreach (var t in r.Tickets.Where(t => t.Compliance is not null))
        {
            lines.Add($"Tickets of priority {t.Priority} under {t.Policy}: {decimal.Round(t.Compliance!.Value * 100m, 1)} % within target ({t.Met} of {t.Met + t.Breached}).");
        }
        if (r.CreditsOwed is { Amount: > 0 } owed)
        {
            lines.Add($"Service credits owed: {owed.Currency} {owed.Amount.ToString("N2", CultureInfo.InvariantCulture)}.");
        }
        return lines;
    }

    /// <summary>SHA-256 over every number the report rests on, in a fixed order (not the instant it was generated, nor
    /// the summary, which is written from the same numbers).</summary>
    private static string Hash(AgreementReport r)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{r.Agreement}|{r.Version}|{r.Period.Key}|{r.Closed}\n");
        foreach (var o in r.Objectives)
        {
            text.Append(CultureInfo.InvariantCulture, $"o|{o.Name}|{o.Target}|{o.Warning}\n");
            foreach (var f in o.Trend)
            {
                text.Append(CultureInfo.InvariantCulture, $"p|{f.Period}|{f.Units}|{f.BadUnits}\n");
                if (f.JudgedBy is { } judge)
                {
                    // Only when another version judged it, so the hashes of reports made before stay as they were.
                    text.Append(CultureInfo.InvariantCulture, $"j|{judge}|{f.Status}\n");
                }
            }
        }
        foreach (var t in r.Tickets)
        {
            text.Append(CultureInfo.InvariantCulture, $"t|{t.Policy}|{t.Priority}|{t.Met}|{t.Breached}\n");
        }
        foreach (var b in r.Breaches)
        {
            text.Append(CultureInfo.InvariantCulture, $"b|{b.Objective}|{b.PeriodStart}|{b.Attainment}|{b.RootCause}|{b.Actions}\n");
            if (b.Statement is not null)
            {
                // Only when there is one, so the hashes of reports made before statements existed stay as they were.
                text.Append(CultureInfo.InvariantCulture, $"s|{b.Statement.Length}|{b.Statement}\n");
            }
        }
        foreach (var e in r.Exclusions)
        {
            text.Append(CultureInfo.InvariantCulture, $"e|{e.Calendar}|{e.Name}|{e.Start}|{e.End}\n");
        }
        foreach (var c in r.Credits)
        {
            text.Append(CultureInfo.InvariantCulture, $"c|{c.Month.Key}|{c.Owed}|{c.Amount?.Amount}\n");
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>An attainment as a percentage cut (never rounded up) to three decimals, so that a breach never reads as
    /// the target it missed.</summary>
    private static string Percent(PeriodFigures f) =>
        f.Attainment is Attainment.Measured m ? $"{Text(decimal.Truncate(m.Percent * 1000m) / 1000m)} %" : "no data";

    private static string Text(decimal x) => x.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {(what.EndsWith('h') ? what + "es" : what + "s")}";
}
