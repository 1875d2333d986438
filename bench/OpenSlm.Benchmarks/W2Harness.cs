using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace OpenSlm.Benchmarks;

/// <summary>
/// W2 whole-process harness: business-time between() and add() over the peers' pairs file
/// (bench/peers/w2), timed like the peers time themselves: inputs parsed first, each
/// operation timed over all pairs, several runs, ops/s of every run and the median, as one JSON line.
/// </summary>
internal static class W2Harness
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: w2 PAIRS.csv CALENDAR.json [--limit N] [--runs R] [--out OUT.csv]");
            return 2;
        }
        var limit = Option(args, "--limit", 0);
        var runs = Option(args, "--runs", 5);
        var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault();

        var pairs = File.ReadLines(args[0]).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));
        if (limit > 0)
        {
            pairs = pairs.Take(limit);
        }
        var rows = pairs.ToList();
        var ids = rows.Select(r => r[0]).ToArray();
        var a = rows.Select(r => Instant.FromUnixTimeSeconds(long.Parse(r[3], CultureInfo.InvariantCulture))).ToArray();
        var b = rows.Select(r => Instant.FromUnixTimeSeconds(long.Parse(r[4], CultureInfo.InvariantCulture))).ToArray();
        var (clock, deadlineSeconds) = PeerCalendar.Read(args[1]);
        var deadline = Duration.FromSeconds(deadlineSeconds);

        var between = new Duration[a.Length];
        var due = new Instant[a.Length];
        // Each run repeats the pass until it has taken at least 0.5 s, so that a run is not a timer tick.
        var betweenRates = Time(runs, a.Length, () =>
        {
            for (var i = 0; i < a.Length; i++)
            {
                between[i] = clock.Between(a[i], b[i]);
            }
        });
        var deadlineRates = Time(runs, a.Length, () =>
        {
            for (var i = 0; i < a.Length; i++)
            {
                due[i] = clock.Add(a[i], deadline);
            }
        });
        if (output is not null)
        {
            using var writer = new StreamWriter(output);
            writer.WriteLine("id,business_seconds,deadline_epoch,deadline_utc");
            for (var i = 0; i < a.Length; i++)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{ids[i]},{(long)between[i].TotalSeconds},{due[i].ToUnixTimeSeconds()},{InstantPattern.General.Format(due[i])}"));
            }
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            peer = "OpenSLM BusinessClock",
            dotnet = Environment.Version.ToString(),
            pairs = a.Length,
            runs,
            between = new { median_ops_per_s = Median(betweenRates), runs_ops_per_s = betweenRates },
            deadline = new { median_ops_per_s = Median(deadlineRates), runs_ops_per_s = deadlineRates },
        }));
        return 0;
    }

    private static double[] Time(int runs, int n, Action pass)
    {
        pass(); // warm up: JIT and the calendar's compiled years
        var rates = new double[runs];
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            long ops = 0;
            do
            {
                pass();
                ops += n;
            }
            while (watch.Elapsed < TimeSpan.FromSeconds(0.5));
            rates[r] = Math.Round(ops / watch.Elapsed.TotalSeconds, 1);
        }
        return rates;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
