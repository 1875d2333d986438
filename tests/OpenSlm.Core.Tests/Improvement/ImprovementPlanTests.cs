using FsCheck.Xunit;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Improvement;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Tests.Improvement;

public sealed class ImprovementPlanTests
{
    private static readonly LocalDate Fix = new(2026, 6, 10);

    private static ImprovementPlanSpec Plan(PlanGoal goal, params PlanAction[] actions) => new()
    {
        Agreement = "web-shop-sla",
        Objective = "checkout-success",
        Owner = "alice",
        Status = PlanStatus.Active,
        Goal = goal,
        Actions = actions.Length > 0 ? actions : [Done("pool", Fix)],
    };

    private static PlanAction Done(string name, LocalDate day) => new() { Name = name, Owner = "bob", Due = day, Status = PlanActionStatus.Done, Done = day };

    private static ObjectivePlan Objective(ObjectiveWindow window, decimal target = 99.5m) => ObjectivePlan.For(
        new ObjectiveSpec { Name = "checkout-success", Indicator = "checkout", Target = target, Window = window },
        BusinessClock.AlwaysOpen);

    /// <summary>One measurement an hour of 1,000 events from <paramref name="from"/> to <paramref name="to"/>; <paramref name="bad"/> gives each day's bad events per hour.</summary>
    private static RatioSeries Hours(LocalDate from, LocalDate to, Func<LocalDate, int> bad)
    {
        var items = new List<RatioMeasurement>();
        for (var d = from; d <= to; d = d.PlusDays(1))
        {
            for (var h = 1; h <= 24; h++)
            {
                items.Add(new RatioMeasurement(d.AtMidnight().InUtc().ToInstant() + Duration.FromHours(h) - Duration.FromSeconds(1), 1000 - bad(d), 1000));
            }
        }
        return RatioSeries.From(items);
    }

    private static Instant At(int year, int month, int day) => Instant.FromUtc(year, month, day, 0, 0);

    [Fact]
    public void A_plan_whose_data_improves_by_a_known_amount_reports_that_amount()
    {
        // 8 bad in 1,000 (0.8 %) every hour before the fix; 2 in 1,000 (0.2 %) after: 0.6 points fewer, exactly.
        var series = Hours(new LocalDate(2026, 4, 1), new LocalDate(2026, 9, 30), d => d < Fix ? 8 : d == Fix ? 5 : 2 + (d.Day % 2));
        var plan = Plan(new PlanGoal { BurnFactor = 0.5m });
        var effect = PlanEffect.Measure(plan, Objective(ObjectiveWindow.RollingOf("28d")), series, At(2026, 8, 1));
        Assert.Equal(new LocalDate(2026, 5, 13), effect.BeforeFrom);
        Assert.Equal(new LocalDate(2026, 6, 9), effect.BeforeTo);
        Assert.Equal(new LocalDate(2026, 6, 11), effect.AfterFrom);
        Assert.Equal(new LocalDate(2026, 7, 8), effect.AfterTo);
        Assert.Equal(28, effect.Effect.DaysBefore);
        Assert.Equal(28, effect.Effect.DaysAfter);
        Assert.Equal(0.8m, effect.Effect.BadBefore);
        // Days 11..31 of June and 1..7 of July: 11 odd days at 0.3 %, ... exactly the pooled mean of 2 + (day % 2).
        var expectedAfter = Enumerable.Range(0, 28).Select(i => Fix.PlusDays(1 + i)).Sum(d => 2m + (d.Day % 2)) * 24 * 100 / (28 * 24 * 1000);
        Assert.Equal(Numbers.Normalize(expectedAfter), effect.Effect.BadAfter);
        Assert.Equal(99.2m, effect.AttainmentBefore);
        Assert.Equal(EffectVerdict.Improved, effect.Effect.Verdict);
        Assert.Equal(1.6m, effect.BurnBefore);   // 0.8 % bad against 0.5 % allowed
        Assert.Equal(GoalState.Met, effect.Goal);
        Assert.Equal(40m, effect.WeeklyBudgetBefore);   // 1.6 × 7 / 28 days
    }

