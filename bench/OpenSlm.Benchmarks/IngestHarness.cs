using System.Diagnostics;
using System.Globalization;
using NodaTime;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Measurements;
using OpenSlm.Storage;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Measurements;

namespace OpenSlm.Benchmarks;

/// <summary>
/// Whole-process ingest: N one-minute ratio measurements over 10 indicators, stored through
/// <see cref="MeasurementStore"/> in batches of 100,000 (as POST /api/v1/measurements would), into a
/// fresh SQLite file, and into PostgreSQL when a connection string is given. Prints rows per second.
/// </summary>
public static class IngestHarness
{
    private const int Indicators = 10;
    private const int Batch = 100_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var data = Generate(rows);
        var dir = Path.Combine(Path.GetTempPath(), "openslm-bench-ingest", Guid.NewGuid().ToString("N"));
        await MeasureAsync("SQLite", DatabaseTarget.Resolve(null, dir), data);
        if (args.Length > 1)
        {
            await MeasureAsync("PostgreSQL", DatabaseTarget.Resolve(args[1], null), data);
        }
        return 0;
    }

    private static async Task MeasureAsync(string name, DatabaseTarget target, List<MeasurementRow> data)
    {
        await target.MigrateAsync();
        var catalogue = new CatalogueStore(target, SystemClock.Instance);
        var yaml = "apiVersion: openslm/v1\nkind: Service\nmetadata: {name: bench}\n" + string.Concat(Enumerable.Range(0, Indicators)
            .Select(i => $"---\napiVersion: openslm/v1\nkind: Indicator\nmetadata: {{name: bench-{i}}}\nspec: {{service: bench}}\n"));
        await catalogue.ApplyAsync(DocumentReader.Read(yaml, "bench.yaml").Documents, new Actor("bench", "bench"));
        var store = new MeasurementStore(target);

        var clock = Stopwatch.StartNew();
        foreach (var batch in data.Chunk(Batch))
        {
            var result = await store.IngestAsync(batch, "bench");
            if (!result.Ok)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors));
            }
        }
        clock.Stop();
        var stored = 0L;
        for (var i = 0; i < Indicators; i++)
        {
            stored += await store.CountAsync($"bench-{i}");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {data.Count:N0} rows in {clock.Elapsed.TotalSeconds:F2} s = {data.Count / clock.Elapsed.TotalSeconds:N0} rows/s (stored {stored:N0}; {target.Description})"));
    }

    private static List<MeasurementRow> Generate(int rows)
    {
        var start = Instant.FromUtc(2025, 1, 1, 0, 0);
        var random = new Random(42);
        var list = new List<MeasurementRow>(rows);
        for (var i = 0; i < rows; i++)
        {
            var total = random.Next(500, 1500);
            list.Add(new MeasurementRow(i + 2, start + Duration.FromMinutes(i / Indicators), $"bench-{i % Indicators}", total - random.Next(0, 3), total, null));
        }
        return list;
    }
}
