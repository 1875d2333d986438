using NodaTime;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Alerting;

/// <summary>
/// Where a calendar period would close if the trend of its days so far carried on.
/// </summary>
/// <param name="Days">The whole days with data the trend was fitted on.</param>
/// <param name="SlopePerDay">How much the daily bad share (bad units / units) rises each day; negative when it falls.</param>
/// <param name="ProjectedAttainment">The attainment the period would close at.</param>
/// <param name="ExhaustionAt">When the period's error budget would run out; null when it lasts to the end.</param>
public sealed record TrendProjection(int Days, decimal SlopePerDay, decimal ProjectedAttainment, Instant? ExhaustionAt);

/// <summary>
/// Projects a calendar period's close by the trend of its days so far, so that a slow, steady deterioration is seen
/// before the period is lost, even while the current burn looks harmless. Pure.
/// </summary>
/// <remarks>
/// <para>The elapsed part of the period is cut into whole days (24 h steps from the period's start). Each day with
/// data gives its bad share, bad units / units; a straight line is fitted to them by least squares, each day
/// weighted by its units. The rest of the period is assumed to bring as many units per day as the period so far
/// (days without open time included, so a business calendar's weekends count as quiet days), each day bad in the
/// share the line gives (kept between 0 and 1). The period then closes at 1 − (bad so far + bad to come) / (units so
/// far + units to come), and the budget, (1 − target) × those units, runs out on the day the bad units pass it.</para>
/// <para>A projection needs <see cref="MinDays"/> days with data and a target below 100 %; rolling windows never
/// close, so they have none (their burn-rate conditions watch them).</para>
/// </remarks>
public static class BudgetTrend
{
    /// <summary>The fewest whole days with data a trend is fitted on.</summary>
    public const int MinDays = 3;

    private static readonly Duration Day = Duration.FromDays(1);

    /// <summary>The projection at <paramref name="now"/>; null when the objective's window is rolling, its target is
    /// 100 % or fewer than <see cref="MinDays"/> whole days have data.</summary>
    public static TrendProjection? Project(ObjectivePlan plan, CountSeries series, Instant now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(series);
        var allowed = 1m - plan.Terms.Target;
        if (plan.Terms.Window.Period is null || allowed <= 0)
        {
            return null;
        }
        var full = plan.Terms.Window.Full(now);
        if (now <= full.Start)
        {
            return null;
        }

        // Weighted least squares of the daily bad share over the day's midpoint, in days from the period's start.
        var (sw, swx, swy, swxx, swxy, days) = (0m, 0m, 0m, 0m, 0m, 0);
        for (var d = 0; full.Start + (Day * (d + 1)) <= now; d++)
        {
            var score = plan.Score(series, Window.Between(full.Start + (Day * d), full.Start + (Day * (d + 1))));
            if (score.Units <= 0)
            {
                continue;
            }
            var (x, y, w) = (d + 0.5m, score.BadUnits / score.Units, score.Units);
            (sw, swx, swy, swxx, swxy) = (sw + w, swx + (w * x), swy + (w * y), swxx + (w * x * x), swxy + (w * x * y));
            days++;
        }
        if (days < MinDays)
        {
            return null;
        }
        var spread = (sw * swxx) - (swx * swx);
        var slope = spread == 0 ? 0m : ((sw * swxy) - (swx * swy)) / spread;
        var intercept = (swy - (slope * swx)) / sw;

        var sofar = plan.Score(series, Window.Between(full.Start, now));
        var elapsedDays = Days(now - full.Start);
        var perDay = sofar.Units / elapsedDays;
        var remainingDays = Days(full.End - now);
        var units = sofar.Units + (perDay * remainingDays);
        var budget = allowed * units;

        // Step through the rest of the period a day at a time (the last step shorter), adding the bad units the line
        // gives at each step's midpoint, and note where they pass the budget.
        var bad = sofar.BadUnits;
        Instant? exhaustion = bad > budget ? now : null;
        for (var x = elapsedDays; x < elapsedDays + remainingDays;)
        {
            var step = Math.Min(1m, elapsedDays + remainingDays - x);
            var share = Math.Clamp(intercept + (slope * (x + (step / 2))), 0m, 1m);
            var added = share * perDay * step;
            if (exhaustion is null && added > 0 && bad + added > budget)
            {
                var into = (budget - bad) / added * step;
                exhaustion = full.Start + Duration.FromTicks((long)decimal.Round((x + into) * Day.BclCompatibleTicks));
            }
            bad += added;
            x += step;
        }
        var projected = units == 0 ? 1m : 1m - (bad / units);
        return new TrendProjection(days, slope, projected, exhaustion);
    }

    private static decimal Days(Duration d) => (decimal)d.BclCompatibleTicks / Day.BclCompatibleTicks;
}
