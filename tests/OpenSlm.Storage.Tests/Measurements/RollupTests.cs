using NodaTime;
using OpenSlm.Core.Evaluation;
using OpenSlm.Interop.Measurements;
using OpenSlm.Storage.Measurements;
using OpenSlm.Storage.Tests.Catalogue;
using OpenSlm.TestSupport;

namespace OpenSlm.Storage.Tests.Measurements;

public sealed class RollupTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static readonly Instant T0 = Instant.FromUtc(2026, 1, 1, 0, 0);

    private static MeasurementRow Row(Instant at, long good, long total) => new(1, at, "web-ok", good, total, null);

    /// <summary>Rows at odd seconds over ~10 days, some on hour and day boundaries, from a seeded generator.</summary>
    private static List<MeasurementRow> Rows(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ =>
        {
            var at = random.Next(3) == 0
                ? T0 + Duration.FromHours(random.Next(240))
                : T0 + Duration.FromSeconds(random.Next(864_000));
            var total = random.Next(0, 500);
            return Row(at, random.Next(0, total + 1), total);
        })];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Rollup_reads_equal_raw_reads_after_new_replaced_late_and_out_of_order_batches(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await Some.Store(db).ApplyOk(Some.Catalogue);
        var store = new MeasurementStore(db.Target);
        var random = new Random(7);
        var sent = new List<MeasurementRow>();
        for (var batch = 0; batch < 6; batch++)
        {
            // Each batch mixes new instants with re-sent ones (which replace), in no particular order.
            var rows = Rows(random, 400);
            rows.AddRange(sent.OrderBy(_ => random.Next()).Take(100).Select(r => r with { Good = 0, Total = r.Total + 3 }));
            var result = await store.IngestAsync(rows, $"batch-{batch}");
            Assert.True(result.Ok, string.Join("; ", result.Errors));
            sent.AddRange(rows);

            var counts = (await store.CountsAsync(["web-ok"]))["web-ok"];
            var raw = await store.RatioSeriesAsync("web-ok", T0 - Duration.FromDays(1), T0 + Duration.FromDays(11));
            for (var k = 0; k < 40; k++)
            {
                var a = T0 + Duration.FromSeconds(random.Next(-3600, 864_000));
                var b = a + (k % 3 == 0 ? Duration.FromHours(random.Next(1, 240)) : Duration.FromSeconds(random.Next(1, 864_000)));
                var w = Window.Between(a, b);
                Assert.Equal(raw.Sum(w), counts.Sum(w));
            }
            var all = Window.Between(T0 - Duration.FromDays(1), T0 + Duration.FromDays(11));
            var expected = sent.GroupBy(r => r.At).Select(g => g.Last()).ToList();
            Assert.Equal(new EventCounts(expected.Sum(r => r.Good!.Value), expected.Sum(r => r.Total!.Value)), counts.Sum(all));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Five_minute_slices_over_two_months_read_through_the_cache_equal_raw_reads(string provider)
    {
        // A sliced budget asks for every raw hour in turn: more hours than the cache keeps per series, read a week at a
        // time, dropped and read again; hours without data (a gap of three days) and rows on hour and week edges.
        await using var db = await TestDatabase.CreateAsync(provider);
        await Some.Store(db).ApplyOk(Some.Catalogue);
        var store = new MeasurementStore(db.Target);
        var random = new Random(11);
        var rows = Enumerable.Range(0, 60 * 24 * 60 / 7)
            .Select(i => T0 + Duration.FromMinutes(i * 7))
            .Where(at => at < T0 + Duration.FromDays(20) || at > T0 + Duration.FromDays(23))
            .Select(at => Row(at, random.Next(0, 11), 10)).ToList();
        Assert.True((await store.IngestAsync(rows, "two-months")).Ok);
        var raw = await store.RatioSeriesAsync("web-ok", T0 - Duration.FromDays(1), T0 + Duration.FromDays(61));
        var counts = (await store.CountsAsync(["web-ok"]))["web-ok"];
        for (var pass = 0; pass < 2; pass++)
        {
            for (var start = T0 - Duration.FromMinutes(3); start < T0 + Duration.FromDays(61); start += Duration.FromMinutes(5))
            {
                var slice = Window.Between(start, start + Duration.FromMinutes(5));
                Assert.Equal(raw.Sum(slice), counts.Sum(slice));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_write_by_another_store_on_the_same_database_is_seen_by_the_next_read(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await Some.Store(db).ApplyOk(Some.Catalogue);
        var reader = new MeasurementStore(db.Target);
        var writer = new MeasurementStore(db.Target);   // another process, as far as the cache can tell
        var day = Window.Between(T0, T0 + Duration.FromDays(1));

        Assert.Equal(new EventCounts(0, 0), (await reader.CountsAsync(["web-ok"]))["web-ok"].Sum(day));
        Assert.True((await writer.IngestAsync([Row(T0 + Duration.FromMinutes(90), 9, 10)], "first")).Ok);
        Assert.Equal(new EventCounts(9, 10), (await reader.CountsAsync(["web-ok"]))["web-ok"].Sum(day));
        Assert.True((await writer.IngestAsync([Row(T0 + Duration.FromMinutes(90), 5, 10)], "again")).Ok);
        Assert.Equal(new EventCounts(5, 10), (await reader.CountsAsync(["web-ok"]))["web-ok"].Sum(day));
    }
}
