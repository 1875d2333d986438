using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using NodaTime;

namespace OpenSlm.Core.Improvement;

/// <summary>One day's events of an objective: how many counted, how many of them were bad (units as the objective counts them).</summary>
public readonly record struct DayEvents(LocalDate Day, decimal Total, decimal Bad)
{
    /// <summary>The day's bad ratio; null for a day with no events.</summary>
    public double? BadRatio => Total > 0 ? (double)(Bad / Total) : null;
}

/// <summary>What a comparison of before and after concluded.</summary>
public enum EffectVerdict
{
    /// <summary>Fewer than <see cref="MeasuredEffect.MinimumDays"/> days with events on one side: no claim yet.</summary>
    NotEnoughData,

    /// <summary>Fewer bad events after, and the days make it significant.</summary>
    Improved,

    /// <summary>More bad events after, and the days make it significant.</summary>
    Worsened,

    /// <summary>The days do not show a difference that is more than chance.</summary>
    NoSignificantChange,
}

/// <summary>
/// The measured effect of an improvement: an objective's days before its actions were done against the days after. The
/// bad ratio of each side is exact (Σbad ÷ Σtotal, in percent), and so is the change between them; whether the change is
/// more than chance is judged on the daily bad ratios by a Mann–Whitney rank test (two-sided, normal approximation with
/// the tie and continuity corrections), with the Hodges–Lehmann shift (the median of every after − before difference) and
/// a bootstrap interval of the change in mean daily bad ratio (<see cref="Resamples"/> resamples with a fixed seed, so
/// the same days give the same interval). Below <see cref="MinimumDays"/> days with events on either side the verdict is
/// "not enough data yet".
/// </summary>
public sealed record MeasuredEffect
{
    /// <summary>The fewest days with events each side needs for a verdict.</summary>
    public const int MinimumDays = 7;

    /// <summary>The significance level: a p-value below it is more than chance.</summary>
    public const double Alpha = 0.05;

    /// <summary>The bootstrap's resamples.</summary>
    public const int Resamples = 2000;

    /// <summary>Days with events before.</summary>
    public int DaysBefore { get; init; }

    /// <summary>Days with events after.</summary>
    public int DaysAfter { get; init; }

    /// <summary>Σbad ÷ Σtotal before, in percent (exact); null with no events.</summary>
    public decimal? BadBefore { get; init; }

    /// <summary>Σbad ÷ Σtotal after, in percent (exact); null with no events.</summary>
    public decimal? BadAfter { get; init; }

    /// <summary>After − before in percentage points (negative: fewer bad events); exact.</summary>
    public decimal? Change => BadAfter - BadBefore;

    /// <summary>The Hodges–Lehmann estimate of the shift in daily bad ratio, in percentage points.</summary>
    public double? Shift { get; init; }

    /// <summary>The rank test's two-sided p-value.</summary>
    public double? PValue { get; init; }

    /// <summary>The 95 % bootstrap interval of the change in mean daily bad ratio, in percentage points.</summary>
    public (double Low, double High)? Interval { get; init; }

    /// <summary>What the days show.</summary>
    public required EffectVerdict Verdict { get; init; }

    /// <summary>Compares the days <paramref name="before"/> with the days <paramref name="after"/> (days with no events are left out).</summary>
    public static MeasuredEffect Compare(IEnumerable<DayEvents> before, IEnumerable<DayEvents> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var b = before.Where(d => d.Total > 0).ToList();
        var a = after.Where(d => d.Total > 0).ToList();
        static decimal? Pooled(List<DayEvents> days) => days.Count == 0 ? null : Numbers.Normalize(days.Sum(d => d.Bad) * 100 / days.Sum(d => d.Total));
        var effect = new MeasuredEffect
        {
            DaysBefore = b.Count,
            DaysAfter = a.Count,
            BadBefore = Pooled(b),
            BadAfter = Pooled(a),
            Verdict = EffectVerdict.NotEnoughData,
        };
        if (b.Count < MinimumDays || a.Count < MinimumDays)
        {
            return effect;
        }
        var x = b.Select(d => d.BadRatio!.Value * 100).ToArray();
        var y = a.Select(d => d.BadRatio!.Value * 100).ToArray();
        var p = RankTest(x, y);
        var shift = y.SelectMany(after => x.Select(before => after - before)).Median();
        var verdict = p >= Alpha || shift == 0 && effect.Change == 0 ? EffectVerdict.NoSignificantChange
            : (shift != 0 ? shift : (double)effect.Change!.Value) < 0 ? EffectVerdict.Improved : EffectVerdict.Worsened;
        return effect with { PValue = p, Shift = shift, Interval = Bootstrap(x, y), Verdict = verdict };
    }

    /// <summary>The Mann–Whitney U test's two-sided p-value (normal approximation, ties and continuity corrected).</summary>
    public static double RankTest(double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var all = x.Concat(y).ToArray();
        var ranks = Statistics.Ranks(all, RankDefinition.Average);
        double n1 = x.Length, n2 = y.Length, n = n1 + n2;
        var u = ranks.Take(x.Length).Sum() - (n1 * (n1 + 1) / 2);
        var ties = all.GroupBy(v => v).Select(g => (double)g.Count()).Where(t => t > 1).Sum(t => (t * t * t) - t);
        var variance = n1 * n2 / 12 * (n + 1 - (ties / (n * (n - 1))));
        if (variance <= 0)
        {
            return 1;   // every day the same on both sides
        }
        var z = Math.Max(0, Math.Abs(u - (n1 * n2 / 2)) - 0.5) / Math.Sqrt(variance);
        return Math.Min(1, 2 * (1 - Normal.CDF(0, 1, z)));
    }

    private static (double, double) Bootstrap(double[] x, double[] y)
    {
        var random = new Random(20261207);
        var changes = new double[Resamples];
        for (var r = 0; r < Resamples; r++)
        {
            double sx = 0, sy = 0;
            for (var i = 0; i < x.Length; i++)
            {
                sx += x[random.Next(x.Length)];
            }
            for (var i = 0; i < y.Length; i++)
            {
                sy += y[random.Next(y.Length)];
            }
            changes[r] = (sy / y.Length) - (sx / x.Length);
        }
        Array.Sort(changes);
        return (SortedArrayStatistics.Quantile(changes, 0.025), SortedArrayStatistics.Quantile(changes, 0.975));
    }
}
