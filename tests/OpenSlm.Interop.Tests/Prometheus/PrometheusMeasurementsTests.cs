using NodaTime;
using OpenSlm.Interop.Prometheus;

namespace OpenSlm.Interop.Tests.Prometheus;

public sealed class PrometheusMeasurementsTests
{
    private static readonly Instant T0 = Instant.FromUtc(2025, 1, 1, 0, 0);

    private static PrometheusSeries Series(string instance, params double[] values) => new(
        new Dictionary<string, string> { ["instance"] = instance },
        [.. values.Select((v, i) => (T0 + Duration.FromMinutes(i), v))]);

    [Fact]
    public void Ratio_rows_add_the_increases_of_every_series_and_read_a_drop_as_a_restart()
    {
        var total = new[] { Series("a", 100, 110, 130), Series("b", 50, 5, 15) };
        var bad = new[] { Series("a", 1, 2, 2), Series("b", 0, 1, 1) };
        var rows = PrometheusMeasurements.Ratio("web", total, null, bad, T0);
        // minute 1: total 10 + 5 (b restarted), bad 1 + 1; minute 2: total 20 + 10, bad 0
        Assert.Equal([(13L, 15L), (30L, 30L)], rows.Select(r => (r.Good!.Value, r.Total!.Value)));
        Assert.Equal([T0 + Duration.FromMinutes(1), T0 + Duration.FromMinutes(2)], rows.Select(r => r.At));
    }

    [Fact]
    public void Good_is_kept_within_zero_and_total_and_steps_up_to_after_are_left_out()
    {
        var total = new[] { Series("a", 0, 10, 20, 30) };
        var good = new[] { Series("a", 0, 12, 22, 30) };
        var rows = PrometheusMeasurements.Ratio("web", total, good, null, T0 + Duration.FromMinutes(1));
        Assert.Equal([(10L, 10L), (8L, 10L)], rows.Select(r => (r.Good!.Value, r.Total!.Value)));
    }

    [Fact]
    public void Values_and_up_down_observations_become_rows()
    {
        var latency = new[] { Series("a", 120.5, double.NaN, 300) };
        Assert.Equal([120.5m, 300m], PrometheusMeasurements.Values("lat", latency, T0 - Duration.FromMinutes(1)).Select(r => r.Value!.Value));
        var up = new[] { Series("a", 1, 0, 1) };
        Assert.Equal([1L, 0L, 1L], PrometheusMeasurements.UpDown("up", up, T0 - Duration.FromMinutes(1)).Select(r => r.Good!.Value));
    }
}
