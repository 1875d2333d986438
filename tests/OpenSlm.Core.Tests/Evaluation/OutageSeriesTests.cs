using FsCheck.Xunit;
using NodaTime;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Tests.Evaluation;

public sealed class OutageSeriesTests
{
    private static readonly Instant T0 = Instant.FromUtc(2025, 3, 1, 0, 0);

    [Property(MaxTest = 300)]
    public bool Counts_equal_a_second_by_second_count((ushort Start, byte Length, bool Open)[] raw, ushort observed, ushort from, ushort length, byte fraction)
    {
        // Times in half-seconds so that edges fall on and between whole seconds.
        Instant Half(int n) => T0 + Duration.FromMilliseconds(500L * n);
        var outages = raw.Select(o => (Start: Half(o.Start % 4000), End: o.Open ? (Instant?)null : Half((o.Start % 4000) + o.Length))).ToList();
        var series = new OutageSeries(Half(observed % 4000), outages);
        var a = Half(from % 4000) + Duration.FromTicks(fraction);
        var w = Window.Between(a, a + Duration.FromMilliseconds(500L * (1 + (length % 3000))));

        // The second ending at t counts when t is in the window and after observedFrom; it is down when it ends
        // inside (start, end] of an outage: for whole-second edges, when its span lies inside the outage.
        long total = 0, good = 0;
        var first = (long)Math.Floor(w.Start.ToUnixTimeTicks() / 1e7) + 1;
        for (var k = first; Instant.FromUnixTimeSeconds(k) <= w.End; k++)
        {
            var t = Instant.FromUnixTimeSeconds(k);
            if (t <= w.Start || t <= Half(observed % 4000))
            {
                continue;
            }
            total++;
            if (!outages.Any(o => o.Start < t && (o.End is null || t <= o.End)))
            {
                good++;
            }
        }
        return series.Sum(w) == new EventCounts(good, total);
    }

    [Fact]
    public void A_window_before_service_time_starts_has_no_data_not_one_hundred_percent()
    {
        var series = new OutageSeries(T0, []);
        Assert.IsType<Attainment.NoData>(series.Sum(new Window(T0, Duration.FromDays(1))).ToAttainment());
        Assert.Equal(new EventCounts(3600, 3600), series.Sum(new Window(T0 + Duration.FromHours(1), Duration.FromDays(1))));
    }

    [Fact]
    public void An_open_outage_lasts_until_the_window_ends_and_overlaps_count_once()
    {
        var series = new OutageSeries(T0, [(T0 + Duration.FromMinutes(50), null), (T0 + Duration.FromMinutes(40), T0 + Duration.FromMinutes(55))]);
        var hour = new Window(T0 + Duration.FromHours(1), Duration.FromHours(1));
        // Down from minute 40 to the end of the hour: 20 minutes of 60.
        Assert.Equal(new EventCounts(2400, 3600), series.Sum(hour));
    }

    [Fact]
    public void Business_hours_remove_seconds_like_events()
    {
        var series = new OutageSeries(T0, [(T0 + Duration.FromHours(8), T0 + Duration.FromHours(10))]);
        var closed = ExclusionSet.From([(T0, T0 + Duration.FromHours(9)), (T0 + Duration.FromHours(17), T0 + Duration.FromHours(24))]);
        var day = new Window(T0 + Duration.FromDays(1), Duration.FromDays(1));
        // Open 09:00–17:00 (8 h); down 09:00–10:00 inside it.
        Assert.Equal(new EventCounts(7 * 3600, 8 * 3600), series.Sum(day, closed));
    }
}