    [Fact]
    public void A_plan_with_no_change_in_its_data_reports_no_significant_change()
    {
        var series = Hours(new LocalDate(2026, 4, 1), new LocalDate(2026, 9, 30), d => 3 + (d.DayOfYear * 7 % 5));
        var effect = PlanEffect.Measure(Plan(new PlanGoal { BurnFactor = 0.5m }), Objective(ObjectiveWindow.RollingOf("28d")), series, At(2026, 8, 1));
        Assert.Equal(EffectVerdict.NoSignificantChange, effect.Effect.Verdict);
        Assert.Equal(GoalState.NotMet, effect.Goal);
        Assert.Contains("of the burn before", effect.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Until_every_action_is_done_there_is_no_after_and_before_a_week_of_it_not_enough_data()
    {
        var series = Hours(new LocalDate(2026, 4, 1), new LocalDate(2026, 9, 30), _ => 4);
        var open = Plan(new PlanGoal { BurnFactor = 0.5m }, Done("pool", Fix), new PlanAction { Name = "cache", Owner = "bob", Due = Fix.PlusDays(20), Status = PlanActionStatus.InProgress });
        var effect = PlanEffect.Measure(open, Objective(ObjectiveWindow.RollingOf("28d")), series, At(2026, 8, 1));
        Assert.Equal(GoalState.NotYetMeasurable, effect.Goal);
        Assert.Null(effect.AfterFrom);
        Assert.Equal(28, effect.Effect.DaysBefore);
        Assert.Contains("1 action is still open", effect.Why, StringComparison.Ordinal);

        var early = PlanEffect.Measure(Plan(new PlanGoal { BurnFactor = 0.5m }), Objective(ObjectiveWindow.RollingOf("28d")), series, At(2026, 6, 15));
        Assert.Equal(EffectVerdict.NotEnoughData, early.Effect.Verdict);
        Assert.Equal(4, early.Effect.DaysAfter);   // 11 to 14 June
        Assert.Equal(GoalState.Waiting, early.Goal);

        var none = PlanEffect.Measure(Plan(new PlanGoal { BurnFactor = 0.5m }, new PlanAction { Name = "a", Owner = "bob", Due = Fix }), Objective(ObjectiveWindow.RollingOf("28d")), series, At(2026, 8, 1));
        Assert.Equal(GoalState.NotYetMeasurable, none.Goal);
        Assert.Null(none.BeforeFrom);
    }

    [Fact]
    public void An_attainment_goal_is_judged_on_the_whole_periods_that_started_after_the_actions()
    {
        // Monthly objective; fixed on 10 June, so July, August and September are the periods after (June is not: it began before).
        var month = new ObjectiveWindow { Calendar = CalendarPeriod.Month };
        var series = Hours(new LocalDate(2026, 4, 1), new LocalDate(2026, 12, 31), d => d < Fix ? 8 : 0);
        var plan = Plan(new PlanGoal { AtLeast = 99.95m, ForPeriods = 3 });
        var inAugust = PlanEffect.Measure(plan, Objective(month), series, At(2026, 8, 20));
        Assert.Equal(GoalState.Waiting, inAugust.Goal);
        Assert.Single(inAugust.PeriodsAfter);
        Assert.Contains("1 of the 3 periods", inAugust.Why, StringComparison.Ordinal);

        var inOctober = PlanEffect.Measure(plan, Objective(month), series, At(2026, 10, 2));
        Assert.Equal(3, inOctober.PeriodsAfter.Count);
        Assert.Equal(GoalState.Met, inOctober.Goal);

        var stricter = PlanEffect.Measure(Plan(new PlanGoal { AtLeast = 99.95m, ForPeriods = 3 }), Objective(month),
            Hours(new LocalDate(2026, 4, 1), new LocalDate(2026, 12, 31), d => d < Fix ? 8 : d.Month == 9 ? 2 : 0), At(2026, 10, 2));
        Assert.Equal(GoalState.NotMet, stricter.Goal);
        Assert.Contains("1 of the last 3 periods after the actions was below 99.95 %", stricter.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_plans_are_refused_at_the_field_with_what_was_expected()
    {
        var problems = new Problems();
        new ImprovementPlanSpec
        {
            Status = PlanStatus.Completed,
            Goal = new PlanGoal { AtLeast = 120, BurnFactor = 0.5m },
            Actions =
            [
                new PlanAction { Name = "a" },
                new PlanAction { Name = "a", Owner = "bob", Due = Fix, Status = PlanActionStatus.Done },
                new PlanAction { Name = "c", Owner = "bob", Due = Fix, Done = Fix },
            ],
        }.Validate(problems);
        Assert.Equal(
            ["agreement", "objective", "goal.burnFactor", "goal.atLeast", "owner", "actions[0].owner", "actions[0].due", "actions[1].done", "actions[1].name", "actions[2].done", "status"],
            problems.Errors.Select(e => e.Path));
        Assert.Contains("the stakeholder who does the action", problems.Errors[5].Message, StringComparison.Ordinal);
        Assert.Contains("the day the action is due", problems.Errors[6].Message, StringComparison.Ordinal);
        Assert.Contains("while action 'a' is Planned", problems.Errors[^1].Message, StringComparison.Ordinal);

        var unmeasurable = new Problems();
        (Plan(new PlanGoal()) with { Goal = new PlanGoal { ForPeriods = 3 } }).Validate(unmeasurable);
        Assert.Equal(["goal"], unmeasurable.Errors.Select(e => e.Path));
        Assert.Contains("measurable", unmeasurable.Errors[0].Message, StringComparison.Ordinal);

        var plan = Plan(new PlanGoal { BurnFactor = 0.5m });
        Assert.Equal("spec.objective", plan.CheckObjective(null, ["availability", "latency"])!.Value.Field);
        Assert.Contains("expected one of availability, latency", plan.CheckObjective(null, ["availability", "latency"])!.Value.Message, StringComparison.Ordinal);
        var perfect = new ObjectiveSpec { Name = "checkout-success", Indicator = "c", Target = 100 };
        Assert.Equal("spec.goal.burnFactor", plan.CheckObjective(perfect, ["checkout-success"])!.Value.Field);
        Assert.Null((plan with { Goal = new PlanGoal { AtLeast = 99.9m } }).CheckObjective(perfect, ["checkout-success"]));
    }

    [Fact]
    public void A_problem_needs_a_service_and_once_resolved_the_day()
    {
        var problems = new Problems();
        new ProblemSpec { Status = ProblemStatus.Resolved, Opened = Fix, RefersTo = ["INC1", ""] }.Validate(problems);
        Assert.Equal(["services", "refersTo[1]", "resolved"], problems.Errors.Select(e => e.Path));
        var fine = new Problems();
        new ProblemSpec { Status = ProblemStatus.KnownError, Services = ["payments"], RootCause = "pool too small", Opened = Fix }.Validate(fine);
        Assert.Empty(fine.Errors);
    }

    [Fact]
    public void Open_actions_are_reminded_of_once_when_due_soon_and_once_when_overdue()
    {
        var plan = Plan(new PlanGoal { BurnFactor = 0.5m },
            Done("pool", Fix),
            new PlanAction { Name = "cache", Owner = "bob", Due = Fix.PlusDays(10), Status = PlanActionStatus.InProgress },
            new PlanAction { Name = "docs", Owner = "carol", Due = Fix.PlusDays(2) },
            new PlanAction { Name = "dropped", Owner = "bob", Due = Fix, Status = PlanActionStatus.Cancelled });
        var today = Fix.PlusDays(8);
        var reminders = plan.Reminders("resize", today).ToList();
        Assert.Equal(["plan-action-due:resize:cache:2026-06-20", "plan-action-overdue:resize:docs:2026-06-12"], reminders.Select(r => r.Key));
        Assert.Equal(["bob", "carol"], reminders.Select(r => r.Owner));
        Assert.All(reminders, r => Assert.Equal("web-shop-sla", r.Agreement));
        Assert.Contains("was due on 2026-06-12 (owner: carol) and is still Planned", reminders[1].Text, StringComparison.Ordinal);
        Assert.Single(plan.Reminders("resize", Fix.PlusDays(6)));   // cache not yet within three days of its day; docs already overdue
        Assert.Empty((plan with { Status = PlanStatus.Abandoned }).Reminders("resize", today));
    }

    private static BreachFact Breach(string objective, int month, CauseCategory? category, decimal bad = 10) =>
        new("web-shop-sla", objective, At(2026, month, 1), At(2026, month + 1, 1), category, null, bad, Duration.FromMinutes((double)bad));

    [Fact]
    public void Recurring_breaches_are_an_objective_breached_twice_in_six_periods_or_one_cause_three_times_in_a_quarter()
    {
        var breaches = new[]
        {
            Breach("checkout-success", 2, CauseCategory.Capacity),
            Breach("checkout-success", 8, CauseCategory.Capacity),
            Breach("latency", 9, CauseCategory.Capacity),
            Breach("availability", 10, CauseCategory.Change),
            Breach("search", 9, CauseCategory.Capacity),
        };
        // Six months back from November 2026 starts in May: February's breach of checkout-success is too old.
        var found = Recurrence.Detect(breaches, (_, _) => At(2026, 5, 1));
        var category = Assert.Single(found);
        Assert.Equal(RecurrenceKind.Category, category.Kind);
        Assert.Equal("Capacity", category.Subject);
        Assert.Equal(3, category.Count);

        var longer = Recurrence.Detect([.. breaches, Breach("checkout-success", 10, CauseCategory.Change)], (_, o) => o == "latency" ? null : At(2026, 5, 1));
        Assert.Equal([(RecurrenceKind.Objective, "web-shop-sla/checkout-success", 2), (RecurrenceKind.Category, "Capacity", 3)],
            longer.Select(r => (r.Kind, r.Subject, r.Count)));
    }

    [Fact]
    public void The_pareto_of_causes_orders_by_count_with_exact_shares_and_costs()
    {
        var rows = Pareto.Of([
            Breach("a", 1, CauseCategory.Capacity, 5), Breach("b", 2, CauseCategory.Capacity, 7), Breach("c", 3, null, 1),
            Breach("d", 4, CauseCategory.Change, 40), Breach("e", 5, CauseCategory.Capacity, 1), Breach("f", 6, CauseCategory.Change, 2),
        ]);
        Assert.Equal([CauseCategory.Capacity, CauseCategory.Change, null], rows.Select(r => r.Category));
        Assert.Equal([3, 2, 1], rows.Select(r => r.Count));
        Assert.Equal([50m, Numbers.Normalize(200m / 6), Numbers.Normalize(100m / 6)], rows.Select(r => r.Share));
        Assert.Equal(100m, rows[^1].Cumulative);
        Assert.Equal(13m, rows[0].BadUnits);
        Assert.Equal(Duration.FromMinutes(42), rows[1].Downtime);
    }

    [Property(MaxTest = 200)]
    public bool A_pareto_counts_every_breach_once_and_ends_at_a_hundred_percent(byte[] categories)
    {
        var breaches = categories.Select((c, i) => Breach("o" + i, 1, c % 9 == 8 ? null : (CauseCategory)(c % 9))).ToList();
        var rows = Pareto.Of(breaches);
        return breaches.Count == 0 ? rows.Count == 0
            : rows.Sum(r => r.Count) == breaches.Count && rows[^1].Cumulative == 100 && rows.Zip(rows.Skip(1)).All(p => p.First.Count >= p.Second.Count);
    }
}
