using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;

namespace OpenSlm.Core.Evaluation;

/// <summary>Where an objective stands.</summary>
public enum ObjectiveStatus
{
    /// <summary>At or above the target (and the warning level, if any).</summary>
    Met,

    /// <summary>At or above the target, but below the warning level.</summary>
    AtRisk,

    /// <summary>Below the target.</summary>
    Breached,

    /// <summary>Nothing measured in the window: neither met nor breached.</summary>
    NoData,
}

/// <summary>
/// The error budget in the objective's units (events for Occurrences, slices for the slice methods).
/// <see cref="RemainingRatio"/> is null when the target is 100 % (there is no budget to divide).
/// </summary>
public sealed record ErrorBudget(decimal Total, decimal Consumed, decimal Remaining, decimal? RemainingRatio);

/// <summary>
/// A burn rate over one look-back window; <see cref="Rate"/> is null when that window has no data or the target is 100 %.
/// <see cref="Units"/> is what it rests on: events, or slices with data.
/// </summary>
public sealed record BurnRate(string Label, Duration Length, decimal? Rate, decimal Units = 0);

/// <summary>One period of an objective's history: its window, attainment and status.</summary>
public sealed record PeriodResult(Window Window, Attainment Attainment, ObjectiveStatus Status);

/// <summary>The evaluation of one objective at one instant.</summary>
public sealed record ObjectiveEvaluation(
    Instant At,
    Window Window,
    Attainment Attainment,
    ObjectiveStatus Status,
    ErrorBudget? Budget,
    IReadOnlyList<BurnRate> BurnRates,
    Instant? ExhaustionAt);

/// <summary>What a window amounts to under an objective's budgeting method: its attainment, the units it rests on
/// (events, or slices with data) and the bad units among them.</summary>
public readonly record struct WindowScore(Attainment Attainment, decimal Units, decimal BadUnits);

/// <summary>
/// Evaluates ratio objectives. Pure: everything, "now" included, is a parameter.
/// </summary>
/// <remarks>
/// <para>Occurrences: attainment = Σgood / Σtotal over the window, outside exclusions; budget =
/// (1 − target) × Σtotal; consumed = Σbad.</para>
/// <para>Timeslices: the timeline is cut into slices (k·s, (k+1)·s] aligned to the Unix epoch and
/// clipped to the window; a slice with events is good when its ratio ≥ the slice target; slices with
/// no events do not count. Attainment = good slices / slices with data; budget = (1 − target) × slices
/// with data; consumed = bad slices.</para>
/// <para>RatioTimeslices: attainment = the mean of the slices' ratios; consumed = Σ(1 − ratio).</para>
/// <para>Burn rate over w = (1 − attainment over (t − w, t]) / (1 − target), by the same method; look-back
/// windows are rolling even for calendar objectives. Projected exhaustion = t + remaining ratio × the
/// whole window's length / the 1h burn rate (the "current" burn), when that burn is above zero and
/// budget remains. That length is open time: with a business-hours calendar the remaining budget is
/// spread over the window's service hours and the exhaustion instant is found by adding business time.</para>
/// </remarks>
public static class Evaluator
{
    /// <summary>The look-back windows burn rates are reported for, besides the whole window.</summary>
    public static IReadOnlyList<(string Label, Duration Length)> BurnWindows { get; } =
    [
        ("5m", Duration.FromMinutes(5)),
        ("30m", Duration.FromMinutes(30)),
        ("1h", Duration.FromHours(1)),
        ("2h", Duration.FromHours(2)),
        ("6h", Duration.FromHours(6)),
        ("1d", Duration.FromDays(1)),
        ("3d", Duration.FromDays(3)),
    ];

    /// <summary>How far ahead budget exhaustion is projected; beyond it, none is reported.</summary>
    public static Duration ProjectionHorizon { get; } = Duration.FromDays(100 * 366);

