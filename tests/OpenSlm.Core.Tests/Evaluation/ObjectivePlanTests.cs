using NodaTime;
using NodaTime.Text;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Tests.Evaluation;

public sealed class ObjectivePlanTests
{
    internal static Instant Utc(string text) => InstantPattern.General.Parse(text).Value;

    private static readonly IReadOnlyList<TimeRange> NineToFive = [TimeRange.Parse("09:00-17:00")];

    internal static readonly CalendarSpec Office = new()
    {
        TimeZone = "Europe/London",
        Hours = new WeeklyHours { Monday = NineToFive, Tuesday = NineToFive, Wednesday = NineToFive, Thursday = NineToFive, Friday = NineToFive },
        Holidays = [new Holiday { Date = new LocalDate(2025, 1, 1), Name = "New Year's Day" }],
    };

    internal static AgreementSpec Agreement(ObjectiveSpec objective) => new() { Kind = AgreementKind.Expectation, Services = ["web"], Objectives = [objective] };

    private static ObjectiveSpec Objective(string rolling = "1d") =>
        new() { Name = "ok", Indicator = "web-ok", Target = 99m, Window = new ObjectiveWindow { Rolling = rolling }, Calendar = "office" };

    /// <summary>One measurement an hour from 1 Jan 01:00 to 3 Jan 00:00, 99 of 100 good, 50 at 2 Jan 12:00.</summary>
    private static RatioSeries Hourly() => RatioSeries.From(Enumerable.Range(1, 48).Select(h =>
        new RatioMeasurement(Utc("2025-01-01T00:00:00Z") + Duration.FromHours(h), h == 36 ? 50 : 99, 100)));

    [Fact]
    public void A_business_hours_objective_counts_only_events_in_service_hours()
    {
        var objective = Objective();
        var plan = ObjectivePlan.For(Agreement(objective), objective, Office);
        var e = plan.Evaluate(Hourly(), Utc("2025-01-03T00:00:00Z"));
        // 2 Jan 09:00 … 16:00: eight events; 08:00 is before opening and 17:00 is closing time.
        Assert.Equal(new Attainment.Measured(((7 * 99) + 50) / 800m), e.Attainment);
        Assert.Equal(ObjectiveStatus.Breached, e.Status);
        Assert.Equal(8m, e.Budget!.Total);
    }

    [Fact]
    public void A_holiday_has_no_data_even_when_measurements_arrived()
    {
        var objective = Objective();
        var plan = ObjectivePlan.For(Agreement(objective), objective, Office);
        var history = plan.History(Hourly(), Utc("2025-01-03T00:00:00Z"), 2);
        Assert.Equal([ObjectiveStatus.NoData, ObjectiveStatus.Breached], history.Select(p => p.Status));
    }

    [Fact]
    public void Budget_exhaustion_is_projected_in_business_time()
    {
        // 7-day window (31 Dec 12:00, 7 Jan 12:00]: 32 office hours (31 Dec 5 h, 1 Jan a holiday, 2, 3 and 6 Jan 8 h each, 7 Jan 3 h).
        var objective = Objective("7d") with { Target = 90m };
        var plan = ObjectivePlan.For(Agreement(objective), objective, Office);
        // Tuesday 7 Jan 10:30 and 11:30: 95 of 100 good, so half the budget is left and the 1h burn is 0.5.
        var series = RatioSeries.From([
            new RatioMeasurement(Utc("2025-01-07T10:30:00Z"), 95, 100),
            new RatioMeasurement(Utc("2025-01-07T11:30:00Z"), 95, 100),
        ]);
        var e = plan.Evaluate(series, Utc("2025-01-07T12:00:00Z"));
        Assert.Equal(0.5m, e.Budget!.RemainingRatio);
        Assert.Equal(0.5m, e.BurnRates.Single(b => b.Label == "1h").Rate);
        // remaining 0.5 × 32 business hours / 0.5 = 32 business hours from Tue 12:00: Tue 5 h, Wed–Fri 24 h, Mon 3 h → Mon 13 Jan 12:00.
        Assert.Equal(Utc("2025-01-13T12:00:00Z"), e.ExhaustionAt);
    }

