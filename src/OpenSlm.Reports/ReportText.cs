using System.Globalization;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Reporting;

namespace OpenSlm.Reports;

/// <summary>
/// How numbers and times read in the HTML and PDF reports, one rule for both. Percentages are cut, never rounded up, to
/// three decimals, so a breached 99.8996 % never reads as the 99.9 % it missed; JSON and CSV carry the exact values.
/// </summary>
public static class ReportText
{
    private static readonly InstantPattern Minute = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm 'UTC'");

    /// <summary>A ratio as a percentage: 0.997419… → "99.741 %"; "no data" for none.</summary>
    public static string Percent(Attainment attainment) => attainment is Attainment.Measured m ? Percent(m.Percent) : "no data";

    /// <summary>A percentage, cut to three decimals: 99.74193… → "99.741 %".</summary>
    public static string Percent(decimal percent) => $"{Cut(percent).ToString("0.###", CultureInfo.InvariantCulture)} %";

    /// <summary>A count: 310000 → "310,000" (fractions of slices keep up to three decimals).</summary>
    public static string Count(decimal units) => units.ToString("#,0.###", CultureInfo.InvariantCulture);

    /// <summary>An instant to the minute, in UTC.</summary>
    public static string Time(Instant instant) => Minute.Format(instant);

    /// <summary>A duration in days, hours and minutes ("2d 3h", "45m"), cut to the minute; negative ones as "overdue by …".</summary>
    public static string Span(Duration duration)
    {
        if (duration < Duration.Zero)
        {
            return "overdue by " + Span(-duration);
        }
        var minutes = (long)Math.Floor(duration.TotalMinutes);
        var (d, h, m) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
        return d > 0 ? $"{d}d {h}h" : h > 0 ? $"{h}h {m}m" : $"{m}m";
    }

    /// <summary>Money: EUR 2,000.00.</summary>
    public static string Money(Core.Catalogue.Money money) => $"{money.Currency} {money.Amount.ToString("#,0.00", CultureInfo.InvariantCulture)}";

    /// <summary>A period in words: "March 2025", "Q1 2025", "2025", "6 January 2025 – 2 February 2025".</summary>
    public static string Period(ReportPeriod period) => period.Length switch
    {
        CalendarPeriod.Month => period.First.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
        CalendarPeriod.Quarter => $"Q{((period.First.Month - 1) / 3) + 1} {period.First.Year}",
        CalendarPeriod.Year => period.First.Year.ToString(CultureInfo.InvariantCulture),
        _ => $"{Day(period.First)} – {Day(period.Last)}",
    };

