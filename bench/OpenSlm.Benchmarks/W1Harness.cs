using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
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
/// W1 whole-process: the data the peer harness generated for Prometheus (bench/peers/w1:
/// S SLOs × two cumulative counters × 43,200 one-minute samples, in raw/*.i64), turned into per-minute
/// increments with increase()'s reset rule and ingested through <see cref="MeasurementStore"/> time-major,
/// 100 minutes (100,000 rows at S = 1000) a batch, into a fresh SQLite file (or PostgreSQL). Then every
/// objective is evaluated as the API does it (30-day attainment, 7 burn rates), cold and then warm, and the
/// attainments are checked against an exact sum of the raw counters.
/// </summary>
/// <remarks>Usage: <c>w1 DATA_DIR [--db CONNECTION|DIR] [--runs N] [--out FILE.json]</c>.</remarks>
public static class W1Harness
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine("usage: w1 DATA_DIR [--db POSTGRES_CONNECTION|SQLITE_DIR] [--runs N] [--out FILE.json]");
            return 2;
        }
        var data = args[0];
        string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var runs = int.Parse(Option("--runs") ?? "5", CultureInfo.InvariantCulture);
        var db = Option("--db");
        var target = db is not null && db.Contains('=', StringComparison.Ordinal)
            ? DatabaseTarget.Resolve(db, null)
            : DatabaseTarget.Resolve(null, db ?? Path.Combine(Path.GetTempPath(), "openslm-bench-w1", Guid.NewGuid().ToString("N")));

        using var meta = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "raw", "meta.json")));
        var peer = PeerData.Open(data, meta.RootElement);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"W1 data: {peer.Names.Length} SLOs x {peer.Points:N0} samples from {data}"));

        await target.MigrateAsync();
        var catalogue = new CatalogueStore(target, SystemClock.Instance);
        var documents = DocumentReader.Read(Catalogue(peer.Names), "w1.yaml");
        var applied = await catalogue.ApplyAsync(documents.Documents, new Actor("bench", "bench"));
        if (applied.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", applied.Errors));
        }
        var store = new MeasurementStore(target);

        // Ingest, time-major: reading the counters is part of the work timed, as a live feed's parsing would be.
        var ingest = Stopwatch.StartNew();
        var reading = new Stopwatch();
        long rows = 0;
        const int minutesPerBatch = 100;
        for (var from = 1; from < peer.Points; from += minutesPerBatch)
        {
            reading.Start();
            var batch = peer.Increments(from, Math.Min(peer.Points, from + minutesPerBatch));
            reading.Stop();
            var result = await store.IngestAsync(batch, "w1");
            if (!result.Ok)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Take(3)));
            }
            rows += batch.Count;
        }
        ingest.Stop();
        var rowsPerSecond = rows / ingest.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"W1 ingest: {rows:N0} rows in {ingest.Elapsed.TotalSeconds:F1} s = {rowsPerSecond:N0} rows/s into {target.Description} (of which {reading.Elapsed.TotalSeconds:F1} s reading the counters)"));

        // Evaluate at the last sample, as the peer's queries do.
        var now = peer.End;
        var agreement = (AgreementSpec)documents.Documents.Single(d => d.Kind == Core.Catalogue.ResourceKind.Agreement).Spec;
        var plans = agreement.Objectives.Select(o => (o.Indicator, Plan: ObjectivePlan.For(agreement, o, null))).ToList();
        var times = new List<double>();
        IReadOnlyList<ObjectiveEvaluation> last = [];
        for (var pass = 0; pass <= runs; pass++)
        {
            var clock = Stopwatch.StartNew();
            var counts = await store.CountsAsync(plans.Select(p => p.Indicator));
            last = [.. plans.Select(p => p.Plan.Evaluate(counts[p.Indicator], now))];
            clock.Stop();
            times.Add(clock.Elapsed.TotalMilliseconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"W1 evaluate {(pass == 0 ? "cold" : $"warm {pass}")}: {plans.Count} objectives (30-day attainment + 7 burn rates) in {clock.Elapsed.TotalMilliseconds:F1} ms"));
        }
        var warm = times.Skip(1).Order().ToList();
        var median = warm.Count == 0 ? double.NaN : warm[warm.Count / 2];

        // Every attainment against an exact sum of the raw counters (the same reset rule).
        var worst = 0.0;
        for (var k = 0; k < peer.Names.Length; k++)
        {
            var (good, total) = peer.Exact(k);
            var ours = last[k].Attainment is Attainment.Measured m ? (double)m.Ratio : double.NaN;
            worst = Math.Max(worst, Math.Abs(ours - ((double)good / total)));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"W1 attainment vs exact raw sums: largest difference {worst:E2}"));

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var peak = self.PeakWorkingSet64 / (1024.0 * 1024);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"W1 harness peak resident memory: {peak:N0} MiB"));
        if (Option("--out") is { } output)
        {
            await File.WriteAllTextAsync(output, JsonSerializer.Serialize(new
            {
                slos = peer.Names.Length,
                rows,
                database = target.Provider.ToString(),
                ingestSeconds = Math.Round(ingest.Elapsed.TotalSeconds, 2),
                rowsPerSecond = Math.Round(rowsPerSecond),
                evaluateColdMs = Math.Round(times[0], 2),
                evaluateWarmMedianMs = Math.Round(median, 2),
                evaluateWarmMs = times.Skip(1).Select(t => Math.Round(t, 2)),
                largestAttainmentDifference = worst,
                peakResidentMiB = Math.Round(peak),
                dataDirectory = target.Provider == DatabaseProvider.Sqlite ? target.Description : null,
            }, Indented));
        }
        return worst < 1e-12 ? 0 : 1;
    }

    private static string Catalogue(string[] names)
    {
        var yaml = new StringBuilder("apiVersion: openslm/v1\nkind: Service\nmetadata: {name: w1}\n");
        foreach (var name in names)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"---\napiVersion: openslm/v1\nkind: Indicator\nmetadata: {{name: {name}}}\nspec: {{service: w1}}\n");
        }
        yaml.Append("---\napiVersion: openslm/v1\nkind: Agreement\nmetadata: {name: w1}\nspec:\n  kind: Expectation\n  status: Active\n  services: [w1]\n  objectives:\n");
        foreach (var name in names)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"    - {{name: {name}, indicator: {name}, target: 99.9, window: {{rolling: 30d}}}}\n");
        }
        return yaml.ToString();
    }

    /// <summary>The peer generator's raw counters: S series × Points int64 values each, row-major, one file per counter.</summary>
    private sealed class PeerData
    {
        private readonly SafeFileHandle _requests;
        private readonly SafeFileHandle _errors;
        private readonly Instant _t0;
        private readonly Duration _step;

        private PeerData(SafeFileHandle requests, SafeFileHandle errors, string[] names, int points, Instant t0, Duration step)
        {
            (_requests, _errors, Names, Points, _t0, _step) = (requests, errors, names, points, t0, step);
        }

        public string[] Names { get; }

        public int Points { get; }

        public Instant End => _t0 + (_step * (Points - 1));

        public static PeerData Open(string dir, JsonElement meta)
        {
            var names = meta.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToArray();
            return new PeerData(
                File.OpenHandle(Path.Combine(dir, "raw", "requests.i64")), File.OpenHandle(Path.Combine(dir, "raw", "errors.i64")),
                names, meta.GetProperty("points").GetInt32(),
                Instant.FromUnixTimeSeconds(meta.GetProperty("t0").GetInt64()), Duration.FromSeconds(meta.GetProperty("step_s").GetInt64()));
        }

        /// <summary>Each SLO's increments at samples [from, to): one row per SLO and sample, time-major.</summary>
        public List<MeasurementRow> Increments(int from, int to)
        {
            var requests = new long[Names.Length][];
            var errors = new long[Names.Length][];
            for (var k = 0; k < Names.Length; k++)
            {
                requests[k] = Read(_requests, k, from - 1, to);
                errors[k] = Read(_errors, k, from - 1, to);
            }
            var rows = new List<MeasurementRow>((to - from) * Names.Length);
            for (var i = from; i < to; i++)
            {
                var at = _t0 + (_step * i);
                for (var k = 0; k < Names.Length; k++)
                {
                    var total = Increase(requests[k], i - from + 1);
                    var bad = Increase(errors[k], i - from + 1);
                    rows.Add(new MeasurementRow(rows.Count + 1, at, Names[k], total - bad, total, null));
                }
            }
            return rows;
        }

        /// <summary>The exact good and total events of SLO k over every sample.</summary>
        public (long Good, long Total) Exact(int k)
        {
            var requests = Read(_requests, k, 0, Points);
            var errors = Read(_errors, k, 0, Points);
            long total = 0, bad = 0;
            for (var i = 1; i < Points; i++)
            {
                total += Increase(requests, i);
                bad += Increase(errors, i);
            }
            return (total - bad, total);
        }

        /// <summary>increase()'s rule: a value below the one before is a reset, and counts from zero.</summary>
        private static long Increase(long[] values, int i) => values[i] >= values[i - 1] ? values[i] - values[i - 1] : values[i];

        private long[] Read(SafeFileHandle file, int series, int from, int to)
        {
            var values = new long[to - from];
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
            var offset = ((long)series * Points + from) * sizeof(long);
            var read = 0;
            while (read < bytes.Length)
            {
                var n = RandomAccess.Read(file, bytes[read..], offset + read);
                if (n == 0)
                {
                    throw new EndOfStreamException($"raw counters end before series {series}, sample {to}");
                }
                read += n;
            }
            return values;
        }
    }
}
