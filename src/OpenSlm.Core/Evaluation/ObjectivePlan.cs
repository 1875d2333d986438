using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;

namespace OpenSlm.Core.Evaluation;

/// <summary>
/// What evaluating one objective needs besides its data: its terms (zone from its calendar), the
/// exclusions that apply to it, and how far back its data must reach. Shared by every caller of the engine.
/// </summary>
/// <param name="Terms">The objective's terms.</param>
/// <param name="Exclusions">The calendar's exclusions that apply to the agreement's services.</param>
public sealed record ObjectivePlan(ObjectiveTerms Terms, ExclusionSet Exclusions)
{
    /// <summary>The longest look-back a burn rate uses (3d).</summary>
    public static Duration LongestBurnWindow { get; } = Evaluator.BurnWindows.Max(w => w.Length);

    /// <summary>
    /// Plans an objective of <paramref name="agreement"/>; <paramref name="calendar"/> is the calendar it
    /// names (null when it names none: 24x7 in UTC). Returns an error instead when the objective cannot be
    /// evaluated yet: calendars with limited service hours or holidays need business-time evaluation.
    /// </summary>
    public static (ObjectivePlan? Plan, string? Error) For(AgreementSpec agreement, ObjectiveSpec objective, CalendarSpec? calendar)
    {
        calendar ??= new CalendarSpec();
        var allDay = calendar.Holidays.Count == 0 && Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
            .All(d => calendar.Hours.For(d) is [{ Start: 0, End: TimeRange.SecondsPerDay }]);
        if (!allDay)
        {
            return (null, $"calendar '{objective.Calendar}' has limited service hours or holidays; evaluating business-hours objectives is not available yet (only 24x7 calendars, with their time zone and exclusions).");
        }
        var zone = DateTimeZoneProviders.Tzdb[calendar.TimeZone];
        var exclusions = ExclusionSet.From(calendar.Exclusions
            .Where(e => e.Services.Count == 0 || e.Services.Intersect(agreement.Services).Any())
            .Select(e => (e.Start, e.End)));
        return (new ObjectivePlan(ObjectiveTerms.From(objective, zone), exclusions), null);
    }

    /// <summary>The earliest instant whose data the evaluation at <paramref name="now"/> reads (excluded).</summary>
    public Instant Since(Instant now)
    {
        var window = Terms.Window.Elapsed(now).Start;
        var burns = now - LongestBurnWindow;
        return window < burns ? window : burns;
    }

    /// <summary>The earliest instant whose data the last <paramref name="periods"/> periods before <paramref name="now"/> read (excluded).</summary>
    public Instant HistorySince(Instant now, int periods) =>
        Terms.Window.Period is { } period
            ? CalendarWindows.Previous(period, now, Terms.Window.Zone, periods).Start
            : now - (Terms.Window.Rolling!.Value * periods);

    /// <summary>Attainment per period for the last <paramref name="periods"/> periods; see <see cref="Evaluator.History"/>.</summary>
    public IReadOnlyList<PeriodResult> History(RatioSeries series, Instant now, int periods) =>
        Evaluator.History(Terms, series, Exclusions, now, periods);

    /// <summary>Evaluates the objective over <paramref name="series"/> at <paramref name="now"/>.</summary>
    public ObjectiveEvaluation Evaluate(RatioSeries series, Instant now) => Evaluator.Evaluate(Terms, series, Exclusions, now);
}