    [Theory]
    [InlineData("1d", null, 0)]
    [InlineData("7d", null, 1)]
    [InlineData(null, CalendarPeriod.Month, 2)]
    [InlineData(null, CalendarPeriod.Week, 3)]
    public void The_budget_left_along_a_window_is_what_evaluating_at_each_instant_gives(string? rolling, CalendarPeriod? period, int seed)
    {
        // Random hourly data over six weeks, evaluated at irregular instants: the burn-down's one pass over open time must
        // give exactly the remaining share that a full evaluation at each instant gives, for counted and sliced budgets.
        var random = new Random(seed);
        var series = RatioSeries.From(Enumerable.Range(1, 24 * 42).Select(h =>
            new RatioMeasurement(Utc("2025-01-01T00:00:00Z") + Duration.FromHours(h), 100 - random.Next(0, 4), 100)));
        foreach (var budgeting in new[] { BudgetingMethod.Occurrences, BudgetingMethod.Timeslices })
        {
            var objective = Objective(rolling ?? "1d") with
            {
                Window = rolling is null ? new ObjectiveWindow { Calendar = period } : new ObjectiveWindow { Rolling = rolling },
                Budgeting = budgeting,
                TimeSlice = budgeting == BudgetingMethod.Timeslices ? new TimeSlice { Window = "1h", Target = 98m } : null,
            };
            var plan = ObjectivePlan.For(Agreement(objective), objective, Office);
            var instants = Enumerable.Range(0, 40).Select(i => Utc("2025-02-03T00:00:00Z") + Duration.FromMinutes(i * 397)).ToList();
            var expected = instants.Select(t => (t, plan.Evaluate(series, t).Budget?.RemainingRatio)).Where(p => p.RemainingRatio is not null)
                .Select(p => (p.t, p.RemainingRatio!.Value)).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, plan.BudgetLeft(series, instants));
        }
    }

    [Theory]
    [InlineData(0, "5m")]
    [InlineData(1, "1h")]
    [InlineData(2, "15m")]
    public void Scoring_many_windows_at_once_gives_each_windows_own_score(int seed, string slice)
    {
        // Windows of every kind against the single-window score: within one slice, on slice edges, across many, nested,
        // overlapping, in no order; with business hours and a holiday cutting the open time.
        var random = new Random(seed);
        var series = RatioSeries.From(Enumerable.Range(1, 24 * 60 * 4).Select(m =>
            new RatioMeasurement(Utc("2025-01-01T00:00:00Z") + Duration.FromMinutes(m * 15), 100 - random.Next(0, 3), 100)));
        var objective = Objective("7d") with { Budgeting = BudgetingMethod.Timeslices, TimeSlice = new TimeSlice { Window = slice, Target = 99m } };
        var terms = ObjectiveTerms.From(objective, DateTimeZone.Utc);
        var clock = ObjectivePlan.ClockFor(Agreement(objective), Office);
        var exclusions = ExclusionSet.From(clock.ClosedIntervals(Utc("2024-12-31T00:00:00Z"), Utc("2025-01-06T00:00:00Z")));
        var origin = Utc("2025-01-01T00:00:00Z");
        var windows = Enumerable.Range(0, 60).Select(i =>
        {
            var start = origin + Duration.FromMinutes(random.Next(0, 4 * 24 * 12) * (i % 3 == 0 ? 5 : 1));
            return Window.Between(start, start + Duration.FromMinutes(random.Next(1, 3 * 24 * 60)));
        }).ToList();
        var expected = windows.Select(w => Evaluator.Score(terms, series, exclusions, w)).ToList();
        Assert.Equal(expected, Evaluator.Scores(terms, series, exclusions, windows));
        Assert.Contains(expected, e => e.BadUnits > 0);
    }
}
