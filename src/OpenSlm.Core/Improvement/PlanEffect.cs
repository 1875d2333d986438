using System.Globalization;
using NodaTime;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Improvement;

/// <summary>Whether a plan's goal is reached, on the numbers measured so far.</summary>
public enum GoalState
{
    /// <summary>An action is still open, or none is done: the "after" has not begun.</summary>
    NotYetMeasurable,

    /// <summary>The after has begun but holds too little for the goal (fewer periods, or fewer days, than it asks).</summary>
    Waiting,

    /// <summary>Reached.</summary>
    Met,

    /// <summary>Not reached on the numbers measured.</summary>
    NotMet,
}

/// <summary>
/// The effect of an improvement plan measured on its objective (issue 20), by the same engine and from the same stored
/// data as the objective's reports: <see cref="Window"/> days before the first action was done against up to as many days
/// after the last (whole days, in the objective's time zone). Attainment, bad-event rate and burn of each side are exact;
/// whether the change is more than chance is <see cref="MeasuredEffect"/>'s rank test and bootstrap on the daily bad
/// ratios. The goal is judged on the objective's periods that started after the actions (attainment goals) or on the
/// two sides' burn (burn goals).
/// </summary>
public sealed record PlanEffect
{
    /// <summary>The days each side spans at most.</summary>
    public const int Window = 28;

    /// <summary>The first day of the before (inclusive); null while no action is done.</summary>
    public LocalDate? BeforeFrom { get; init; }

    /// <summary>The last day of the before (inclusive).</summary>
    public LocalDate? BeforeTo { get; init; }

    /// <summary>The first day of the after (inclusive); null until every action is done or cancelled.</summary>
    public LocalDate? AfterFrom { get; init; }

    /// <summary>The last day of the after measured so far (inclusive); null while the after has no whole day yet.</summary>
    public LocalDate? AfterTo { get; init; }

    /// <summary>The comparison of the days.</summary>
    public required MeasuredEffect Effect { get; init; }

    /// <summary>Attainment before, in percent (100 − the bad rate): exact.</summary>
    public decimal? AttainmentBefore => 100 - Effect.BadBefore;

    /// <summary>Attainment after, in percent: exact.</summary>
    public decimal? AttainmentAfter => 100 - Effect.BadAfter;

    /// <summary>The burn rate before (1 spends the budget exactly over the objective's window); null without a budget.</summary>
    public decimal? BurnBefore { get; init; }

    /// <summary>The burn rate after.</summary>
    public decimal? BurnAfter { get; init; }

    /// <summary>The share of a window's error budget burnt a week before, in percent.</summary>
    public decimal? WeeklyBudgetBefore { get; init; }

    /// <summary>The share of a window's error budget burnt a week after, in percent.</summary>
    public decimal? WeeklyBudgetAfter { get; init; }

    /// <summary>The objective's closed periods that started after the actions, oldest first.</summary>
    public IReadOnlyList<PeriodResult> PeriodsAfter { get; init; } = [];

    /// <summary>Whether the goal is reached.</summary>
    public required GoalState Goal { get; init; }

    /// <summary>Why, in a sentence.</summary>
    public required string Why { get; init; }

    /// <summary>
    /// Measures <paramref name="spec"/>'s effect on its objective (<paramref name="objective"/> planned on its calendar, with
    /// its data <paramref name="series"/>, read from at least <see cref="Since"/>) as it stands at <paramref name="now"/>.
    /// </summary>
    public static PlanEffect Measure(ImprovementPlanSpec spec, ObjectivePlan objective, CountSeries series, Instant now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(series);
        var empty = MeasuredEffect.Compare([], []);
        if (spec.FirstDone is not { } first)
        {
            return new PlanEffect { Effect = empty, Goal = GoalState.NotYetMeasurable, Why = "No action is done yet: the effect is measured from the day the first one is." };
        }
        var zone = objective.Terms.Window.Zone;
        var today = now.InZone(zone).Date;
        var (beforeFrom, beforeTo) = (first.PlusDays(-Window), first.PlusDays(-1));
        var before = objective.Days(series, beforeFrom, beforeTo);
        if (spec.LastDone is not { } last)
        {
            var open = spec.Actions.Count(a => a.Open);
            return new PlanEffect
            {
                BeforeFrom = beforeFrom,
                BeforeTo = beforeTo,
                Effect = MeasuredEffect.Compare(before, []),
                Goal = GoalState.NotYetMeasurable,
                Why = $"{open} action{(open == 1 ? " is" : "s are")} still open: the after begins the day after the last one is done.",
            };
        }
        var afterFrom = last.PlusDays(1);
        var afterTo = Min(afterFrom.PlusDays(Window - 1), today.PlusDays(-1));
        var after = afterTo >= afterFrom ? objective.Days(series, afterFrom, afterTo) : [];
        var effect = MeasuredEffect.Compare(before, after);
        var allowed = 100 - (objective.Terms.Target * 100);
        decimal? Burn(decimal? bad) => bad is { } b && allowed > 0 ? Numbers.Normalize(b / allowed) : null;
        var windowDays = (decimal)objective.Terms.Window.Full(now).Length.TotalDays;
        decimal? Weekly(decimal? burn) => burn is { } r && windowDays > 0 ? Numbers.Normalize(Math.Round(r * 7 * 100 / windowDays, 6)) : null;
        var start = afterFrom.AtStartOfDayInZone(zone).ToInstant();
        var periods = spec.Goal?.AtLeast is null ? [] : PeriodsSince(objective, series, now, start);
        var result = new PlanEffect
        {
            BeforeFrom = beforeFrom,
            BeforeTo = beforeTo,
            AfterFrom = afterFrom,
            AfterTo = afterTo >= afterFrom ? afterTo : null,
            Effect = effect,
            BurnBefore = Burn(effect.BadBefore),
            BurnAfter = Burn(effect.BadAfter),
            PeriodsAfter = periods,
            Goal = GoalState.Waiting,
            Why = string.Empty,
        };
        result = result with { WeeklyBudgetBefore = Weekly(result.BurnBefore), WeeklyBudgetAfter = Weekly(result.BurnAfter) };
        var (goal, why) = Judge(spec.Goal, result);
        return result with { Goal = goal, Why = why };
    }

