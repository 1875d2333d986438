using NodaTime;

namespace OpenSlm.Core.Evaluation;

/// <summary>
/// Availability from outage records, read as events so the engine treats it like any other indicator: every
/// whole second of service time is one observation, and it is bad when it lies inside an outage. Budgets are
/// therefore in seconds. Service time starts at the indicator's observed-from instant; a window before it has no
/// data (never 100 %). An outage with no end yet lasts until the window ends.
/// </summary>
/// <remarks>
/// Time here is time, not instants: the second that ends at k (k whole seconds after the Unix epoch) is the span
/// (k − 1 s, k]. A window (a, b], an outage [start, end), an exclusion or a closed stretch of business hours all
/// cover the seconds whose span lies inside them, so with whole-second edges every figure is exact: an outage from
/// 10:00 to 10:05 is 300 seconds down, and business hours from 09:00 to 17:00 are 28,800 seconds.
/// </remarks>
public sealed class OutageSeries : CountSeries
{
    private const long Second = NodaConstants.TicksPerSecond;

    private readonly long _observedFrom;
    private readonly ExclusionSet _outages;

    /// <summary>Creates the series; outages may come in any order and overlap (they are merged).</summary>
    public OutageSeries(Instant observedFrom, IEnumerable<(Instant Start, Instant? End)> outages)
    {
        ArgumentNullException.ThrowIfNull(outages);
        _observedFrom = observedFrom.ToUnixTimeTicks();
        _outages = ExclusionSet.From(outages.Select(o => (o.Start, o.End ?? Instant.MaxValue)));
    }

    /// <inheritdoc />
    public override EventCounts Sum(long startTicks, long endTicks)
    {
        var from = Math.Max(startTicks, _observedFrom);
        if (endTicks <= from)
        {
            return default;
        }
        var total = Seconds(from, endTicks);
        long down = 0;
        foreach (var (s, e) in _outages.Overlapping(from, endTicks))
        {
            down += Seconds(Math.Max(from, s), Math.Min(endTicks, e));
        }
        return new EventCounts(total - down, total);
    }

    /// <summary>Counts of (start, end] outside every exclusion, each exclusion [s, e) removing the time (s, e].</summary>
    public override EventCounts Sum(long startTicks, long endTicks, ExclusionSet exclusions)
    {
        ArgumentNullException.ThrowIfNull(exclusions);
        var counts = Sum(startTicks, endTicks);
        foreach (var (s, e) in exclusions.Overlapping(startTicks, endTicks))
        {
            counts -= Sum(Math.Max(startTicks, s), Math.Min(endTicks, e));
        }
        return counts;
    }

    /// <summary>How many seconds end in (a, b]: whole seconds after the Unix epoch, so splits add up exactly.</summary>
    private static long Seconds(long a, long b) => b <= a ? 0 : FloorDiv(b) - FloorDiv(a);

    private static long FloorDiv(long ticks) => ticks >= 0 ? ticks / Second : -((-ticks + Second - 1) / Second);
}
