using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OpenSlm.Benchmarks;

/// <summary>
/// Mixed reads and writes against a running <c>slm serve --demo</c>: measurement batches posted one after another,
/// first alone, then while <c>readers</c> clients fetch an agreement's evaluation as fast as they can. Prints ingest
/// rows/s and batch p99 for both phases, and the readers' requests/s and p99: whether reads starve ingest.
/// </summary>
public static class MixedHarness
{
    private const string Indicator = "checkout-success";
    private const string Read = "/api/v1/agreements/online-retail-web-shop-sla/evaluation";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = new Uri(args[0]);
        var readers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        var batches = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = readers + 4 }) { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
        // Every route needs an identity: the token run.sh made (slm tokens create), as a script sends it.
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            Environment.GetEnvironmentVariable("OPENSLM_TOKEN") ?? throw new InvalidOperationException("Set OPENSLM_TOKEN to an API token of the server (bench/mixed/run.sh does)."));
        var start = DateTimeOffset.UtcNow.AddDays(-20);
        var next = 0;
        async Task<(double RowsPerSecond, double P99)> IngestAsync(int count)
        {
            var times = new List<double>();
            var clock = Stopwatch.StartNew();
            for (var b = 0; b < count; b++)
            {
                var csv = new StringBuilder("timestamp,indicator,good,total\n");
                for (var i = 0; i < 1000; i++, next++)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{start.AddSeconds(next):yyyy-MM-ddTHH:mm:ssZ},{Indicator},{995 + (next % 5)},1000\n");
                }
                var one = Stopwatch.StartNew();
                using var response = await http.PostAsync("/api/v1/measurements", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
                response.EnsureSuccessStatusCode();
                times.Add(one.Elapsed.TotalMilliseconds);
            }
            return (count * 1000 / clock.Elapsed.TotalSeconds, Percentile(times, 0.99));
        }

        await IngestAsync(5);   // warm
        (await http.GetAsync(Read)).EnsureSuccessStatusCode();
        var alone = await IngestAsync(batches);
        Console.WriteLine($"ingest alone: {alone.RowsPerSecond:N0} rows/s, batch p99 {alone.P99:N0} ms (1,000 rows a batch)");

        using var stop = new CancellationTokenSource();
        var readTimes = new List<double>[readers];
        var tasks = Enumerable.Range(0, readers).Select(r => Task.Run(async () =>
        {
            readTimes[r] = [];
            while (!stop.IsCancellationRequested)
            {
                var one = Stopwatch.StartNew();
                using var response = await http.GetAsync(Read, CancellationToken.None);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                readTimes[r].Add(one.Elapsed.TotalMilliseconds);
            }
        })).ToArray();
        await Task.Delay(1000);
        var readClock = Stopwatch.StartNew();
        var mixed = await IngestAsync(batches);
        var elapsed = readClock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        var reads = readTimes.SelectMany(t => t).ToList();
        Console.WriteLine($"ingest with {readers} readers: {mixed.RowsPerSecond:N0} rows/s, batch p99 {mixed.P99:N0} ms ({alone.RowsPerSecond / mixed.RowsPerSecond:0.0}x slower)");
        Console.WriteLine($"readers: {reads.Count / (elapsed + 1):N0} evaluations/s, p99 {Percentile(reads, 0.99):N0} ms");
        return 0;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