    /// <summary>The earliest instant whose data <see cref="Measure"/> reads for <paramref name="spec"/>: the start of its before (or now, when nothing is done).</summary>
    public static Instant Since(ImprovementPlanSpec spec, ObjectivePlan objective, Instant now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(objective);
        if (spec.FirstDone is not { } first)
        {
            return now;
        }
        var from = first.PlusDays(-Window).AtStartOfDayInZone(objective.Terms.Window.Zone).ToInstant();
        return from < now ? from : now;
    }

    private static LocalDate Min(LocalDate a, LocalDate b) => a < b ? a : b;

    /// <summary>
    /// The objective's periods (as <see cref="ObjectivePlan.History"/> gives them: closed calendar periods, or rolling
    /// windows ending at <paramref name="now"/>) that start at or after <paramref name="start"/>, at most 24.
    /// </summary>
    private static IReadOnlyList<PeriodResult> PeriodsSince(ObjectivePlan objective, CountSeries series, Instant now, Instant start)
    {
        var window = objective.Terms.Window;
        var count = 0;
        while (count < 24)
        {
            var w = window.Period is { } period
                ? CalendarWindows.Previous(period, now, window.Zone, count + 1)
                : new Window(now - (window.Rolling!.Value * count), window.Rolling!.Value);
            if (w.Start < start)
            {
                break;
            }
            count++;
        }
        return count == 0 ? [] : objective.History(series, now, count);
    }

    private static (GoalState, string) Judge(PlanGoal? goal, PlanEffect effect)
    {
        var e = effect.Effect;
        if (goal?.AtLeast is { } target)
        {
            var need = goal.Periods;
            var periods = effect.PeriodsAfter;
            var text = Text(target);
            if (periods.Count < need)
            {
                var met = periods.Count(p => p.Attainment is Attainment.Measured m && m.Ratio * 100 >= target);
                return (GoalState.Waiting, $"{periods.Count} of the {need} period{(need == 1 ? "" : "s")} after the actions {(periods.Count == 1 ? "has" : "have")} closed ({met} at or above {text} %).");
            }
            var last = periods.TakeLast(need).ToList();
            var below = last.Where(p => p.Attainment is not Attainment.Measured m || m.Ratio * 100 < target).ToList();
            return below.Count == 0
                ? (GoalState.Met, $"The last {need} period{(need == 1 ? "" : "s")} after the actions {(need == 1 ? "was" : "were all")} at or above {text} %.")
                : (GoalState.NotMet, $"{below.Count} of the last {need} period{(need == 1 ? "" : "s")} after the actions {(below.Count == 1 ? "was" : "were")} below {text} %.");
        }
        if (goal?.BurnFactor is { } factor)
        {
            if (e.Verdict == EffectVerdict.NotEnoughData)
            {
                return (GoalState.Waiting, $"Not enough data yet: {e.DaysAfter} day{(e.DaysAfter == 1 ? "" : "s")} with events after the actions, {MeasuredEffect.MinimumDays} needed on each side.");
            }
            var within = effect.BurnBefore is { } b && effect.BurnAfter is { } a && a <= b * factor;
            var ratio = effect.BurnBefore is > 0 && effect.BurnAfter is { } after ? $"{Text(Math.Round(after / effect.BurnBefore.Value * 100, 1))} %" : "—";
            return within && e.Verdict == EffectVerdict.Improved
                ? (GoalState.Met, $"The burn after is {ratio} of the burn before (goal at most {Text(factor * 100)} %), and the change is significant.")
                : within
                    ? (GoalState.NotMet, $"The burn after is {ratio} of the burn before, but the days do not show the change is more than chance (p = {e.PValue:0.###}).")
                    : (GoalState.NotMet, $"The burn after is {ratio} of the burn before: the goal is at most {Text(factor * 100)} %.");
        }
        return (GoalState.NotYetMeasurable, "The plan has no goal to judge.");
    }

    private static string Text(decimal value) => Numbers.Normalize(value).ToString(CultureInfo.InvariantCulture);
}
