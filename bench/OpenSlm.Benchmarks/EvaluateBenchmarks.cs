using BenchmarkDotNet.Attributes;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Benchmarks;

/// <summary>
/// One ratio objective over one-minute measurements: attainment, budget and the 7 burn rates plus the
/// whole window. The window is 30 or 365 days of data; prefix sums make the cost independent of it.
/// <c>EvaluateFromRollups</c> reads the same data the way the store does (<see cref="TieredSeries"/>: day and
/// hour rollups, raw rows only for the partial hours at window edges, each raw hour read once and kept),
/// with "now" 90 seconds past a whole minute so every window has partial hours at both ends.
/// </summary>
[MemoryDiagnoser]
public class EvaluateBenchmarks
{
    private static readonly Instant Now = Instant.FromUtc(2025, 12, 31, 0, 0);
    private RatioSeries _series = RatioSeries.Empty;
    private ObjectiveTerms _objective = null!;
    private ExclusionSet _exclusions = ExclusionSet.None;
    private TieredSeries _tiered = null!;

    [Params(30, 365)]
    public int Days { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20251231);
        _series = RatioSeries.From(Enumerable.Range(0, Days * 1440).Select(i =>
        {
            var total = random.Next(500, 1500);
            return new RatioMeasurement(Now - Duration.FromMinutes(i), total - random.Next(0, 3), total);
        }));
        _objective = new ObjectiveTerms(0.999m, 0.9995m, EvaluationWindow.RollingOf(Duration.FromDays(Days)), BudgetingMethod.Occurrences);
        _exclusions = ExclusionSet.From([(Now - Duration.FromDays(3), Now - Duration.FromDays(3) + Duration.FromHours(2))]);
        _tiered = TieredSeries.From(_series.Items());
    }

    [Benchmark]
    public ObjectiveEvaluation Evaluate() => Evaluator.Evaluate(_objective, _series, ExclusionSet.None, Now);

    [Benchmark]
    public ObjectiveEvaluation EvaluateFromRollups() => Evaluator.Evaluate(_objective, _tiered, ExclusionSet.None, Now + Duration.FromSeconds(90));

    [Benchmark]
    public ObjectiveEvaluation EvaluateWithExclusion() => Evaluator.Evaluate(_objective, _series, _exclusions, Now);
}
