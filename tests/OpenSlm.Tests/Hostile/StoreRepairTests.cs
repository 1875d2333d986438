using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenSlm.Core.Evaluation;
using OpenSlm.Storage;
using OpenSlm.Storage.Entities;
using OpenSlm.Storage.Maintenance;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Hostile;

/// <summary>
/// A store written by a build before the limits: a measurement in year 9999, a day rollup that wrapped past 2^63, a
/// ticket update in year 1. Reading leaves them out (no 500), the check names them, and <c>slm repair</c> writes them to a
/// file, removes them and rebuilds the sums, after which the store is clean and the numbers are the good rows' alone.
/// </summary>
public sealed class StoreRepairTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private const string Catalogue = """
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: web}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: web-ok}
        spec: {service: web}
        ---
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: web-slo}
        spec:
          kind: Expectation
          status: Active
          services: [web]
          objectives:
            - {name: availability, indicator: web-ok, target: 99, window: {rolling: 7d}}
        """;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Rows_from_before_the_limits_are_left_out_of_reads_named_by_the_check_and_removed_by_slm_repair(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue))).StatusCode);
        await MinuteCsv.PostAsync(api, "web-ok", api.Clock.GetCurrentInstant() - Duration.FromMinutes(1), 120, ago => ago < 30 ? 2 : 0);
        var before = await api.GetJson("/api/v1/agreements/web-slo/evaluation");

        // What an old build let in, written as it would have stored it.
        var target = api.Services.GetRequiredService<DatabaseTarget>();
        var series = 0;
        await using (var db = target.CreateContext())
        {
            series = (await db.Series.SingleAsync(s => s.Indicator == "web-ok")).Id;
            var day = Rollup.BucketEnd(api.Clock.GetCurrentInstant().ToUnixTimeTicks(), Rollup.DayTicks) - Rollup.DayTicks;
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO measurements (series_id, at, good, total) VALUES ({series}, {Instant.FromUtc(9999, 12, 31, 23, 59).ToUnixTimeTicks()}, 1, 1)");
            // A new revision, so the running server's cache reads the row as a change, as it would any write.
            await db.Database.ExecuteSqlAsync($"UPDATE series SET revision = revision + 1 WHERE id = {series}");
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO rollups (series_id, width, end_at, good, total, revision) VALUES ({series}, {Rollup.DayTicks}, {day - Rollup.DayTicks}, {long.MinValue}, {long.MinValue}, (SELECT revision FROM series WHERE id = {series}))");
            db.TicketEvents.Add(new TicketEventEntity { Ticket = "INC1", At = Instant.FromUtc(1, 1, 1, 0, 0).ToUnixTimeTicks(), Fields = "{}", Digest = "x", ReceivedAt = 0 });
            await db.SaveChangesAsync();
        }

        var check = new StoreCheck(target);
        var found = await check.FindAsync();
        Assert.Equal(1, found.Counts["measurements"]);
        Assert.Equal(1, found.Counts["rollups"]);
        Assert.Equal(1, found.Counts["ticket_events"]);
        Assert.Contains(found.Examples, r => r.Table == "measurements" && r.Subject == "web-ok" && r.Why.Contains("1970", StringComparison.Ordinal));
        Assert.Contains(found.Examples, r => r.Table == "ticket_events" && r.Subject == "INC1");

        // Reads leave them out: the same evaluation, no 500.
        var during = await api.GetJson("/api/v1/agreements/web-slo/evaluation");
        Assert.Equal(before["objectives"]![0]!["attainment"]!.ToJsonString(), during["objectives"]![0]!["attainment"]!.ToJsonString());

        var where = provider == "sqlite" ? new[] { "--data", api.DataDirectory! } : ["--database", target.ConnectionString];
        var dry = await SlmProcess.RunAsync(["repair", "--check", .. where]);
        Assert.True(dry.ExitCode == 1, dry.Output + dry.Error);
        Assert.Contains("3 stored rows are outside OpenSLM's limits", dry.Output, StringComparison.Ordinal);
        Assert.Equal(3, (await check.FindAsync()).Total);   // --check changed nothing

        var file = Path.Combine(SlmProcess.TempDir(), "removed.csv");
        var repair = await SlmProcess.RunAsync(["repair", "-o", file, .. where]);
        Assert.True(repair.ExitCode == 0, repair.Output + repair.Error);
        Assert.True((await check.FindAsync()).Clean);
        var removed = await File.ReadAllLinesAsync(file);
        Assert.Equal(4, removed.Length);   // the header and the three rows
        Assert.Contains(removed, l => l.StartsWith("measurements,web-ok,", StringComparison.Ordinal));
        Assert.Contains(removed, l => l.StartsWith("rollups,web-ok,", StringComparison.Ordinal));
        Assert.Contains(removed, l => l.StartsWith("ticket_events,INC1,", StringComparison.Ordinal));

        // The rebuilt rollups hold exactly the good rows: the day sums equal the raw measurements'.
        await using (var db = target.CreateContext())
        {
            var raw = await db.Measurements.Where(m => m.SeriesId == series).SumAsync(m => m.Total ?? 0);
            var days = await db.Rollups.Where(r => r.SeriesId == series && r.Width == Rollup.DayTicks).SumAsync(r => r.Total);
            var hours = await db.Rollups.Where(r => r.SeriesId == series && r.Width == Rollup.HourTicks).SumAsync(r => r.Total);
            Assert.Equal(raw, days);
            Assert.Equal(raw, hours);
            Assert.Equal(120 * 1000, raw);
        }
        var again = await SlmProcess.RunAsync(["repair", .. where]);
        Assert.Contains("Nothing to repair", again.Output, StringComparison.Ordinal);
    }
}
