using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NodaTime;
using OpenSlm.Evaluation;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Measurements;
using OpenSlm.Jobs;
using OpenSlm.Storage;
using OpenSlm.Storage.Alerts;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Measurements;

namespace OpenSlm.Benchmarks;

/// <summary>
/// Issue 5's alert workload: N objectives (100 agreements of N/100 objectives, each on its own indicator with a day of
/// 5-minute measurements, one in fifty burning fast) evaluated by <see cref="AlertEvaluator"/> round after round, as
/// <c>slm serve</c> does every minute. Reports the CPU time and wall time of a round: the target is ≤ 5 % of one core,
/// 3 s of CPU a minute.
/// </summary>
/// <remarks>Usage: <c>alerts [N] [--rounds R] [--live] [--db CONNECTION|DIR]</c>; <c>--live</c> ingests a new measurement for every
/// objective before each round (not timed), as a live feed does, so every series has changed when the round reads it.</remarks>
public static class AlertHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 && !args[0].StartsWith('-') ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var rounds = int.Parse(Option("--rounds") ?? "5", CultureInfo.InvariantCulture);
        var live = args.Contains("--live");   // a new measurement for every objective before each round, as a live feed gives
        var db = Option("--db");
        var target = db is not null && db.Contains('=', StringComparison.Ordinal)
            ? DatabaseTarget.Resolve(db, null)
            : DatabaseTarget.Resolve(null, db ?? Path.Combine(Path.GetTempPath(), "openslm-bench-alerts", Guid.NewGuid().ToString("N")));
        await target.MigrateAsync();
        var now = Instant.FromUtc(2025, 3, 20, 12, 0);
        var clock = SystemClock.Instance;
        var catalogue = new CatalogueStore(target, clock);
        var setup = Stopwatch.StartNew();
        var read = DocumentReader.Read(Catalogue(n), "alerts.yaml");
        var applied = await catalogue.ApplyAsync(read.Documents, new Actor("bench", "bench"));
        if (applied.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", applied.Errors.Take(3)));
        }
        var measurements = new MeasurementStore(target);
        var rows = new List<MeasurementRow>();
        for (var k = 0; k < n; k++)
        {
            for (var m = 287; m >= 0; m--)
            {
                var bad = k % 50 == 0 && m < 12 ? 30 : 0;  // one objective in fifty: 3 % failing for the last hour
                rows.Add(new MeasurementRow(0, now - Duration.FromMinutes(5 * m), $"i{k}", 1000 - bad, 1000, null));
                if (rows.Count == 100_000)
                {
                    await Ingest(measurements, rows);
                }
            }
        }
        await Ingest(measurements, rows);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"alerts: {n:N0} objectives, {n * 288:N0} measurements, set up in {setup.Elapsed.TotalSeconds:F1} s into {target.Description}"));

        var alerts = new AlertStore(target);
        var evaluator = new AlertEvaluator(catalogue, new ObjectiveReader(catalogue, measurements), alerts, new Notifier(catalogue, NotificationOptions.None), measurements, new Storage.Jobs.JobLeases(target), new Storage.Tickets.TicketStore(target, NodaTime.SystemClock.Instance), Microsoft.Extensions.Logging.Abstractions.NullLogger<AlertEvaluator>.Instance);
        using var self = Process.GetCurrentProcess();
        var results = new List<(double CpuMs, double WallMs, int Opened)>();
        for (var r = 0; r <= rounds; r++)
        {
            if (live && r > 0)
            {
                for (var k = 0; k < n; k++)
                {
                    rows.Add(new MeasurementRow(0, now + Duration.FromMinutes(r), $"i{k}", 1000, 1000, null));
                }
                await Ingest(measurements, rows);
            }
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var round = await evaluator.RunOnceAsync(now + Duration.FromMinutes(r), default) ?? throw new InvalidOperationException("no lease");
            wall.Stop();
            self.Refresh();
            results.Add(((self.TotalProcessorTime - cpu).TotalMilliseconds, wall.Elapsed.TotalMilliseconds, round.Opened.Count));
            if (r < 5 || results[^1].CpuMs > 1000)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"alerts round {r} (+{r} min): {round.Objectives:N0} objectives, {round.Opened.Count} opened, CPU {results[^1].CpuMs:F0} ms, wall {results[^1].WallMs:F0} ms"));
            }
        }
        var warm = results.Skip(1).OrderBy(x => x.CpuMs).ToList();
        var median = warm[warm.Count / 2];
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            harness = "alerts",
            objectives = n,
            live,
            first_round = new { cpu_ms = Math.Round(results[0].CpuMs), wall_ms = Math.Round(results[0].WallMs), opened = results[0].Opened },
            median_round = new { cpu_ms = Math.Round(median.CpuMs), wall_ms = Math.Round(median.WallMs) },
            rounds_after_the_first = results.Count - 1,
            mean_cpu_ms_after_the_first = Math.Round(results.Skip(1).Average(x => x.CpuMs)),
            max_cpu_ms_after_the_first = Math.Round(results.Skip(1).Max(x => x.CpuMs)),
            share_of_one_core_per_minute = Math.Round(results.Skip(1).Average(x => x.CpuMs) / 60_000, 4),
        }));
        return 0;
    }

    private static async Task Ingest(MeasurementStore store, List<MeasurementRow> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var result = await store.IngestAsync(rows, "bench");
        if (!result.Ok)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Take(3)));
        }
        rows.Clear();
    }

    private static string Catalogue(int n)
    {
        var yaml = new StringBuilder("apiVersion: openslm/v1\nkind: Service\nmetadata: {name: shop}\n");
        for (var k = 0; k < n; k++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"---\napiVersion: openslm/v1\nkind: Indicator\nmetadata: {{name: i{k}}}\nspec: {{service: shop}}\n");
        }
        var perAgreement = Math.Max(1, n / 100);
        for (var a = 0; a * perAgreement < n; a++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"---\napiVersion: openslm/v1\nkind: Agreement\nmetadata: {{name: a{a}}}\nspec:\n  kind: Expectation\n  status: Active\n  services: [shop]\n  objectives:\n");
            for (var k = a * perAgreement; k < Math.Min(n, (a + 1) * perAgreement); k++)
            {
                // Half on a rolling 30 days, half on the calendar month (whose trend is fitted once an hour).
                var window = k % 2 == 0 ? "{rolling: 30d}" : "{calendar: month}";
                yaml.Append(CultureInfo.InvariantCulture, $"    - {{name: o{k}, indicator: i{k}, target: 99.9, window: {window}}}\n");
            }
        }
        return yaml.ToString();
    }
}
