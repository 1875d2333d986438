using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Tests.Evaluation;

public sealed class RatioSeriesTests
{
    private static readonly Instant T0 = Instant.FromUtc(2025, 1, 1, 0, 0);

    /// <summary>Measurements one per minute offset, from generated (minute, good, bad) triples.</summary>
    private static List<RatioMeasurement> Measurements((byte Minute, byte Good, byte Bad)[] raw) =>
        [.. raw.Select(r => new RatioMeasurement(T0 + Duration.FromMinutes(r.Minute), r.Good, r.Good + r.Bad))];

    private static EventCounts Brute(IEnumerable<RatioMeasurement> ms, Window w, Func<Instant, bool>? excluded = null)
    {
        var last = ms.GroupBy(m => m.At).Select(g => g.Last()).Where(m => w.Contains(m.At) && !(excluded?.Invoke(m.At) ?? false));
        return new EventCounts(last.Sum(m => m.Good), last.Sum(m => m.Total));
    }

    [Property]
    public bool Window_sums_equal_a_brute_force_count((byte, byte, byte)[] raw, byte from, byte to)
    {
        var ms = Measurements(raw);
        var (a, b) = (Math.Min(from, to), Math.Max(from, to) + 1);
        var w = Window.Between(T0 + Duration.FromMinutes(a), T0 + Duration.FromMinutes(b));
        return RatioSeries.From(ms).Sum(w) == Brute(ms, w);
    }

    [Property]
    public bool A_window_split_in_two_and_merged_gives_the_same_counts((byte, byte, byte)[] raw, byte cut)
    {
        var series = RatioSeries.From(Measurements(raw));
        var whole = Window.Between(T0, T0 + Duration.FromMinutes(256));
        var mid = T0 + Duration.FromMinutes(cut) + Duration.FromSeconds(30 * (cut % 2));
        if (mid <= whole.Start)
        {
            return true;
        }
        return series.Sum(Window.Between(whole.Start, mid)) + series.Sum(Window.Between(mid, whole.End)) == series.Sum(whole);
    }

    [Property]
    public bool An_exclusion_removes_exactly_its_events((byte, byte, byte)[] raw, byte s1, byte l1, byte s2, byte l2)
    {
        var ms = Measurements(raw);
        var periods = new[] { (s1, l1), (s2, l2) }
            .Select(p => (Start: T0 + Duration.FromMinutes(p.Item1), End: T0 + Duration.FromMinutes(p.Item1 + (p.Item2 % 40))))
            .ToList();
        var exclusions = ExclusionSet.From(periods);
        var w = Window.Between(T0 - Duration.FromMinutes(1), T0 + Duration.FromMinutes(300));
        var expected = Brute(ms, w, t => periods.Any(p => p.Start <= t && t < p.End));
        return RatioSeries.From(ms).Sum(w, exclusions) == expected;
    }

    [Property]
    public bool Attainment_is_no_data_or_between_zero_and_one(NonNegativeInt good, NonNegativeInt bad) =>
        Attainment.From(good.Get, (long)good.Get + bad.Get) is Attainment.NoData or Attainment.Measured { Ratio: >= 0m and <= 1m };

    [Fact]
    public void No_events_is_no_data_never_zero_or_one_hundred_percent()
    {
        Assert.IsType<Attainment.NoData>(Attainment.From(0, 0));
        Assert.IsType<Attainment.NoData>(RatioSeries.Empty.Sum(new Window(T0, Duration.FromDays(30))).ToAttainment());
    }

    [Fact]
    public void The_window_excludes_its_start_and_includes_its_end()
    {
        var series = RatioSeries.From([new RatioMeasurement(T0, 1, 1), new RatioMeasurement(T0 + Duration.FromMinutes(1), 2, 2)]);
        Assert.Equal(new EventCounts(2, 2), series.Sum(Window.Between(T0, T0 + Duration.FromMinutes(1))));
        Assert.Equal(new EventCounts(1, 1), series.Sum(Window.Between(T0 - Duration.FromMinutes(1), T0)));
    }

    [Fact]
    public void A_measurement_sent_again_replaces_the_first_instead_of_doubling()
    {
        var series = RatioSeries.From([new RatioMeasurement(T0, 5, 10), new RatioMeasurement(T0, 9, 10)]);
        Assert.Equal(1, series.Count);
        Assert.Equal(new EventCounts(9, 10), series.Sum(new Window(T0, Duration.FromMinutes(1))));
    }

    [Fact]
    public void An_exclusion_is_start_inclusive_and_end_exclusive()
    {
        var series = RatioSeries.From([new RatioMeasurement(T0, 0, 1), new RatioMeasurement(T0 + Duration.FromMinutes(10), 0, 1)]);
        var exclusions = ExclusionSet.From([(T0, T0 + Duration.FromMinutes(10))]);
        Assert.Equal(new EventCounts(0, 1), series.Sum(new Window(T0 + Duration.FromHours(1), Duration.FromHours(2)), exclusions));
    }

    [Fact]
    public void Judged_values_are_one_event_each_good_when_they_meet_the_threshold()
    {
        var threshold = new Threshold { Op = ThresholdOperator.Lt, Value = 500m };
        var series = RatioSeries.Judged([(T0 + Duration.FromMinutes(1), 499.9m), (T0 + Duration.FromMinutes(2), 500m), (T0 + Duration.FromMinutes(3), 120m)], threshold);
        Assert.Equal(new EventCounts(2, 3), series.Sum(Window.Between(T0, T0 + Duration.FromMinutes(3))));
    }
}