    /// <summary>A day in words: 6 January 2025.</summary>
    public static string Day(LocalDate date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// A trend in a few words, per <paramref name="period"/>: "falling 0.012 points a month (97 % sure)", "improving …",
    /// "steady"; "" with too few periods to claim one.
    /// </summary>
    public static string Trend(Core.Improvement.AttainmentTrend trend, string period = "month")
    {
        ArgumentNullException.ThrowIfNull(trend);
        return trend switch
        {
            { Direction: Core.Improvement.TrendDirection.NotEnoughData } => string.Empty,
            { Direction: Core.Improvement.TrendDirection.Steady } => "steady",
            { Slope: { } slope, Confidence: { } sure } =>
                $"{(slope < 0 ? "falling" : "improving")} {Core.Numbers.Normalize(Math.Abs(Math.Round(slope, 3, MidpointRounding.ToZero)))} points a {period} ({Math.Floor(sure * 100).ToString(CultureInfo.InvariantCulture)} % sure)",
            _ => string.Empty,
        };
    }

    /// <summary>A name as words: PlannedMaintenance → planned maintenance.</summary>
    public static string Words(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? $" {char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
    }

    /// <summary>A cause category in words, capitalised: SoftwareDefect → "Software defect"; null → "Not diagnosed".</summary>
    public static string Category(Core.Improvement.CauseCategory? category) =>
        category is { } c && Words(c.ToString()) is var words ? char.ToUpperInvariant(words[0]) + words[1..] : "Not diagnosed";

    /// <summary>
    /// A plan's measured effect in plain words: the bad rate before and after (exact, cut to three decimals), what the
    /// days show and how sure that is, or why there is no verdict yet.
    /// </summary>
    public static string Effect(Core.Improvement.PlanEffect effect)
    {
        ArgumentNullException.ThrowIfNull(effect);
        var e = effect.Effect;
        if (effect.AfterFrom is null || e.BadBefore is null)
        {
            return effect.Why;
        }
        var sides = $"Bad events {Percent(e.BadBefore.Value)} of {e.DaysBefore} days before the actions{(e.BadAfter is { } after ? $", {Percent(after)} of {e.DaysAfter} days after" : ", none measured after yet")}";
        return e.Verdict switch
        {
            Core.Improvement.EffectVerdict.NotEnoughData => $"{sides}: not enough data yet ({Core.Improvement.MeasuredEffect.MinimumDays} days with events needed on each side).",
            Core.Improvement.EffectVerdict.NoSignificantChange => $"{sides}: no significant change (p {P(e.PValue)}; the daily bad ratios do not differ more than chance would make them).",
            _ => $"{sides}: {(e.Verdict == Core.Improvement.EffectVerdict.Improved ? "improved" : "worse")} by {Percent(Math.Abs(e.Change!.Value)).Replace(" %", " points", StringComparison.Ordinal)}, " +
                $"significant (p {P(e.PValue)}; 95 % of resamples put the change in the daily bad ratio between {Signed(e.Interval!.Value.Low)} and {Signed(e.Interval!.Value.High)} points).",
        };
    }

    /// <summary>An improvement plan in a report, in lines: what it is, where it stands, its measured effect, its goal.</summary>
    public static IReadOnlyList<string> ImprovementLines(ImprovementNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var actions = note.OpenActions == 0 ? "no action open" : $"{note.OpenActions} action{(note.OpenActions == 1 ? "" : "s")} open{(note.OverdueActions > 0 ? $", {note.OverdueActions} overdue" : "")}";
        var state = Enum.TryParse<Core.Improvement.GoalState>(note.GoalState, out var g) ? Goal(g) : note.GoalState;
        var lines = new List<string> { $"{note.Status}; {actions}." };
        if (note.Effect != note.Why)
        {
            lines.Add(note.Effect);
        }
        lines.Add($"Goal: {state}. {note.Why}");
        return lines;
    }

    /// <summary>A goal's state in words.</summary>
    public static string Goal(Core.Improvement.GoalState state) => state switch
    {
        Core.Improvement.GoalState.NotYetMeasurable => "Not yet measurable",
        Core.Improvement.GoalState.NotMet => "Not met",
        _ => state.ToString(),
    };

    /// <summary>A p-value as written after "p": "= 0.042", "< 0.001".</summary>
    private static string P(double? p) => p is not { } v ? "= —" : v < 0.001 ? "< 0.001" : "= " + v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Signed(double points) => points.ToString("+0.###;−0.###;0", CultureInfo.InvariantCulture);

    /// <summary>A status as shown.</summary>
    public static string Status(ObjectiveStatus status) => status switch
    {
        ObjectiveStatus.AtRisk => "At risk",
        ObjectiveStatus.NoData => "No data",
        _ => status.ToString(),
    };

    /// <summary>The report's title.</summary>
    public static string Title(AgreementReport report) => $"Service level report: {report.DisplayName ?? report.Agreement}, {Period(report.Period)}";

    /// <summary>A customer report's title.</summary>
    public static string Title(CustomerReport report) => $"Service level report: {report.DisplayName ?? report.Customer}, {Period(report.Period)}";

    /// <summary>Who and what the report is about.</summary>
    public static string Parties(AgreementReport report) => string.Join(" · ", new[]
    {
        $"Agreement {report.Agreement} (version {report.Version}, {report.Kind})",
        report.Customer is { } c ? $"customer {c}" : null,
        report.Services.Count > 0 ? $"services {string.Join(", ", report.Services)}" : null,
    }.OfType<string>());

    /// <summary>The dates covered, and whether the period is over.</summary>
    public static string Dates(AgreementReport report) =>
        $"{Day(report.Period.First)} – {Day(report.Period.Last)}. "
        + (report.Closed ? $"Closed period; generated {Time(report.GeneratedAt)}." : $"Open period: figures up to {Time(report.GeneratedAt)}.");

    /// <summary>What a report says when no breach ended in its dates.</summary>
    public const string NoBreaches = "No breach was recorded for a period that ended in this report's dates.";

    /// <summary>
    /// What a report says of a breach under its heading: the root cause and actions (and the statement sent to the
    /// customer, when there is one); in a party's copy only the statement.
    /// </summary>
    public static IEnumerable<string> BreachLines(Core.Reporting.AgreementReport report, Core.Reporting.BreachNote breach)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(breach);
        if (report.PartyCopy)
        {
            yield return $"Statement: {breach.Statement ?? "the provider is reviewing this breach; a statement will follow."}";
            yield break;
        }
        yield return $"Root cause: {breach.RootCause ?? "not yet diagnosed"}";
        yield return $"Actions: {breach.Actions ?? "none recorded"}";
        if (breach.Statement is not null)
        {
            yield return $"Statement to the customer: {breach.Statement}";
        }
    }

    private static decimal Cut(decimal percent) => decimal.Truncate(percent * 1000m) / 1000m;
}
