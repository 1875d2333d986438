using MathNet.Numerics.Distributions;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Reporting;

namespace OpenSlm.Core.Improvement;

/// <summary>Which way an objective's closed periods are heading.</summary>
public enum TrendDirection
{
    /// <summary>Fewer than <see cref="AttainmentTrend.MinimumPeriods"/> periods with data: no trend is claimed.</summary>
    NotEnoughData,

    /// <summary>No slope either way that the periods make sure of.</summary>
    Steady,

    /// <summary>Rising, with at least <see cref="AttainmentTrend.SureEnough"/> confidence.</summary>
    Improving,

    /// <summary>Falling, with at least <see cref="AttainmentTrend.SureEnough"/> confidence.</summary>
    Falling,
}

/// <summary>
/// The trend of an objective's closed periods: the least-squares line through the attainment of its last periods with
/// data (at most <see cref="LookBack"/>), its slope in percentage points a period (exact), how sure the periods make it
/// that the slope is not zero (one minus the one-sided p-value of the slope's t statistic), the run of periods each lower
/// than the one before, and whether the objective is <see cref="Deteriorating"/>: still met in its latest period, but
/// falling in each of the last <see cref="FallingPeriods"/> periods, or falling surely with the line reaching the target
/// within <see cref="Horizon"/> periods. So a deterioration is named before it breaches, in time to plan for it.
/// </summary>
public sealed record AttainmentTrend
{
    /// <summary>How many of the latest periods with data the trend is drawn through.</summary>
    public const int LookBack = 6;

    /// <summary>The fewest periods with data a trend is drawn through.</summary>
    public const int MinimumPeriods = 3;

    /// <summary>How many falls in a row make an objective deteriorating, however small they are.</summary>
    public const int FallingPeriods = 3;

    /// <summary>How many periods ahead a sure fall's line may reach the target for the objective to be deteriorating.</summary>
    public const int Horizon = 3;

    /// <summary>The confidence from which a slope counts as sure.</summary>
    public const double SureEnough = 0.9;

    /// <summary>The periods the line was drawn through (oldest first), by key.</summary>
    public required IReadOnlyList<string> Periods { get; init; }

    /// <summary>Where the periods head.</summary>
    public required TrendDirection Direction { get; init; }

    /// <summary>The line's slope in percentage points a period (negative: falling); null with too few periods.</summary>
    public decimal? Slope { get; init; }

    /// <summary>How sure the periods make it that the slope is not zero in its direction (0.5 to 1); null with too few periods.</summary>
    public double? Confidence { get; init; }

    /// <summary>How many of the latest periods were each lower than the one before.</summary>
    public int FallingRun { get; init; }

    /// <summary>The line's value one period after the latest: where the next period heads at this pace.</summary>
    public decimal? Next { get; init; }

    /// <summary>Periods until the line reaches the target, when it is falling towards it (0: the next period).</summary>
    public int? PeriodsToTarget { get; init; }

    /// <summary>Still met in the latest period, but heading for a breach (see the type's summary).</summary>
    public bool Deteriorating { get; init; }

    /// <summary>Why it is (or is not) deteriorating, in words.</summary>
    public required string Why { get; init; }

    /// <summary>
    /// The trend of <paramref name="periods"/> (oldest first; periods without data are skipped) against
    /// <paramref name="target"/> (percent).
    /// </summary>
    public static AttainmentTrend Of(IReadOnlyList<PeriodFigures> periods, decimal target)
    {
        ArgumentNullException.ThrowIfNull(periods);
        var measured = periods.Where(p => p.Attainment is Attainment.Measured).TakeLast(LookBack)
            .Select(p => (p.Period, Percent: ((Attainment.Measured)p.Attainment).Percent)).ToList();
        var keys = measured.Select(m => m.Period).ToList();
        if (measured.Count < MinimumPeriods)
        {
            return new AttainmentTrend
            {
                Periods = keys,
                Direction = TrendDirection.NotEnoughData,
                Why = $"{measured.Count} closed period{(measured.Count == 1 ? "" : "s")} with data; a trend needs {MinimumPeriods}.",
            };
        }
        var y = measured.Select(m => m.Percent).ToArray();
        var n = y.Length;
        // x = 0 … n−1: x̄ = (n−1)/2 and Σ(x−x̄)² = n(n²−1)/12, so the slope is exact in decimals.
        var meanX = (n - 1) / 2m;
        var meanY = y.Average();
        var sxx = n * ((n * n) - 1) / 12m;
        var sxy = y.Select((v, i) => (i - meanX) * (v - meanY)).Sum();
        var slope = sxy / sxx;
        var intercept = meanY - (slope * meanX);
        var residuals = y.Select((v, i) => (double)(v - (intercept + (slope * i)))).ToArray();
        var confidence = SlopeConfidence(slope, residuals, (double)sxx);
        var run = 0;
        for (var i = n - 1; i > 0 && y[i] < y[i - 1]; i--)
        {
            run++;
        }
        var next = intercept + (slope * n);
        var latestFitted = intercept + (slope * (n - 1));
        int? toTarget = slope < 0 && latestFitted > target ? (int)Math.Ceiling((latestFitted - target) / -slope) - 1 : slope < 0 ? 0 : null;
        var direction = confidence < SureEnough || slope == 0 ? TrendDirection.Steady : slope > 0 ? TrendDirection.Improving : TrendDirection.Falling;
        var met = y[^1] >= target;
        var byRun = run >= FallingPeriods;
        var byLine = direction == TrendDirection.Falling && toTarget is { } k && k < Horizon;
        var why = !met ? "breached in its latest period: not a warning any more, a breach to diagnose."
            : byRun ? $"still met, but lower in each of the last {run} periods."
            : byLine ? $"still met, but falling {Numbers.Normalize(-Math.Round(slope, 3))} points a period ({Math.Floor(confidence * 100)} % sure): at this pace it reaches the target {(toTarget == 0 ? "next period" : $"in {toTarget + 1} periods")}."
            : direction == TrendDirection.Falling ? "falling, but not towards the target within " + Horizon + " periods."
            : direction == TrendDirection.Improving ? "improving." : "steady: no slope the periods are sure of.";
        return new AttainmentTrend
        {
            Periods = keys,
            Direction = direction,
            Slope = Numbers.Normalize(slope),
            Confidence = confidence,
            FallingRun = run,
            Next = Numbers.Normalize(next),
            PeriodsToTarget = toTarget,
            Deteriorating = met && (byRun || byLine),
            Why = why,
        };
    }

    /// <summary>One minus the one-sided p-value of the slope's t statistic (n − 2 degrees of freedom); 1 for a perfect
    /// line with a slope, 0.5 for no slope.</summary>
    private static double SlopeConfidence(decimal slope, double[] residuals, double sxx)
    {
        if (slope == 0)
        {
            return 0.5;
        }
        var df = residuals.Length - 2;
        var sse = residuals.Sum(r => r * r);
        if (sse <= 1e-18)
        {
            return 1;
        }
        var standardError = Math.Sqrt(sse / df / sxx);
        var t = Math.Abs((double)slope) / standardError;
        return StudentT.CDF(0, 1, df, t);
    }
}
