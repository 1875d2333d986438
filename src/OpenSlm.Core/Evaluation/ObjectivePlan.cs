using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Alerting;
using OpenSlm.Core.Calendars;

namespace OpenSlm.Core.Evaluation;

/// <summary>
/// What evaluating one objective needs besides its data: its terms (zone from its calendar) and the
/// calendar's business clock: its service hours, holidays and the exclusions that apply to the
/// agreement's services. Only events inside open time count; time outside it is neither good nor bad.
/// Shared by every caller of the engine.
/// </summary>
/// <param name="Terms">The objective's terms.</param>
/// <param name="Clock">The calendar's open time (24x7 in UTC when the objective names no calendar).</param>
public sealed record ObjectivePlan(ObjectiveTerms Terms, BusinessClock Clock)
{
    /// <summary>The longest look-back a burn rate uses (3d).</summary>
    public static Duration LongestBurnWindow { get; } = Evaluator.BurnWindows.Max(w => w.Length);

    /// <summary>
    /// Plans an objective of <paramref name="agreement"/>; <paramref name="calendar"/> is the validated calendar
    /// it names (null when it names none: 24x7 in UTC).
    /// </summary>
    public static ObjectivePlan For(AgreementSpec agreement, ObjectiveSpec objective, CalendarSpec? calendar) =>
        For(objective, ClockFor(agreement, calendar));

    /// <summary>Plans an objective on a clock already built for its calendar (see <see cref="ClockFor"/>): callers
    /// planning several objectives of one agreement on one calendar build the clock once.</summary>
    public static ObjectivePlan For(ObjectiveSpec objective, BusinessClock clock) => new(ObjectiveTerms.From(objective, clock.Zone), clock);

    /// <summary>The open time objectives of <paramref name="agreement"/> on <paramref name="calendar"/> are judged in
    /// (24x7 in UTC for none), with the exclusions that apply to the agreement's services.</summary>
    public static BusinessClock ClockFor(AgreementSpec agreement, CalendarSpec? calendar) =>
        calendar is null ? BusinessClock.AlwaysOpen : BusinessClock.For(calendar, agreement.Services);

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
    public IReadOnlyList<PeriodResult> History(CountSeries series, Instant now, int periods) =>
        Evaluator.History(Terms, series, ClosedTime(HistorySince(now, periods), now), now, periods);

    /// <summary>Evaluates the objective over <paramref name="series"/> at <paramref name="now"/>.</summary>
    public ObjectiveEvaluation Evaluate(CountSeries series, Instant now) =>
        Evaluator.Evaluate(Terms, series, ClosedTime(Since(now), now), now, Clock);

    /// <summary>
    /// The share of the error budget left (0–1, below 0 when overspent) at each of <paramref name="instants"/> (in time
    /// order), each judged over its own elapsed window as <see cref="Evaluate"/> would; instants without data are left
    /// out. The open time is worked out once for all of them, and a time-sliced budget's slices are judged once
    /// (<see cref="Evaluator.Scores"/>), which is what makes a burn-down chart cheap.
    /// </summary>
    public IReadOnlyList<(Instant At, decimal Left)> BudgetLeft(CountSeries series, IReadOnlyList<Instant> instants)
    {
        ArgumentNullException.ThrowIfNull(instants);
        if (instants.Count == 0)
        {
            return [];
        }
        var closed = ClosedTime(Since(instants[0]), instants[^1]);
        var scores = Evaluator.Scores(Terms, series, closed, [.. instants.Select(Terms.Window.Elapsed)]);
        var result = new List<(Instant, decimal)>(instants.Count);
        for (var i = 0; i < instants.Count; i++)
        {
            if (Evaluator.BudgetOf(Terms, scores[i])?.RemainingRatio is { } left)
            {
                result.Add((instants[i], left));
            }
        }
        return result;
    }

