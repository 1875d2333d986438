using OpenSlm.Core.Agreements;
using OpenSlm.Core.Indicators;

namespace OpenSlm.Core.Tests.Indicators;

/// <summary>What fits an indicator's type: the objective's threshold, and the measurements sent for it.</summary>
public sealed class IndicatorRulesTests
{
    private static readonly Threshold Under500 = new() { Op = ThresholdOperator.Lt, Value = 500 };

    [Theory]
    [InlineData(IndicatorType.Threshold, false, "is required")]
    [InlineData(IndicatorType.Threshold, true, null)]
    [InlineData(IndicatorType.Ratio, false, null)]
    [InlineData(IndicatorType.Ratio, true, "does not apply")]
    [InlineData(IndicatorType.Availability, true, "does not apply")]
    public void A_threshold_belongs_to_objectives_on_threshold_indicators_only(IndicatorType type, bool withThreshold, string? problem)
    {
        var objective = new ObjectiveSpec { Name = "o", Indicator = "latency", Target = 95, Threshold = withThreshold ? Under500 : null };
        var said = objective.ThresholdProblem(type);
        if (problem is null)
        {
            Assert.Null(said);
        }
        else
        {
            Assert.StartsWith(problem, said, StringComparison.Ordinal);
            Assert.Contains("'latency'", said, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Measurements_must_be_of_the_indicators_kind()
    {
        Assert.Null(new IndicatorSpec { Type = IndicatorType.Ratio }.MeasurementProblem("ok", isValue: false));
        Assert.Null(new IndicatorSpec { Type = IndicatorType.Threshold }.MeasurementProblem("ms", isValue: true));
        Assert.Equal("value", new IndicatorSpec { Type = IndicatorType.Threshold }.MeasurementProblem("ms", isValue: false)?.Field);
        Assert.Equal("total", new IndicatorSpec { Type = IndicatorType.Ratio }.MeasurementProblem("ok", isValue: true)?.Field);
        var outages = new IndicatorSpec { Type = IndicatorType.Availability, Outages = new OutageTracking { ObservedFrom = NodaTime.Instant.FromUtc(2025, 1, 1, 0, 0) } };
        Assert.Contains("/api/v1/outages", outages.MeasurementProblem("up", isValue: false)?.Message, StringComparison.Ordinal);
        var clocks = new IndicatorSpec { Clocks = new ClockTracking { Policy = "resolution" } };
        Assert.Contains("ticket policy 'resolution'", clocks.MeasurementProblem("p1", isValue: false)?.Message, StringComparison.Ordinal);
    }
}
