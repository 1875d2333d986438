using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NodaTime;
using OpenSlm.Core.Reporting;
using OpenSlm.Evaluation;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Measurements;
using OpenSlm.Reporting;
using OpenSlm.Reports;
using OpenSlm.Storage;
using OpenSlm.Storage.Alerts;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Measurements;
using OpenSlm.Storage.Tickets;

namespace OpenSlm.Benchmarks;

/// <summary>
/// Issue 6's report workload, whole process on SQLite: one agreement of 20 objectives with 13 months of hourly
/// measurements, reported as PDF for a month (with the 12-month trend) and for the year; then A agreements of 5
/// objectives each with 13 months of daily measurements, every one reported as PDF for a month. Targets: the
/// 20-objective PDF in ≤ 1 s, the 1,000 agreements in ≤ 60 s.
/// </summary>
/// <remarks>Usage: <c>reports [A] [--runs R]</c> (default 1,000 agreements, 5 runs of the single report).</remarks>
public static class ReportHarness
{
    private static readonly Instant Now = Instant.FromUtc(2025, 4, 2, 9, 0);

    public static async Task<int> RunAsync(string[] args)
    {
        var agreements = args.Length > 0 && !args[0].StartsWith('-') ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var runs = int.Parse(Option("--runs") ?? "5", CultureInfo.InvariantCulture);
        var target = DatabaseTarget.Resolve(null, Path.Combine(Path.GetTempPath(), "openslm-bench-reports", Guid.NewGuid().ToString("N")));
        await target.MigrateAsync();
        var clock = new FixedNow(Now);
        var catalogue = new CatalogueStore(target, clock);
        var setup = Stopwatch.StartNew();
        var read = DocumentReader.Read(Catalogue(agreements), "reports.yaml");
        var applied = await catalogue.ApplyAsync(read.Documents, new Actor("bench", "bench"));
        if (read.Errors.Count + applied.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", read.Errors.Select(e => e.ToString()).Concat(applied.Errors.Select(e => e.ToString())).Take(3)));
        }
        var measurements = new MeasurementStore(target);
        var rows = new List<MeasurementRow>();
        var start = Instant.FromUtc(2024, 3, 1, 0, 0);
        for (var k = 0; k < 20; k++)
        {
            for (var t = start + Duration.FromHours(1); t <= Now; t += Duration.FromHours(1))
            {
                rows.Add(new MeasurementRow(0, t, $"big{k}", 1000 - (t.ToUnixTimeTicks() / NodaConstants.TicksPerHour % 97 == k ? 20 : 0), 1000, null));
                await Flush(measurements, rows, 100_000);
            }
        }
        for (var a = 0; a < agreements; a++)
        {
            for (var k = 0; k < 5; k++)
            {
                for (var t = start + Duration.FromHours(12); t <= Now; t += Duration.FromDays(1))
                {
                    rows.Add(new MeasurementRow(0, t, $"s{a}-{k}", 100_000 - ((a + k + (int)(t.ToUnixTimeTicks() / NodaConstants.TicksPerDay)) % 13 == 0 ? 150 : 20), 100_000, null));
                    await Flush(measurements, rows, 100_000);
                }
            }
        }
        await Flush(measurements, rows, 0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reports: 1 agreement of 20 objectives (hourly) and {agreements:N0} of 5 (daily), set up in {setup.Elapsed.TotalSeconds:F1} s"));

        var service = new ReportService(catalogue, new ObjectiveReader(catalogue, measurements), new TicketStore(target, clock), new AlertStore(target), clock, new Storage.Reports.ReportStore(target));
        long buildTicks = 0, pdfTicks = 0;
        async Task<(double Ms, int Bytes)> Pdf(string name, string period)
        {
            var watch = Stopwatch.StartNew();
            var (report, error) = await service.AgreementAsync(name, ReportPeriod.Parse(period, out _)!, null, default);
            var built = watch.ElapsedTicks;
            var pdf = ReportPdf.Write(report ?? throw new InvalidOperationException(error!.Detail));
            Interlocked.Add(ref buildTicks, built);
            Interlocked.Add(ref pdfTicks, watch.ElapsedTicks - built);
            return (watch.Elapsed.TotalMilliseconds, pdf.Length);
        }
        var first = await Pdf("big", "2025-03");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first report: build {buildTicks * 1000.0 / Stopwatch.Frequency:F0} ms, pdf {pdfTicks * 1000.0 / Stopwatch.Frequency:F0} ms"));
        var month = new List<double>();
        var year = new List<double>();
        var bytes = 0;
        for (var r = 0; r < runs; r++)
        {
            month.Add((await Pdf("big", "2025-03")).Ms);
            var y = await Pdf("big", "2024");
            (bytes, _) = (y.Bytes, 0);
            year.Add(y.Ms);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"20 objectives: first {first.Ms:F0} ms; month median {Median(month):F0} ms; year median {Median(year):F0} ms ({bytes:N0} bytes)"));

        (buildTicks, pdfTicks) = (0, 0);
        var all = Stopwatch.StartNew();
        long total = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, agreements), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (a, ct) =>
        {
            var (_, size) = await Pdf($"a{a}", "2025-03");
            Interlocked.Add(ref total, size);
        });
        all.Stop();
        var (buildMs, pdfMs) = (buildTicks * 1000.0 / Stopwatch.Frequency / agreements, pdfTicks * 1000.0 / Stopwatch.Frequency / agreements);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{agreements:N0} agreements: {all.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores ({total / agreements:N0} bytes each; per report {buildMs:F0} ms reading and building, {pdfMs:F0} ms writing the PDF)"));
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            harness = "reports",
            single = new { objectives = 20, first_ms = Math.Round(first.Ms), month_median_ms = Math.Round(Median(month)), year_median_ms = Math.Round(Median(year)) },
            batch = new { agreements, objectives_each = 5, seconds = Math.Round(all.Elapsed.TotalSeconds, 1), cores = Environment.ProcessorCount, build_ms_each = Math.Round(buildMs), pdf_ms_each = Math.Round(pdfMs), bytes_each = total / agreements },
        }));
        return 0;
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

    private static async Task Flush(MeasurementStore store, List<MeasurementRow> rows, int atLeast)
    {
        if (rows.Count == 0 || rows.Count < atLeast)
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

    private static string Catalogue(int agreements)
    {
        var yaml = new StringBuilder("apiVersion: openslm/v1\nkind: Customer\nmetadata: {name: acme}\n---\napiVersion: openslm/v1\nkind: Service\nmetadata: {name: shop}\n---\napiVersion: openslm/v1\nkind: Calendar\nmetadata: {name: london}\nspec: {timeZone: Europe/London}\n");
        void Agreement(string name, string prefix, int objectives)
        {
            for (var k = 0; k < objectives; k++)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"---\napiVersion: openslm/v1\nkind: Indicator\nmetadata: {{name: {prefix}{k}}}\nspec: {{service: shop}}\n");
            }
            yaml.Append(CultureInfo.InvariantCulture, $"---\napiVersion: openslm/v1\nkind: Agreement\nmetadata: {{name: {name}}}\nspec:\n  kind: SLA\n  customer: acme\n  status: Active\n  services: [shop]\n");
            yaml.Append("  charge: {amount: 5000, currency: GBP}\n  credits: {cap: 25, tiers: [{below: 99.9, credit: 5}, {below: 99.5, credit: 10}]}\n  objectives:\n");
            for (var k = 0; k < objectives; k++)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    - {{name: o{k}, indicator: {prefix}{k}, target: 99.9, warning: 99.95, window: {{calendar: month}}, calendar: london}}\n");
            }
        }
        Agreement("big", "big", 20);
        for (var a = 0; a < agreements; a++)
        {
            Agreement($"a{a}", $"s{a}-", 5);
        }
        return yaml.ToString();
    }

    /// <summary>"Now" for the reports: 2 April 2025, so that March is closed.</summary>
    private sealed class FixedNow(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }
}