    /// <summary>
    /// Evaluates <paramref name="objective"/> over <paramref name="series"/> at <paramref name="now"/>, leaving out
    /// events inside <paramref name="exclusions"/>. <paramref name="clock"/> is the open time the budget is spread
    /// over for the exhaustion projection (all time when null); pass the same calendar the exclusions came from.
    /// </summary>
    public static ObjectiveEvaluation Evaluate(ObjectiveTerms objective, CountSeries series, ExclusionSet exclusions, Instant now, BusinessClock? clock = null)
    {
        var window = objective.Window.Elapsed(now);
        var score = Score(objective, series, exclusions, window);
        var attainment = score.Attainment;
        var allowed = 1m - objective.Target;

        var burns = new List<BurnRate>(BurnWindows.Count + 1);
        foreach (var (label, length) in BurnWindows)
        {
            var scored = Score(objective, series, exclusions, new Window(now, length));
            burns.Add(new BurnRate(label, length, Burn(scored.Attainment, allowed), scored.Units));
        }
        burns.Add(new BurnRate("window", window.Length, Burn(attainment, allowed), score.Units));

        if (attainment is not Attainment.Measured measured)
        {
            return new ObjectiveEvaluation(now, window, attainment, ObjectiveStatus.NoData, null, burns, null);
        }
        var budget = BudgetOf(objective, score)!;
        var status = StatusOf(objective, measured);

        Instant? exhaustion = null;
        var current = burns.First(b => b.Label == "1h").Rate;
        if (budget.RemainingRatio is > 0m && current is > 0m)
        {
            // The remaining budget lasts remaining × (the window's open time) / burn of open time from now.
            clock ??= BusinessClock.AlwaysOpen;
            var full = objective.Window.Full(now);
            var ticks = budget.RemainingRatio.Value * clock.BetweenTicks(full.Start.ToUnixTimeTicks(), full.End.ToUnixTimeTicks()) / current.Value;
            exhaustion = ticks < ProjectionHorizon.BclCompatibleTicks
                ? clock.Add(now, Duration.FromTicks((long)decimal.Round(ticks)))
                : null;
        }
        return new ObjectiveEvaluation(now, window, attainment, status, budget, burns, exhaustion);
    }

