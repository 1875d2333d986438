using OpenSlm.Core.Evaluation;

namespace OpenSlm.Storage.Measurements;

/// <summary>
/// How one ingest moves the rollups: the change in good and total events per series and hour, and from those per
/// series and UTC day (a day is 24 whole hours, so its change is the sum of its hours').
/// </summary>
internal sealed class RollupDeltas
{
    private readonly Dictionary<(int Series, long End), (long Good, long Total)> _hours = [];

    /// <summary>Adds a change of <paramref name="good"/> and <paramref name="total"/> events at <paramref name="atTicks"/>.</summary>
    public void Add(int series, long atTicks, long good, long total)
    {
        if (good == 0 && total == 0)
        {
            return;
        }
        var key = (series, Rollup.BucketEnd(atTicks, Rollup.HourTicks));
        ref var sum = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_hours, key, out _);
        sum = (checked(sum.Good + good), checked(sum.Total + total));
    }

    /// <summary>Every hour and day bucket that changes, with its change.</summary>
    public IEnumerable<((int Series, long Width, long End) Key, (long Good, long Total) Delta)> Buckets()
    {
        var days = new Dictionary<(int Series, long End), (long Good, long Total)>();
        foreach (var ((series, end), delta) in _hours)
        {
            yield return ((series, Rollup.HourTicks, end), delta);
            var day = (series, Rollup.BucketEnd(end, Rollup.DayTicks));
            days.TryGetValue(day, out var sum);
            days[day] = (checked(sum.Good + delta.Good), checked(sum.Total + delta.Total));
        }
        foreach (var ((series, end), delta) in days)
        {
            yield return ((series, Rollup.DayTicks, end), delta);
        }
    }
}
