using System.Diagnostics;
using System.Globalization;
using System.Text;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Evaluation;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Measurements;
using OpenSlm.Storage;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Measurements;

namespace OpenSlm.Benchmarks;

/// <summary>
/// W1 whole-process: S objectives × D days × one ratio measurement a minute per objective's indicator,
/// ingested through <see cref="MeasurementStore"/> (time-major, 100,000 rows a batch, as a live feed
/// arrives) into a fresh SQLite file (or PostgreSQL), then every objective evaluated as the API does it
/// (30-day attainment, 7 burn rates), twice: cold and warm. Prints rows/s, evaluation times and the
/// process' peak resident memory.
/// </summary>
public static class W1Harness
{
    private static readonly Instant T0 = Instant.FromUtc(2025, 1, 1, 0, 0);

    public static async Task<int> RunAsync(string[] args)
    {
        var slos = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var days = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var target = args.Length > 2
            ? DatabaseTarget.Resolve(args[2], null)
            : DatabaseTarget.Resolve(null, Path.Combine(Path.GetTempPath(), "openslm-bench-w1", Guid.NewGuid().ToString("N")));
        await target.MigrateAsync();
        var catalogue = new CatalogueStore(target, SystemClock.Instance);
        var documents = DocumentReader.Read(Catalogue(slos, days), "w1.yaml");
        var applied = await catalogue.ApplyAsync(documents.Documents, new Actor("bench", "bench"));
        if (applied.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", applied.Errors));
        }
        var store = new MeasurementStore(target);

        var minutes = days * 1440;
        var rows = (long)minutes * slos;
        var ingest = Stopwatch.StartNew();
        foreach (var batch in Generate(slos, minutes).Chunk(100_000))
        {
            var result = await store.IngestAsync(batch, "w1");
            if (!result.Ok)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Take(3)));
            }
        }
        ingest.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"W1 ingest: {rows:N0} rows ({slos} indicators x {minutes:N0} minutes) in {ingest.Elapsed.TotalSeconds:F1} s = {rows / ingest.Elapsed.TotalSeconds:N0} rows/s into {target.Description}"));

        var now = T0 + Duration.FromMinutes(minutes);
        var agreement = (AgreementSpec)documents.Documents.Single(d => d.Kind == Core.Catalogue.ResourceKind.Agreement).Spec;
        for (var pass = 1; pass <= 2; pass++)
        {
            var clock = Stopwatch.StartNew();
            var breached = 0;
            foreach (var objective in agreement.Objectives)
            {
                var plan = ObjectivePlan.For(agreement, objective, null);
                var series = await store.RatioSeriesAsync(objective.Indicator, plan.Since(now), now);
                if (plan.Evaluate(series, now).Status == ObjectiveStatus.Breached)
                {
                    breached++;
                }
            }
            clock.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"W1 evaluate pass {pass}: {agreement.Objectives.Count} objectives in {clock.Elapsed.TotalMilliseconds:N0} ms ({breached} breached)"));
        }
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"W1 peak resident memory: {self.PeakWorkingSet64 / (1024 * 1024):N0} MiB"));
        return 0;
    }

    private static string Catalogue(int slos, int days)
    {
        var yaml = new StringBuilder("apiVersion: openslm/v1\nkind: Service\nmetadata: {name: w1}\n");
        for (var k = 0; k < slos; k++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"---\napiVersion: openslm/v1\nkind: Indicator\nmetadata: {{name: slo-{k}}}\nspec: {{service: w1}}\n");
        }
        yaml.Append("---\napiVersion: openslm/v1\nkind: Agreement\nmetadata: {name: w1}\nspec:\n  kind: Expectation\n  status: Active\n  services: [w1]\n  objectives:\n");
        for (var k = 0; k < slos; k++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"    - {{name: slo-{k}, indicator: slo-{k}, target: 99.9, window: {{rolling: {days}d}}}}\n");
        }
        return yaml.ToString();
    }

    /// <summary>Time-major: every indicator's row for minute 1, then minute 2, … Traffic 10–3,000 a minute, 0.05–0.5 % errors, with bursts.</summary>
    private static IEnumerable<MeasurementRow> Generate(int slos, int minutes)
    {
        var random = new Random(20250101);
        var baseRate = Enumerable.Range(0, slos).Select(_ => Math.Pow(10, 1 + (random.NextDouble() * 2.5))).ToArray();
        var errorRate = Enumerable.Range(0, slos).Select(_ => 0.0005 + (random.NextDouble() * 0.0045)).ToArray();
        var names = Enumerable.Range(0, slos).Select(k => $"slo-{k}").ToArray();
        var line = 1;
        for (var m = 1; m <= minutes; m++)
        {
            var at = T0 + Duration.FromMinutes(m);
            var diurnal = 1 + (0.5 * Math.Sin(2 * Math.PI * (m % 1440) / 1440));
            for (var k = 0; k < slos; k++)
            {
                var total = Math.Max(1, (long)(baseRate[k] * diurnal));
                var burst = (m + (k * 7919)) % 10_000 < 30 ? 0.2 : errorRate[k];
                var bad = (long)Math.Round(total * burst * random.NextDouble() * 2);
                yield return new MeasurementRow(++line, at, names[k], total - Math.Min(bad, total), total, null);
            }
        }
    }
}
