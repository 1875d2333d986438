namespace OpenSlm.Core.Evaluation;

/// <summary>
/// The widths measurements are rolled up to. A measurement at instant t belongs to the bucket that ends at
/// t rounded up to the width (buckets are (end − width, end], like windows), so the counts of any window whose
/// ends fall on bucket boundaries are the sum of whole buckets.
/// </summary>
public static class Rollup
{
    /// <summary>One hour, in ticks.</summary>
    public const long HourTicks = 36_000_000_000;

    /// <summary>One UTC day, in ticks.</summary>
    public const long DayTicks = 24 * HourTicks;

    /// <summary>The end of the bucket of <paramref name="width"/> ticks holding an instant (in Unix ticks).</summary>
    public static long BucketEnd(long ticks, long width) => Ceiling(ticks, width);

    /// <summary><paramref name="ticks"/> rounded up to a multiple of <paramref name="width"/>.</summary>
    public static long Ceiling(long ticks, long width) => -Floor(-ticks, width);

    /// <summary><paramref name="ticks"/> rounded down to a multiple of <paramref name="width"/>.</summary>
    public static long Floor(long ticks, long width)
    {
        var r = ticks % width;
        return r < 0 ? ticks - r - width : ticks - r;
    }
}

/// <summary>
/// Counts read from rollups: whole UTC days and whole hours from prefix sums, and the raw measurements of at
/// most the two partial hours at a window's ends, fetched through <c>rawHour</c>. Any window, an hour or a
/// year long, costs at most six binary searches and two raw hours, and gives exactly the counts of the raw
/// measurements (sums of integers; nothing is interpolated).
/// </summary>
public sealed class TieredSeries : CountSeries
{
    private readonly RatioSeries _days;
    private readonly RatioSeries _hours;
    private readonly Func<long, RatioSeries> _rawHour;

    /// <summary>
    /// Creates the series. <paramref name="days"/> and <paramref name="hours"/> hold one measurement per
    /// non-empty bucket, at the bucket's end (<see cref="Rollup.BucketEnd"/>); <paramref name="rawHour"/> gives the
    /// raw measurements of the hour bucket ending at the instant (in ticks) it is passed. The caller keeps the
    /// three consistent (built from the same data).
    /// </summary>
    public TieredSeries(RatioSeries days, RatioSeries hours, Func<long, RatioSeries> rawHour)
    {
        _days = days ?? throw new ArgumentNullException(nameof(days));
        _hours = hours ?? throw new ArgumentNullException(nameof(hours));
        _rawHour = rawHour ?? throw new ArgumentNullException(nameof(rawHour));
    }

    /// <summary>
    /// Rolls <paramref name="measurements"/> up in memory (same instant: the later replaces the earlier) and
    /// reads partial hours from them: what a store does, for tests and offline use.
    /// </summary>
    public static TieredSeries From(IEnumerable<RatioMeasurement> measurements)
    {
        var items = RatioSeries.From(measurements).Items().ToList();
        var hours = items.GroupBy(m => Rollup.BucketEnd(m.At.ToUnixTimeTicks(), Rollup.HourTicks))
            .ToDictionary(g => g.Key, RatioSeries.From);
        return new TieredSeries(RollUp(items, Rollup.DayTicks), RollUp(items, Rollup.HourTicks),
            end => hours.GetValueOrDefault(end, RatioSeries.Empty));
    }

    private static RatioSeries RollUp(List<RatioMeasurement> ordered, long width)
    {
        var buckets = new SortedDictionary<long, (long Good, long Total)>();
        foreach (var m in ordered)
        {
            var end = Rollup.BucketEnd(m.At.ToUnixTimeTicks(), width);
            buckets.TryGetValue(end, out var sum);
            buckets[end] = (sum.Good + m.Good, sum.Total + m.Total);
        }
        return RatioSeries.FromOrdered([.. buckets.Keys], [.. buckets.Values.Select(v => v.Good)], [.. buckets.Values.Select(v => v.Total)]);
    }

    /// <inheritdoc/>
    public override EventCounts Sum(long startTicks, long endTicks)
    {
        if (endTicks <= startTicks)
        {
            return default;
        }
        var firstWhole = Rollup.Ceiling(startTicks, Rollup.HourTicks);
        var lastWhole = Rollup.Floor(endTicks, Rollup.HourTicks);
        if (firstWhole > lastWhole)
        {
            // (start, end] lies inside one hour bucket, the one ending at firstWhole.
            return Raw(firstWhole).Sum(startTicks, endTicks);
        }
        var counts = Whole(firstWhole, lastWhole);
        if (startTicks < firstWhole)
        {
            counts += Raw(firstWhole).Sum(startTicks, firstWhole);
        }
        if (lastWhole < endTicks)
        {
            counts += Raw(lastWhole + Rollup.HourTicks).Sum(lastWhole, endTicks);
        }
        return counts;
    }

    /// <summary>The raw measurements of the hour ending at <paramref name="hourEnd"/>; an hour its rollup shows empty is not fetched.</summary>
    private RatioSeries Raw(long hourEnd) =>
        _hours.Sum(hourEnd - Rollup.HourTicks, hourEnd).IsEmpty ? RatioSeries.Empty : _rawHour(hourEnd);

    /// <summary>Counts of (from, to] where both fall on hour boundaries: whole days where they fit, hours around them.</summary>
    private EventCounts Whole(long from, long to)
    {
        var firstDay = Rollup.Ceiling(from, Rollup.DayTicks);
        var lastDay = Rollup.Floor(to, Rollup.DayTicks);
        return firstDay < lastDay
            ? _hours.Sum(from, firstDay) + _days.Sum(firstDay, lastDay) + _hours.Sum(lastDay, to)
            : _hours.Sum(from, to);
    }
}
