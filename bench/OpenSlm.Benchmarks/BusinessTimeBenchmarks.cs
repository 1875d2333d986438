using BenchmarkDotNet.Attributes;
using NodaTime;
using OpenSlm.Core.Calendars;

namespace OpenSlm.Benchmarks;

/// <summary>
/// Business-time between() and add() on Mon–Fri 09:00–17:00 Europe/London with a year of holidays:
/// 4,096 random pairs in 2025 (spans 1 minute to 20 days), per operation.
/// </summary>
[MemoryDiagnoser]
public class BusinessTimeBenchmarks
{
    private const int Pairs = 4096;
    private readonly Instant[] _from = new Instant[Pairs];
    private readonly Instant[] _to = new Instant[Pairs];
    private BusinessClock _clock = BusinessClock.AlwaysOpen;

    [GlobalSetup]
    public void Setup()
    {
        IReadOnlyList<TimeRange> day = [TimeRange.Parse("09:00-17:00")];
        var holidays = new[] { (1, 1), (4, 18), (4, 21), (5, 5), (5, 26), (8, 25), (12, 25), (12, 26) }.Select(d => new LocalDate(2025, d.Item1, d.Item2));
        _clock = BusinessClock.Of(DateTimeZoneProviders.Tzdb["Europe/London"], new WeeklyHours { Monday = day, Tuesday = day, Wednesday = day, Thursday = day, Friday = day }, holidays);
        var random = new Random(20250417);
        var start = Instant.FromUtc(2025, 1, 1, 0, 0);
        for (var i = 0; i < Pairs; i++)
        {
            var span = Duration.FromSeconds((long)Math.Exp(random.NextDouble() * Math.Log(20 * 86400 / 60.0)) * 60);
            _from[i] = start + Duration.FromSeconds(random.NextInt64(0, (365L * 86400) - (long)span.TotalSeconds));
            _to[i] = _from[i] + span;
        }
    }

    [Benchmark(OperationsPerInvoke = Pairs)]
    public Duration Between()
    {
        var sum = Duration.Zero;
        for (var i = 0; i < Pairs; i++)
        {
            sum += _clock.Between(_from[i], _to[i]);
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Pairs)]
    public Instant Add()
    {
        var last = Instant.MinValue;
        for (var i = 0; i < Pairs; i++)
        {
            var due = _clock.Add(_from[i], Duration.FromHours(4));
            last = due > last ? due : last;
        }
        return last;
    }
}
