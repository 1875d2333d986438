using NodaTime;
using OpenSlm.Core.Agreements;

namespace OpenSlm.Core.Evaluation;

/// <summary>One observation of a ratio indicator: good and total events counted up to <see cref="At"/>.</summary>
public readonly record struct RatioMeasurement
{
    /// <summary>Creates a measurement; 0 ≤ good ≤ total.</summary>
    public RatioMeasurement(Instant at, long good, long total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(good);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(good, total);
        (At, Good, Total) = (at, good, total);
    }

    /// <summary>When the events were counted; the measurement counts in a window when At is inside it.</summary>
    public Instant At { get; }

    /// <summary>Good events.</summary>
    public long Good { get; }

    /// <summary>All events.</summary>
    public long Total { get; }
}

/// <summary>
/// Event counts over time that the engine reads by window: the good and total events of the measurements
/// whose instant lies in (a, b]. Implementations answer any window in time that does not grow with its length.
/// </summary>
public abstract class CountSeries
{
    /// <summary>The counts of the measurements inside <paramref name="window"/>.</summary>
    public EventCounts Sum(Window window) => Sum(window.Start.ToUnixTimeTicks(), window.End.ToUnixTimeTicks());

    /// <summary>The counts inside <paramref name="window"/> and outside every exclusion.</summary>
    public EventCounts Sum(Window window, ExclusionSet exclusions) =>
        Sum(window.Start.ToUnixTimeTicks(), window.End.ToUnixTimeTicks(), exclusions);

    /// <summary>Counts of (start, end] in Unix ticks, outside every exclusion.</summary>
    public virtual EventCounts Sum(long startTicks, long endTicks, ExclusionSet exclusions)
    {
        ArgumentNullException.ThrowIfNull(exclusions);
        var counts = Sum(startTicks, endTicks);
        foreach (var (start, end) in exclusions.TicksWithin(startTicks, endTicks))
        {
            counts -= Sum(start, end);
        }
        return counts;
    }

    /// <summary>Counts of the measurements at instants in (start, end], in Unix ticks; nothing when end ≤ start.</summary>
    public abstract EventCounts Sum(long startTicks, long endTicks);
}

/// <summary>
/// A ratio indicator's measurements, held as prefix sums so that the counts of any window (a, b] cost two
/// binary searches, whatever the window's length. Immutable and safe to share between threads.
/// </summary>
public sealed class RatioSeries : CountSeries
{
    private readonly long[] _at;
    private readonly long[] _good;
    private readonly long[] _total;

    private RatioSeries(long[] at, long[] good, long[] total)
    {
        _at = at;
        _good = good;
        _total = total;
    }

    /// <summary>A series with no measurement.</summary>
    public static RatioSeries Empty { get; } = new([], [0], [0]);

    /// <summary>How many distinct instants hold a measurement.</summary>
    public int Count => _at.Length;

    /// <summary>
    /// The series a threshold objective is judged on: each value is one event, good when it meets
    /// <paramref name="threshold"/>.
    /// </summary>
    public static RatioSeries Judged(IEnumerable<(Instant At, decimal Value)> values, Threshold threshold) =>
        From(values.Select(v => new RatioMeasurement(v.At, threshold.Meets(v.Value) ? 1 : 0, 1)));

    /// <summary>
    /// Builds a series. Measurements may come in any order; two at the same instant are one
    /// measurement, the later in the sequence replacing the earlier (re-sending replaces, never doubles).
    /// </summary>
    public static RatioSeries From(IEnumerable<RatioMeasurement> measurements)
    {
        var items = measurements.ToArray();
        var keys = new long[items.Length];
        for (var k = 0; k < items.Length; k++)
        {
            keys[k] = items[k].At.ToUnixTimeTicks();
        }
        // A stable sort keeps arrival order among equal instants, so the last one sent wins below.
        var order = Enumerable.Range(0, items.Length).ToArray();
        if (!IsSorted(keys))
        {
            order = [.. order.OrderBy(k => keys[k])];
        }
        var at = new List<long>(items.Length);
        var good = new List<long>(items.Length + 1) { 0 };
        var total = new List<long>(items.Length + 1) { 0 };
        foreach (var k in order)
        {
            var m = items[k];
            if (at.Count > 0 && at[^1] == keys[k])
            {
                // same instant: replace the previous measurement
                good[^1] = checked(good[^2] + m.Good);
                total[^1] = checked(total[^2] + m.Total);
                continue;
            }
            at.Add(keys[k]);
            good.Add(checked(good[^1] + m.Good));
            total.Add(checked(total[^1] + m.Total));
        }
        return new RatioSeries([.. at], [.. good], [.. total]);
    }

