using FsCheck.Xunit;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Improvement;
using OpenSlm.Core.Reporting;

namespace OpenSlm.Core.Tests.Improvement;

public sealed class AttainmentTrendTests
{
    private static List<PeriodFigures> Periods(params decimal?[] percents) =>
        [.. percents.Select((p, i) => new PeriodFigures($"2026-{i + 1:00}", p is { } v ? new Attainment.Measured(v / 100m) : Attainment.None,
            ObjectiveStatus.Met, 100, 0))];

    [Fact]
    public void A_met_objective_lower_in_each_of_its_last_three_periods_is_deteriorating()
    {
        var trend = AttainmentTrend.Of(Periods(99.98m, 99.97m, 99.96m, 99.95m), 99.9m);
        Assert.True(trend.Deteriorating);
        Assert.Equal(3, trend.FallingRun);
        Assert.Equal(-0.01m, trend.Slope);
        Assert.Equal(TrendDirection.Falling, trend.Direction);
        Assert.Equal(1, trend.Confidence);   // a perfect line
        Assert.Equal(99.94m, trend.Next);
        Assert.Contains("lower in each of the last 3 periods", trend.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sure_fall_that_reaches_the_target_soon_is_deteriorating_though_one_period_rose()
    {
        // Falling about 0.07 a period with one small rise: the line reaches 99.6 within the horizon.
        var trend = AttainmentTrend.Of(Periods(100m, 99.92m, 99.85m, 99.87m, 99.7m, 99.62m), 99.6m);
        Assert.Equal(2, trend.FallingRun);
        Assert.Equal(TrendDirection.Falling, trend.Direction);
        Assert.True(trend.Confidence > 0.99);
        Assert.True(trend.Deteriorating, trend.Why);
        Assert.Contains("reaches the target", trend.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_breached_latest_period_is_not_a_warning_and_too_few_periods_claim_no_trend()
    {
        var breached = AttainmentTrend.Of(Periods(99.99m, 99.95m, 99.9m, 99.8m), 99.85m);
        Assert.False(breached.Deteriorating);
        Assert.Contains("breached in its latest period", breached.Why, StringComparison.Ordinal);

        var few = AttainmentTrend.Of(Periods(99.9m, null, 99.8m, null), 99m);
        Assert.Equal(TrendDirection.NotEnoughData, few.Direction);
        Assert.Null(few.Slope);
        Assert.Equal(["2026-01", "2026-03"], few.Periods);
    }

    [Fact]
    public void Noise_around_a_level_is_steady()
    {
        var trend = AttainmentTrend.Of(Periods(99.95m, 99.97m, 99.94m, 99.96m, 99.95m, 99.96m), 99.9m);
        Assert.Equal(TrendDirection.Steady, trend.Direction);
        Assert.False(trend.Deteriorating);
    }

    [Fact]
    public void Only_the_last_six_periods_with_data_count()
    {
        var trend = AttainmentTrend.Of(Periods(90m, 91m, 99m, 99m, 99m, 99m, 99m, 99m), 95m);
        Assert.Equal(0m, trend.Slope);
        Assert.Equal(6, trend.Periods.Count);
    }

    /// <summary>Attainments in [90, 100] with three decimals, as reports hold them.</summary>
    private static decimal[] Percents(ushort[] raw) => [.. raw.Take(12).Select(r => 90m + (r % 10_001 / 1000m))];

    [Property(MaxTest = 300)]
    public bool Raising_every_period_by_the_same_amount_leaves_the_slope_and_its_confidence(ushort[] raw, byte lift)
    {
        var y = Percents(raw);
        var up = y.Select(v => v + (lift / 100m)).ToArray();
        var (a, b) = (AttainmentTrend.Of(Periods([.. y.Cast<decimal?>()]), 80m), AttainmentTrend.Of(Periods([.. up.Cast<decimal?>()]), 80m));
        return a.Slope == b.Slope && a.Direction == b.Direction && a.FallingRun == b.FallingRun
            && (a.Confidence is null ? b.Confidence is null : Math.Abs(a.Confidence.Value - b.Confidence!.Value) < 1e-9);
    }

    [Property(MaxTest = 300)]
    public bool Reversing_the_periods_negates_the_slope(ushort[] raw)
    {
        var y = Percents(raw).TakeLast(AttainmentTrend.LookBack).ToArray();
        var forward = AttainmentTrend.Of(Periods([.. y.Cast<decimal?>()]), 80m);
        var backward = AttainmentTrend.Of(Periods([.. y.Reverse().Cast<decimal?>()]), 80m);
        return forward.Slope == -backward.Slope;
    }

    [Property(MaxTest = 300)]
    public bool A_straight_line_gives_its_own_step_as_the_slope(ushort start, short step, byte count)
    {
        var n = 3 + (count % 4);
        var d = step / 10_000m;
        var y = Enumerable.Range(0, n).Select(i => (decimal?)(95m + (start % 1000 / 1000m) + (d * i))).ToArray();
        var trend = AttainmentTrend.Of(Periods(y), 50m);
        return trend.Slope == d && (d == 0 ? trend.Direction == TrendDirection.Steady : trend.Confidence == 1);
    }
}