    /// <summary>
    /// The error budget of a window's <paramref name="score"/>: the bad units the target allows over its units, what was
    /// spent and what is left; null when the window has no data.
    /// </summary>
    public static ErrorBudget? BudgetOf(ObjectiveTerms objective, WindowScore score)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (score.Attainment is not Attainment.Measured)
        {
            return null;
        }
        var total = (1m - objective.Target) * score.Units;
        var remaining = total - score.BadUnits;
        return new ErrorBudget(total, score.BadUnits, remaining, total == 0 ? null : remaining / total);
    }

    /// <summary>
    /// Attainment per period for the <paramref name="periods"/> periods before <paramref name="now"/>, oldest
    /// first. For a calendar objective these are the whole periods before the one containing
    /// <paramref name="now"/> (closed periods, e.g. the last 12 months); for a rolling one, consecutive
    /// windows of its length ending at <paramref name="now"/>. Any past period can be recomputed this way
    /// from stored data, including for objectives created after the data arrived.
    /// </summary>
    public static IReadOnlyList<PeriodResult> History(ObjectiveTerms objective, CountSeries series, ExclusionSet exclusions, Instant now, int periods)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periods);
        var windows = new List<Window>(periods);
        if (objective.Window.Period is { } period)
        {
            for (var back = 1; back <= periods; back++)
            {
                windows.Add(CalendarWindows.Previous(period, now, objective.Window.Zone, back));
            }
        }
        else
        {
            var length = objective.Window.Rolling!.Value;
            for (var back = 0; back < periods; back++)
            {
                windows.Add(new Window(now - (length * back), length));
            }
        }
        windows.Reverse();
        return [.. windows.Select(w =>
        {
            var attainment = Score(objective, series, exclusions, w).Attainment;
            return new PeriodResult(w, attainment, StatusOf(objective, attainment));
        })];
    }

    /// <summary>
    /// The burn rate over <paramref name="window"/> by the objective's budgeting method, and how many units (events, or
    /// slices with data) it rests on; the rate is null when the window has no data or the target is 100 %.
    /// </summary>
    public static (decimal? Rate, decimal Units) BurnOver(ObjectiveTerms objective, CountSeries series, ExclusionSet exclusions, Window window)
    {
        ArgumentNullException.ThrowIfNull(objective);
        var score = Score(objective, series, exclusions, window);
        return (Burn(score.Attainment, 1m - objective.Target), score.Units);
    }

    /// <summary>Where an attainment puts the objective: Breached below target, AtRisk below the warning level, Met, or NoData.</summary>
    public static ObjectiveStatus StatusOf(ObjectiveTerms objective, Attainment attainment) => attainment switch
    {
        Attainment.Measured m when m.Ratio < objective.Target => ObjectiveStatus.Breached,
        Attainment.Measured m when objective.Warning is { } w && m.Ratio < w => ObjectiveStatus.AtRisk,
        Attainment.Measured => ObjectiveStatus.Met,
        _ => ObjectiveStatus.NoData,
    };

    private static decimal? Burn(Attainment attainment, decimal allowed) =>
        attainment is Attainment.Measured m && allowed > 0 ? (1m - m.Ratio) / allowed : null;

    /// <summary>
    /// The scores of several <paramref name="windows"/>, each equal to <see cref="Score"/> of it. For a time-sliced
    /// budget (bad slices count 1 each, so sums are whole numbers and exact in any order) every slice of the windows'
    /// span is judged once and whole slices are summed by prefix; only the cut slices at a window's edges are judged
    /// again. Otherwise each window is scored on its own.
    /// </summary>
    public static IReadOnlyList<WindowScore> Scores(ObjectiveTerms objective, CountSeries series, ExclusionSet exclusions, IReadOnlyList<Window> windows)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(windows);
        if (objective.Budgeting != BudgetingMethod.Timeslices || objective.Slice is not { } slice || windows.Count < 2)
        {
            return [.. windows.Select(w => Score(objective, series, exclusions, w))];
        }
        var s = slice.BclCompatibleTicks;
        var first = FloorDiv(windows.Min(w => w.Start.ToUnixTimeTicks()), s);
        var last = FloorDiv(windows.Max(w => w.End.ToUnixTimeTicks()) - 1, s);
        // withData[i], bad[i]: whole slices first .. first + i − 1 (prefix sums).
        var withData = new long[last - first + 2];
        var bad = new long[last - first + 2];
        for (var k = first; k <= last; k++)
        {
            var (data, isBad) = SliceOf(objective, series.Sum(k * s, (k + 1) * s, exclusions));
            withData[k - first + 1] = withData[k - first] + data;
            bad[k - first + 1] = bad[k - first] + isBad;
        }
        var scores = new List<WindowScore>(windows.Count);
        foreach (var window in windows)
        {
            var (a, b) = (window.Start.ToUnixTimeTicks(), window.End.ToUnixTimeTicks());
            var (fa, lb) = (FloorDiv(a, s), FloorDiv(b - 1, s));
            long n = 0, nBad = 0;
            void Cut(long k)
            {
                var (data, isBad) = SliceOf(objective, series.Sum(Math.Max(a, k * s), Math.Min(b, (k + 1) * s), exclusions));
                (n, nBad) = (n + data, nBad + isBad);
            }
            // Whole slices from the first one the window holds entirely to the last.
            var from = a == fa * s ? fa : fa + 1;
            var to = b == (lb + 1) * s ? lb : lb - 1;
            if (from > to)
            {
                for (var k = fa; k <= lb; k++)
                {
                    Cut(k);
                }
            }
            else
            {
                n += withData[to - first + 1] - withData[from - first];
                nBad += bad[to - first + 1] - bad[from - first];
                if (from > fa)
                {
                    Cut(fa);
                }
                if (to < lb)
                {
                    Cut(lb);
                }
            }
            scores.Add(new WindowScore(n == 0 ? Attainment.None : new Attainment.Measured(1m - ((decimal)nBad / n)), n, nBad));
        }
        return scores;
    }

    /// <summary>One slice of a time-sliced budget: whether it has data, and whether it is bad (below the slice target).</summary>
    private static (long Data, long Bad) SliceOf(ObjectiveTerms objective, EventCounts counts) =>
        counts.IsEmpty ? (0, 0) : (1, (decimal)counts.Good / counts.Total >= (objective.SliceTarget ?? 1m) ? 0 : 1);

    /// <summary>
    /// What <paramref name="window"/> amounts to under the objective's budgeting method: its attainment, the units
    /// (events, or slices with data) and the bad units among them, leaving out events inside <paramref name="exclusions"/>.
    /// </summary>
    public static WindowScore Score(ObjectiveTerms objective, CountSeries series, ExclusionSet exclusions, Window window)
    {
        if (objective.Budgeting == BudgetingMethod.Occurrences || objective.Slice is not { } slice)
        {
            var counts = series.Sum(window, exclusions);
            return new WindowScore(counts.ToAttainment(), counts.Total, counts.Bad);
        }
        var a = window.Start.ToUnixTimeTicks();
        var b = window.End.ToUnixTimeTicks();
        var s = slice.BclCompatibleTicks;
        var first = FloorDiv(a, s);
        var last = FloorDiv(b - 1, s);
        long slicesWithData = 0;
        decimal bad = 0;
        for (var k = first; k <= last; k++)
        {
            var counts = series.Sum(Math.Max(a, k * s), Math.Min(b, (k + 1) * s), exclusions);
            if (counts.IsEmpty)
            {
                continue;
            }
            slicesWithData++;
            var ratio = (decimal)counts.Good / counts.Total;
            bad += objective.Budgeting == BudgetingMethod.Timeslices
                ? (ratio >= (objective.SliceTarget ?? 1m) ? 0m : 1m)
                : 1m - ratio;
        }
        var attainment = slicesWithData == 0 ? Attainment.None : new Attainment.Measured(1m - (bad / slicesWithData));
        return new WindowScore(attainment, slicesWithData, bad);
    }

    private static long FloorDiv(long x, long y) => x >= 0 ? x / y : -((-x + y - 1) / y);
}