    /// <summary>The measurements, one per instant, oldest first.</summary>
    public IEnumerable<RatioMeasurement> Items()
    {
        for (var k = 0; k < _at.Length; k++)
        {
            yield return new RatioMeasurement(NodaTime.Instant.FromUnixTimeTicks(_at[k]), _good[k + 1] - _good[k], _total[k + 1] - _total[k]);
        }
    }

    /// <summary>
    /// Builds a series from columns already in order: <paramref name="atTicks"/> strictly increasing Unix ticks, with
    /// each instant's good and total events (0 ≤ good ≤ total). What a store or a rollup hands over, without re-sorting.
    /// </summary>
    public static RatioSeries FromOrdered(long[] atTicks, long[] good, long[] total)
    {
        ArgumentNullException.ThrowIfNull(atTicks);
        ArgumentNullException.ThrowIfNull(good);
        ArgumentNullException.ThrowIfNull(total);
        if (good.Length != atTicks.Length || total.Length != atTicks.Length)
        {
            throw new ArgumentException("at, good and total must have one entry per instant.", nameof(good));
        }
        var goodSums = new long[atTicks.Length + 1];
        var totalSums = new long[atTicks.Length + 1];
        for (var k = 0; k < atTicks.Length; k++)
        {
            if (k > 0 && atTicks[k] <= atTicks[k - 1])
            {
                throw new ArgumentException($"instants must be strictly increasing: entry {k} is not after entry {k - 1}.", nameof(atTicks));
            }
            ArgumentOutOfRangeException.ThrowIfNegative(good[k]);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(good[k], total[k]);
            goodSums[k + 1] = checked(goodSums[k] + good[k]);
            totalSums[k + 1] = checked(totalSums[k] + total[k]);
        }
        return new RatioSeries((long[])atTicks.Clone(), goodSums, totalSums);
    }

    private static bool IsSorted(long[] keys)
    {
        for (var k = 1; k < keys.Length; k++)
        {
            if (keys[k] < keys[k - 1])
            {
                return false;
            }
        }
        return true;
    }


    /// <inheritdoc/>
    public override EventCounts Sum(long startTicks, long endTicks)
    {
        if (endTicks <= startTicks)
        {
            return default;
        }
        var from = UpperBound(startTicks); // first index with at > start
        var to = UpperBound(endTicks);     // first index with at > end
        return new EventCounts(_good[to] - _good[from], _total[to] - _total[from]);
    }

    private int UpperBound(long ticks)
    {
        var index = Array.BinarySearch(_at, ticks);
        return index >= 0 ? index + 1 : ~index;
    }
}

/// <summary>
/// Periods [start, end) that do not count, merged where they overlap. A measurement at t is excluded
/// when start ≤ t &lt; end.
/// </summary>
public sealed class ExclusionSet
{
    private readonly (long Start, long End)[] _periods;

    private ExclusionSet((long, long)[] periods) => _periods = periods;

    /// <summary>No exclusion.</summary>
    public static ExclusionSet None { get; } = new([]);

    /// <summary>Builds the set from [start, end) periods, in any order, overlapping or not.</summary>
    public static ExclusionSet From(IEnumerable<(Instant Start, Instant End)> periods)
    {
        var sorted = periods.Where(p => p.End > p.Start)
            .Select(p => (Start: p.Start.ToUnixTimeTicks(), End: p.End.ToUnixTimeTicks()))
            .OrderBy(p => p.Start).ToList();
        var merged = new List<(long Start, long End)>();
        foreach (var p in sorted)
        {
            if (merged.Count > 0 && p.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, p.End));
            }
            else
            {
                merged.Add(p);
            }
        }
        return new ExclusionSet([.. merged]);
    }

    /// <summary>The periods [start, end) that overlap the span (a, b) of ticks, in order.</summary>
    internal IEnumerable<(long Start, long End)> Overlapping(long a, long b)
    {
        // Skip, by bisection, the periods that end before the span: business hours make thousands of them.
        int lo = 0, hi = _periods.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_periods[mid].End <= a)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        for (var i = lo; i < _periods.Length && _periods[i].Start < b; i++)
        {
            yield return _periods[i];
        }
    }

    /// <summary>
    /// The excluded parts of a window, as disjoint (a, b] tick ranges: [s, e) holds the same tick
    /// instants as (s − 1, e − 1].
    /// </summary>
    internal IEnumerable<(long Start, long End)> TicksWithin(long a, long b)
    {
        // [s, e) overlaps the instants of (a, b] exactly when it overlaps the span (a + 1, b + 1).
        foreach (var (s, e) in Overlapping(a + 1, b + 1))
        {
            var start = Math.Max(a, s - 1);
            var end = Math.Min(b, e - 1);
            if (end > start)
            {
                yield return (start, end);
            }
        }
    }
}
