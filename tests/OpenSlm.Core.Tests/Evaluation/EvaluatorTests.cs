using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Tests.Evaluation;

public sealed class EvaluatorTests
{
    private static readonly Instant Now = Instant.FromUtc(2025, 1, 31, 0, 0);

    private static readonly ObjectiveTerms ThirtyDays = new(0.999m, 0.9995m, EvaluationWindow.RollingOf(Duration.FromDays(30)), BudgetingMethod.Occurrences);

    /// <summary>One measurement a minute over the 30 days before Now, each of <paramref name="total"/> events, <paramref name="bad"/> of them bad.</summary>
    private static RatioSeries Minutely(long total, Func<int, long> bad) => RatioSeries.From(
        Enumerable.Range(0, 30 * 1440).Select(i => new RatioMeasurement(Now - Duration.FromMinutes(i), total - bad(i), total)));

    private static decimal? Rate(ObjectiveEvaluation e, string label) => e.BurnRates.Single(b => b.Label == label).Rate;

    [Fact]
    public void Occurrences_attainment_budget_and_status_are_exact()
    {
        // 43,200 minutes × 1,000 events; 40 bad events in total, all in the last hour.
        var series = Minutely(1000, i => i < 40 ? 1 : 0);
        var e = Evaluator.Evaluate(ThirtyDays, series, ExclusionSet.None, Now);
        Assert.Equal(1m - (40m / 43_200_000m), Assert.IsType<Attainment.Measured>(e.Attainment).Ratio);
        Assert.Equal(ObjectiveStatus.Met, e.Status);
        Assert.Equal(43_200m, e.Budget!.Total);           // 0.1 % of 43.2 M events
        Assert.Equal(40m, e.Budget.Consumed);
        Assert.Equal(43_160m, e.Budget.Remaining);
        Assert.Equal(43_160m / 43_200m, e.Budget.RemainingRatio);
    }

    [Fact]
    public void Burn_rate_is_the_error_ratio_over_the_allowed_error_ratio()
    {
        // 10 % of events bad in the last 5 minutes, none before: 5m burn = 0.1 / 0.001 = 100.
        var series = Minutely(100, i => i < 5 ? 10 : 0);
        var e = Evaluator.Evaluate(ThirtyDays, series, ExclusionSet.None, Now);
        Assert.Equal(100m, Rate(e, "5m"));
        Assert.Equal(50m / 6000m / 0.001m, Rate(e, "1h"));
        Assert.Equal(["5m", "30m", "1h", "2h", "6h", "1d", "3d", "window"], e.BurnRates.Select(b => b.Label));
    }

    [Fact]
    public void Exhaustion_is_projected_from_the_remaining_budget_at_the_current_burn()
    {
        // A steady 0.05 % error ratio: burn 0.5 everywhere, half the budget left, so the rest lasts 30 more days.
        var series = Minutely(10_000, _ => 5);
        var e = Evaluator.Evaluate(ThirtyDays, series, ExclusionSet.None, Now);
        Assert.Equal(0.5m, Rate(e, "1h"));
        Assert.Equal(0.5m, e.Budget!.RemainingRatio);
        Assert.Equal(Now + Duration.FromDays(30), e.ExhaustionAt);
    }

    [Theory]
    [InlineData(0, ObjectiveStatus.Met)]
    [InlineData(7, ObjectiveStatus.AtRisk)]     // 99.93 %: above 99.9, below 99.95
    [InlineData(11, ObjectiveStatus.Breached)]  // 99.89 %
    public void Status_follows_the_target_and_the_warning_level(int badPerTenThousand, ObjectiveStatus status)
    {
        var series = Minutely(10_000, _ => badPerTenThousand);
        Assert.Equal(status, Evaluator.Evaluate(ThirtyDays, series, ExclusionSet.None, Now).Status);
    }

    [Fact]
    public void Exactly_at_target_is_met()
    {
        var series = Minutely(1000, _ => 1);   // 99.9 % exactly
        Assert.Equal(ObjectiveStatus.AtRisk, Evaluator.Evaluate(ThirtyDays, series, ExclusionSet.None, Now).Status);
        Assert.Equal(ObjectiveStatus.Met, Evaluator.Evaluate(ThirtyDays with { Warning = null }, series, ExclusionSet.None, Now).Status);
    }