    /// <summary>
    /// The objective's recent history over <paramref name="range"/> before <paramref name="now"/>: its SLI bucket by
    /// bucket (each scored as <see cref="Score"/> would score it), and the burn rate over each long window of
    /// <paramref name="conditions"/> at the end of every bucket (as the alert rules read it there). The open time is
    /// worked out once; a time-sliced budget's slices are judged once (<see cref="Evaluator.Scores"/>).
    /// </summary>
    public ObjectiveSeries Series(CountSeries series, Instant now, SeriesRange range, IReadOnlyList<BurnRateCondition> conditions)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(conditions);
        var first = ObjectiveSeries.FirstBucketStart(range, now);
        var windows = new List<Window>();
        for (var start = first; start < now; start += range.Step)
        {
            windows.Add(Window.Between(start, start + range.Step < now ? start + range.Step : now));
        }
        var closed = ClosedTime(ObjectiveSeries.Since(range, now, conditions), now);
        var groups = conditions.GroupBy(c => c.LongWindow).OrderBy(g => g.Key).ToList();
        // The buckets and every look-back scored in one call, so a time-sliced budget's slices are judged once for all.
        var all = new List<Window>(windows.Count * (groups.Count + 1));
        all.AddRange(windows);
        foreach (var group in groups)
        {
            all.AddRange(windows.Select(w => new Window(w.End, group.Key)));
        }
        var scores = Evaluator.Scores(Terms, series, closed, all);
        var buckets = windows.Select((w, i) => new SliBucket(w, scores[i].Attainment, scores[i].Units, scores[i].BadUnits)).ToList();
        var allowed = 1m - Terms.Target;
        var burns = new List<BurnHistory>(groups.Count);
        for (var g = 0; g < groups.Count; g++)
        {
            var offset = (g + 1) * windows.Count;
            var points = windows.Select((w, i) => (w.End, scores[offset + i].Attainment is Attainment.Measured m && allowed > 0 ? (decimal?)((1m - m.Ratio) / allowed) : null)).ToList();
            burns.Add(new BurnHistory(groups[g].Key, points, [.. groups[g]]));
        }
        return new ObjectiveSeries(range, Window.Between(first, now), buckets, burns);
    }

    /// <summary>The burn rate over the <paramref name="length"/> before <paramref name="now"/>, and the units it rests on; see <see cref="Evaluator.BurnOver"/>.</summary>
    public (decimal? Rate, decimal Units) BurnOver(CountSeries series, Instant now, Duration length) =>
        Evaluator.BurnOver(Terms, series, ClosedTime(now - length, now), new Window(now, length));

    /// <summary>
    /// Each whole day from <paramref name="from"/> to <paramref name="to"/> (inclusive, in the objective's time zone) as
    /// <see cref="Score"/> scores it: the units it rests on (events, or slices with data) and the bad units among them.
    /// </summary>
    public IReadOnlyList<Improvement.DayEvents> Days(CountSeries series, LocalDate from, LocalDate to)
    {
        if (to < from)
        {
            return [];
        }
        var zone = Terms.Window.Zone;
        var days = new List<LocalDate>();
        for (var d = from; d <= to; d = d.PlusDays(1))
        {
            days.Add(d);
        }
        var windows = days.Select(d => Window.Between(d.AtStartOfDayInZone(zone).ToInstant(), d.PlusDays(1).AtStartOfDayInZone(zone).ToInstant())).ToList();
        var scores = Evaluator.Scores(Terms, series, ClosedTime(windows[0].Start, windows[^1].End), windows);
        return [.. days.Select((d, i) => new Improvement.DayEvents(d, scores[i].Units, scores[i].BadUnits))];
    }

    /// <summary>What <paramref name="window"/> amounts to: see <see cref="Evaluator.Score"/>.</summary>
    public WindowScore Score(CountSeries series, Window window) =>
        Evaluator.Score(Terms, series, ClosedTime(window.Start, window.End), window);

    /// <summary>Everything outside open time between <paramref name="since"/> and <paramref name="now"/>, as exclusions.</summary>
    private ExclusionSet ClosedTime(Instant since, Instant now) =>
        Clock.IsAlwaysOpen ? ExclusionSet.None : ExclusionSet.From(Clock.ClosedIntervals(since, now + Duration.FromTicks(1)));
}
