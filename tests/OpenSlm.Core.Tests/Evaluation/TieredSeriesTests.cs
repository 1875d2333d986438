using FsCheck.Xunit;
using NodaTime;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Tests.Evaluation;

public sealed class TieredSeriesTests
{
    private static readonly Instant T0 = Instant.FromUtc(2025, 1, 1, 0, 0);

    /// <summary>Measurements at any second over ~3 weeks, so they fall inside hours, on hour and day boundaries, and across days.</summary>
    private static List<RatioMeasurement> Measurements((ushort Offset, byte Scale, byte Good, byte Bad)[] raw) =>
        [.. raw.Select(r => new RatioMeasurement(T0 + Duration.FromSeconds((long)r.Offset * (1 + (r.Scale % 32))), r.Good, r.Good + r.Bad))];

    private static Instant At(uint seconds, byte aligned) => (aligned % 4) switch
    {
        0 => T0 + Duration.FromSeconds(seconds % 2_100_000),
        1 => T0 + Duration.FromHours(seconds % 600),
        2 => T0 + Duration.FromDays(seconds % 25),
        _ => T0 + Duration.FromTicks(seconds * 7_919L),
    };

    [Property(MaxTest = 300)]
    public bool Any_window_reads_the_same_counts_as_the_raw_series((ushort, byte, byte, byte)[] raw, uint from, byte fromAligned, uint to, byte toAligned)
    {
        var ms = Measurements(raw);
        var (a, b) = (At(from, fromAligned), At(to, toAligned));
        var w = Window.Between(a < b ? a : b, a < b ? b : a + Duration.FromTicks(1));
        return TieredSeries.From(ms).Sum(w) == RatioSeries.From(ms).Sum(w);
    }

    [Property(MaxTest = 100)]
    public bool Exclusions_read_the_same_counts_as_the_raw_series((ushort, byte, byte, byte)[] raw, uint s1, byte l1, uint s2, byte l2)
    {
        var ms = Measurements(raw);
        var exclusions = ExclusionSet.From([
            (T0 + Duration.FromSeconds(s1 % 2_000_000), T0 + Duration.FromSeconds((s1 % 2_000_000) + (l1 * 997L))),
            (T0 + Duration.FromSeconds(s2 % 2_000_000), T0 + Duration.FromSeconds((s2 % 2_000_000) + (l2 * 7_919L))),
        ]);
        var w = Window.Between(T0 - Duration.FromDays(1), T0 + Duration.FromDays(30));
        return TieredSeries.From(ms).Sum(w, exclusions) == RatioSeries.From(ms).Sum(w, exclusions);
    }

    [Fact]
    public void A_year_long_window_reads_whole_days_and_at_most_two_raw_hours()
    {
        // One measurement a minute for a year: the tiered read touches two raw hours, never the year's 525,600 rows.
        var minutes = 366 * 1440;
        var at = new long[minutes];
        var good = new long[minutes];
        var total = new long[minutes];
        for (var k = 0; k < minutes; k++)
        {
            at[k] = (T0 + Duration.FromMinutes(k + 1)).ToUnixTimeTicks();
            (good[k], total[k]) = (k % 1000 == 0 ? 0 : 1, 1);
        }
        var raw = RatioSeries.FromOrdered(at, good, total);
        var rawReads = 0;
        var counted = new TieredSeries(
            RollUp(raw, Rollup.DayTicks), RollUp(raw, Rollup.HourTicks),
            end => { rawReads++; return RatioSeries.From(raw.Items().Where(m => m.At.ToUnixTimeTicks() > end - Rollup.HourTicks && m.At.ToUnixTimeTicks() <= end)); });
        var w = new Window(T0 + Duration.FromDays(365) + Duration.FromSeconds(90), Duration.FromDays(365));
        Assert.Equal(raw.Sum(w), counted.Sum(w));
        Assert.Equal(2, rawReads);
    }

    private static RatioSeries RollUp(RatioSeries raw, long width)
    {
        var buckets = raw.Items().GroupBy(m => Rollup.BucketEnd(m.At.ToUnixTimeTicks(), width)).OrderBy(g => g.Key).ToList();
        return RatioSeries.FromOrdered([.. buckets.Select(g => g.Key)], [.. buckets.Select(g => g.Sum(m => m.Good))], [.. buckets.Select(g => g.Sum(m => m.Total))]);
    }

    [Fact]
    public void Buckets_end_on_their_boundary_like_windows()
    {
        Assert.Equal(Rollup.HourTicks, Rollup.BucketEnd(Rollup.HourTicks, Rollup.HourTicks));
        Assert.Equal(2 * Rollup.HourTicks, Rollup.BucketEnd(Rollup.HourTicks + 1, Rollup.HourTicks));
        Assert.Equal(0, Rollup.BucketEnd(-1, Rollup.HourTicks));
        Assert.Equal(-Rollup.HourTicks, Rollup.BucketEnd(-Rollup.HourTicks, Rollup.HourTicks));
        Assert.Equal(-Rollup.HourTicks, Rollup.Floor(-1, Rollup.HourTicks));
    }

    [Fact]
    public void FromOrdered_refuses_instants_out_of_order()
    {
        var error = Assert.Throws<ArgumentException>(() => RatioSeries.FromOrdered([2, 1], [0, 0], [1, 1]));
        Assert.Contains("strictly increasing", error.Message, StringComparison.Ordinal);
    }
}