    [Fact]
    public void No_data_has_no_budget_no_burn_and_no_exhaustion()
    {
        var e = Evaluator.Evaluate(ThirtyDays, RatioSeries.Empty, ExclusionSet.None, Now);
        Assert.Equal(ObjectiveStatus.NoData, e.Status);
        Assert.IsType<Attainment.NoData>(e.Attainment);
        Assert.Null(e.Budget);
        Assert.All(e.BurnRates, b => Assert.Null(b.Rate));
        Assert.Null(e.ExhaustionAt);
    }

    [Fact]
    public void An_excluded_outage_neither_counts_nor_burns()
    {
        var series = Minutely(100, i => i < 60 ? 100 : 0);   // the last hour entirely bad
        var outage = ExclusionSet.From([(Now - Duration.FromMinutes(60), Now + Duration.FromMinutes(1))]);
        var e = Evaluator.Evaluate(ThirtyDays, series, outage, Now);
        Assert.Equal(1m, Assert.IsType<Attainment.Measured>(e.Attainment).Ratio);
        Assert.Null(Rate(e, "5m"));   // nothing left to judge in the last 5 minutes
        Assert.Equal(0m, Rate(e, "1d"));
    }

    [Fact]
    public void Timeslices_count_good_slices_and_ignore_empty_ones()
    {
        var t = Instant.FromUtc(2025, 1, 1, 0, 0);
        var series = RatioSeries.From(
        [
            new RatioMeasurement(t + Duration.FromMinutes(1), 100, 100),   // slice 1: 100 %
            new RatioMeasurement(t + Duration.FromMinutes(2), 90, 100),    // slice 2: 90 %
            new RatioMeasurement(t + Duration.FromMinutes(4), 96, 100),    // slice 4: 96 % (slice 3 empty)
        ]);
        var window = EvaluationWindow.RollingOf(Duration.FromMinutes(10));
        var slices = new ObjectiveTerms(0.5m, null, window, BudgetingMethod.Timeslices, Duration.FromMinutes(1), 0.95m);
        var e = Evaluator.Evaluate(slices, series, ExclusionSet.None, t + Duration.FromMinutes(5));
        Assert.Equal(2m / 3m, Assert.IsType<Attainment.Measured>(e.Attainment).Ratio, 20);
        Assert.Equal((1.5m, 1m), (e.Budget!.Total, e.Budget.Consumed));

        var ratio = slices with { Budgeting = BudgetingMethod.RatioTimeslices, SliceTarget = null };
        var r = Evaluator.Evaluate(ratio, series, ExclusionSet.None, t + Duration.FromMinutes(5));
        Assert.Equal((1m + 0.9m + 0.96m) / 3m, Assert.IsType<Attainment.Measured>(r.Attainment).Ratio, 20);
    }

    [Fact]
    public void A_calendar_window_measures_the_elapsed_part_and_budgets_over_the_whole_period()
    {
        var monthly = new ObjectiveTerms(0.99m, null, EvaluationWindow.CalendarOf(CalendarPeriod.Month, DateTimeZone.Utc), BudgetingMethod.Occurrences);
        var now = Instant.FromUtc(2025, 1, 16, 0, 0);
        var series = RatioSeries.From(Enumerable.Range(0, 40 * 24).Select(h =>
            new RatioMeasurement(Instant.FromUtc(2024, 12, 20, 0, 0) + Duration.FromHours(h), 995, 1000)));
        var e = Evaluator.Evaluate(monthly, series, ExclusionSet.None, now);
        Assert.Equal(Window.Between(Instant.FromUtc(2025, 1, 1, 0, 0), now), e.Window);
        Assert.Equal(15m * 24m * 1000m, e.Budget!.Total / 0.01m);      // only January's events count
        Assert.Equal(0.5m, Rate(e, "window"));
        // half the budget left at burn 0.5: it lasts another whole 31-day month
        Assert.Equal(now + Duration.FromDays(31), e.ExhaustionAt);
    }

    [Fact]
    public void Objective_terms_convert_percentages_to_fractions()
    {
        var spec = new ObjectiveSpec
        {
            Name = "a",
            Indicator = "i",
            Target = 99.9m,
            Warning = 99.95m,
            Window = ObjectiveWindow.RollingOf("28d"),
            Budgeting = BudgetingMethod.Timeslices,
            TimeSlice = new TimeSlice { Window = "5m", Target = 95 },
        };
        var terms = ObjectiveTerms.From(spec, DateTimeZone.Utc);
        Assert.Equal((0.999m, 0.9995m, 0.95m), (terms.Target, terms.Warning!.Value, terms.SliceTarget!.Value));
        Assert.Equal(Duration.FromDays(28), terms.Window.Rolling);
        Assert.Equal(Duration.FromMinutes(5), terms.Slice);
    }
}
