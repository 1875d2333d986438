using System.Globalization;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Evaluation;
using OpenSlm.Reports;

namespace OpenSlm.Web;

/// <summary>How pages write numbers, times and statuses: the same rules as the reports (percentages cut, never rounded up).</summary>
public static class Ui
{
    /// <summary>A percentage as reports show it: cut to 3 decimals.</summary>
    public static string Percent(decimal? percent) => percent is { } p ? ReportText.Percent(p) : "no data";

    /// <summary>An attainment as reports show it.</summary>
    public static string Percent(Attainment attainment) => ReportText.Percent(attainment);

    /// <summary>A share (0–1) as a percentage, cut to 3 decimals like every percentage; a dash when there is none.</summary>
    public static string Share(decimal? ratio) => ratio is { } r ? ReportText.Percent(r * 100) : "—";

    /// <summary>
    /// What an objective's error budget is counted in, in words: the bad events it allows (requests, checkouts, minutes:
    /// whatever the indicator counts), the measurements over its threshold, or the slices of its time-slice window.
    /// </summary>
    public static string BudgetUnit(ObjectiveSpec objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return objective switch
        {
            { Budgeting: BudgetingMethod.Timeslices or BudgetingMethod.RatioTimeslices, TimeSlice: { } slice } => $"bad {slice.Window} slices",
            { Threshold: { } t } => $"measurements not {t.Op switch { ThresholdOperator.Lt => "under", ThresholdOperator.Lte => "at most", ThresholdOperator.Gt => "over", _ => "at least" }} {t.Value.ToString(CultureInfo.InvariantCulture)}",
            _ => $"bad events of {objective.Indicator}",
        };
    }

    /// <summary>The budget in one sentence with its unit: "1,339 bad events of web-shop-availability spent of the 1,912 allowed (70 %); 30 % left".</summary>
    public static string BudgetLine(ObjectiveSpec objective, ErrorBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var spent = budget.Total == 0 ? "" : $" ({ReportText.Percent(Math.Round(budget.Consumed / budget.Total * 100, 1))})";
        var left = budget.RemainingRatio is { } r && r < 0 ? $"overspent by {ReportText.Count(-budget.Remaining)}" : $"{Share(budget.RemainingRatio)} left";
        return $"{ReportText.Count(budget.Consumed)} {BudgetUnit(objective)} spent of the {ReportText.Count(budget.Total)} allowed{spent}; {left}";
    }

    /// <summary>A burn rate: how many times the sustainable pace.</summary>
    public static string Rate(decimal? rate) => rate is { } r ? $"{Math.Round(r, 2, MidpointRounding.ToZero).ToString("0.##", CultureInfo.InvariantCulture)}×" : "—";

    /// <summary>An instant to the minute in the display zone (see <see cref="DisplayZone"/>), with the zone's abbreviation: "2026-12-07 15:12 GMT".</summary>
    public static string Time(Instant instant) => Time(instant, DisplayZone.Zone);

    /// <summary>An instant to the minute in <paramref name="zone"/>, with its abbreviation (UTC as reports write it).</summary>
    public static string Time(Instant instant, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return zone == DateTimeZone.Utc ? ReportText.Time(instant) : Zoned.Format(instant.InZone(zone));
    }

    private static readonly NodaTime.Text.ZonedDateTimePattern Zoned =
        NodaTime.Text.ZonedDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm x", DateTimeZoneProviders.Tzdb);

    /// <summary>A date.</summary>
    public static string Day(LocalDate date) => ReportText.Day(date);

    /// <summary>A status in words.</summary>
    public static string Status(ObjectiveStatus status) => ReportText.Status(status);

    /// <summary>The CSS class of a status, for its colour (the words are always written too).</summary>
    public static string StatusClass(ObjectiveStatus? status) => status switch
    {
        ObjectiveStatus.Breached => "st-breached",
        ObjectiveStatus.AtRisk => "st-risk",
        ObjectiveStatus.Met => "st-met",
        ObjectiveStatus.NoData => "st-nodata",
        _ => "st-none",
    };

    /// <summary>When an objective breaks: "breached" once it has, the time left when its budget runs out within the
    /// horizon (<see cref="Urgency.Horizon"/>), otherwise "—".</summary>
    public static string BreaksIn(Urgency urgency) => urgency.BreaksIn switch
    {
        null => "—",
        { } d when d == Duration.Zero => urgency.Severity == 0 ? "breached" : "now",
        { } d => Span(d),
    };

    /// <summary>
    /// How much of a ticket clock's target has been counted, in whole percent cut down ("62 %"), and its colour by warning
    /// level: breached, past a warning threshold (the highest is named), or neither. A clock with no target shows "—".
    /// </summary>
    public static (string Text, string Class) TargetShare(Core.Tickets.TicketClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (clock.Target <= Duration.Zero)
        {
            return ("—", "st-none");
        }
        var percent = Math.Floor((decimal)clock.Elapsed.BclCompatibleTicks * 100 / clock.Target.BclCompatibleTicks);
        var text = $"{percent.ToString("#,0", CultureInfo.InvariantCulture)} %";
        return clock switch
        {
            { BreachedAt: not null } or { State: Core.Tickets.ClockState.Breached } => (text + " · breached", "st-breached"),
            { Warnings.Count: > 0 } => ($"{text} · past {ReportText.Percent(clock.Warnings.Max(w => w.Percent))}", "st-risk"),
            _ => (text, clock.State == Core.Tickets.ClockState.Met ? "st-met" : "st-none"),
        };
    }

    /// <summary>A duration in days, hours and minutes ("2d 3h", "45m"); negative ones as "overdue by …".</summary>
    public static string Span(Duration duration) => ReportText.Span(duration);

    /// <summary>A trend in a few words ("falling 0.012 points a month (97 % sure)"); see <see cref="ReportText.Trend"/>.</summary>
    public static string Trend(Core.Improvement.AttainmentTrend trend, string period = "month") => ReportText.Trend(trend, period);
}
