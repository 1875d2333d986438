using NodaTime;
using OpenSlm.Core.Alerting;

namespace OpenSlm.Core.Evaluation;

/// <summary>
/// How far back an objective's recent history is drawn and how finely: the range and the step its buckets and burn-rate
/// points are taken at. The ranges are the ones SLO dashboards offer (a day, a week, a month, a quarter), each at
/// 90–180 points so a chart reads at a glance and costs little.
/// </summary>
/// <param name="Label">How the range is asked for (<c>1d</c>, <c>7d</c>, <c>30d</c>, <c>90d</c>).</param>
/// <param name="Length">How far back it reaches.</param>
/// <param name="Step">The length of a bucket, and the distance between burn-rate points.</param>
public sealed record SeriesRange(string Label, Duration Length, Duration Step)
{
    /// <summary>The ranges offered, shortest first.</summary>
    public static IReadOnlyList<SeriesRange> Known { get; } =
    [
        new("1d", Duration.FromDays(1), Duration.FromMinutes(10)),
        new("7d", Duration.FromDays(7), Duration.FromHours(1)),
        new("30d", Duration.FromDays(30), Duration.FromHours(4)),
        new("90d", Duration.FromDays(90), Duration.FromHours(12)),
    ];

    /// <summary>The range shown when none is asked for.</summary>
    public static SeriesRange Default => Known[1];

    /// <summary>The range labelled <paramref name="label"/>; null when there is none (the caller names the ones there are).</summary>
    public static SeriesRange? Parse(string? label) => Known.FirstOrDefault(r => string.Equals(r.Label, label?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The labels of <see cref="Known"/>, for a refusal.</summary>
    public static string Labels => string.Join(", ", Known.Select(r => r.Label));
}

/// <summary>One bucket of an objective's SLI over time: what the window (Start, End] amounts to by the objective's
/// budgeting method (its attainment, the units it rests on and the bad ones), as its evaluation would count it.</summary>
public sealed record SliBucket(Window Window, Attainment Attainment, decimal Units, decimal BadUnits);

/// <summary>The burn rate over one look-back window at each point of a range, with the alert conditions that read it.</summary>
/// <param name="Length">The look-back window (a condition's long window).</param>
/// <param name="Points">The burn rate over (t − length, t] at each point t, oldest first; null where that window has no data.</param>
/// <param name="Conditions">The burn-rate alert conditions whose long window this is: their factors are the thresholds drawn.</param>
public sealed record BurnHistory(Duration Length, IReadOnlyList<(Instant At, decimal? Rate)> Points, IReadOnlyList<BurnRateCondition> Conditions);

/// <summary>An objective's recent history over a range: its SLI bucket by bucket, and the burn rates its alerts read.</summary>
/// <param name="Range">The range asked for.</param>
/// <param name="Span">From the first bucket's start to the instant it was read at.</param>
/// <param name="Buckets">The SLI per bucket, oldest first: buckets are aligned to the Unix epoch by the range's step
/// (so a bucket reads the same on every load), the last one cut at the instant read.</param>
/// <param name="Burns">One burn-rate history per distinct long window of the alert conditions, shortest first.</param>
public sealed record ObjectiveSeries(SeriesRange Range, Window Span, IReadOnlyList<SliBucket> Buckets, IReadOnlyList<BurnHistory> Burns)
{
    /// <summary>The earliest instant whose data <see cref="ObjectivePlan.Series"/> reads at <paramref name="now"/> (excluded).</summary>
    public static Instant Since(SeriesRange range, Instant now, IEnumerable<BurnRateCondition> conditions)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(conditions);
        var longest = conditions.Select(c => c.LongWindow).DefaultIfEmpty(Duration.Zero).Max();
        return FirstBucketStart(range, now) - longest;
    }

    /// <summary>The start of the first bucket of <paramref name="range"/> read at <paramref name="now"/>.</summary>
    public static Instant FirstBucketStart(SeriesRange range, Instant now)
    {
        ArgumentNullException.ThrowIfNull(range);
        var step = range.Step.BclCompatibleTicks;
        var from = (now - range.Length).ToUnixTimeTicks();
        return Instant.FromUnixTimeTicks(from - (((from % step) + step) % step));
    }
}
