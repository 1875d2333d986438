using FsCheck.Xunit;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Alerting;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Tests.Alerting;

public sealed class AlertRulesTests
{
    private static readonly Instant Now = Instant.FromUtc(2025, 3, 20, 12, 0);

    private static ObjectivePlan Plan(ObjectiveWindow? window = null) => ObjectivePlan.For(
        new ObjectiveSpec { Name = "availability", Indicator = "web", Target = 99.9m, Window = window ?? ObjectiveWindow.RollingOf("30d") },
        BusinessClock.AlwaysOpen);

    /// <summary>One measurement a minute for the 4 days before <see cref="Now"/>: <paramref name="perMinute"/> events, bad as <paramref name="bad"/> says for the minute ending that many minutes ago.</summary>
    private static RatioSeries Minutes(long perMinute, Func<int, long> bad, int days = 4)
    {
        var minutes = days * 24 * 60;
        var at = new long[minutes];
        var good = new long[minutes];
        var total = new long[minutes];
        for (var i = 0; i < minutes; i++)
        {
            var ago = minutes - 1 - i;
            at[i] = (Now - Duration.FromMinutes(ago)).ToUnixTimeTicks();
            total[i] = perMinute;
            good[i] = perMinute - bad(ago);
        }
        return RatioSeries.FromOrdered(at, good, total);
    }

    private static IReadOnlyList<AlertSignal> Check(ObjectivePlan plan, CountSeries series, AlertPolicy? policy = null, Instant? lastData = null) =>
        AlertRules.Check(plan, series, plan.Evaluate(series, Now), Now, policy ?? new AlertPolicy(), lastData ?? Now);

    [Fact]
    public void The_workbook_factors_for_30_days_and_the_same_shares_for_other_periods()
    {
        Assert.Equal([14.4m, 6m, 3m, 1m], BurnRateAlerts.Default(Duration.FromDays(30)).Select(c => c.Factor));
        Assert.Equal([13.44m, 5.6m, 2.8m], BurnRateAlerts.Default(Duration.FromDays(28)).Take(3).Select(c => c.Factor));
    }

    [Property(MaxTest = 200)]
    public bool A_condition_fires_at_exactly_its_share_of_the_budget_over_its_long_window(FsCheck.PositiveInt days)
    {
        var period = Duration.FromDays(1 + (days.Get % 400));
        return BurnRateAlerts.Default(period).All(c =>
            Math.Abs((c.Factor * (decimal)c.LongWindow.TotalSeconds / (decimal)period.TotalSeconds) - (c.BudgetPercent / 100m)) < 1e-20m);
    }

    [Fact]
    public void Two_percent_of_the_budget_in_an_hour_pages_and_a_ticket_waits_for_a_steady_burn()
    {
        // 1,000 events a minute; for the last hour 2 % fail: burn 20 over 5 m and 1 h (> 14.4), 20/24 over 1 d (< 3).
        var signals = Check(Plan(), Minutes(1000, ago => ago < 60 ? 20 : 0));
        var page = Assert.Single(signals);
        Assert.Equal((AlertKind.BurnRate, AlertSeverity.Page, "quick"), (page.Kind, page.Severity, page.Condition!.Speed));
        Assert.Equal(20m, page.LongBurn);
        Assert.Contains("2 % of the error budget would burn in 1h", page.Reason, StringComparison.Ordinal);

        // 0.4 % failing for three days: burn 4 over 1 d and 2 h (> 3) is a ticket, not a page (< 6 over 6 h). The window
        // is below target too, which is a status alert of its own.
        var ticket = Assert.Single(Check(Plan(), Minutes(1000, _ => 4)), s => s.Kind == AlertKind.BurnRate);
        Assert.Equal((AlertSeverity.Ticket, "quick"), (ticket.Severity, ticket.Condition!.Speed));
    }

    [Fact]
    public void A_burn_that_has_stopped_no_longer_pages_once_the_short_window_is_clean()
    {
        // Failing from 60 to 10 minutes ago: the hour still burns at 16.7, the last 5 minutes at 0.
        Assert.Empty(Check(Plan(), Minutes(1000, ago => ago is >= 10 and < 60 ? 20 : 0)));
    }

    [Fact]
    public void Low_traffic_does_not_page_for_one_failure_out_of_three_events()
    {
        // Three events in the last hour, one bad: burn 333 but only 3 events in the long window.
        var series = RatioSeries.FromOrdered(
            [(Now - Duration.FromMinutes(50)).ToUnixTimeTicks(), (Now - Duration.FromMinutes(20)).ToUnixTimeTicks(), (Now - Duration.FromMinutes(2)).ToUnixTimeTicks()],
            [1, 1, 0], [1, 1, 1]);
        Assert.DoesNotContain(Check(Plan(), series), s => s.Kind == AlertKind.BurnRate);
        Assert.Contains(Check(Plan(), series, new AlertPolicy { MinEvents = 1 }), s => s.Severity == AlertSeverity.Page);
    }

    [Fact]
    public void A_breach_projected_before_the_month_ends_raises_a_ticket()
    {
        // Calendar month, 20 March noon: clean until 16 March, then 0.2 % failing (burn 2). Still Met (99.96 %), but
        // 40 % of the budget is gone and the rest lasts about 9 days at this burn: before the month ends.
        var month = Plan(new ObjectiveWindow { Calendar = CalendarPeriod.Month });
        var series = Minutes(1000, ago => ago < 4 * 24 * 60 ? 2 : 0, days: 20);
        Assert.Equal(ObjectiveStatus.Met, month.Evaluate(series, Now).Status);
        var signal = Assert.Single(Check(month, series, new AlertPolicy { BurnRates = [] }));
        Assert.Equal((AlertKind.ProjectedBreach, AlertSeverity.Ticket), (signal.Kind, signal.Severity));
        Assert.True(signal.ProjectedAt < Instant.FromUtc(2025, 4, 1, 0, 0));
        // Half that burn (0.1 % failing from 16 March: burn 1) leaves budget at the month's end.
        Assert.Empty(Check(month, Minutes(1000, ago => ago < 4 * 24 * 60 ? 1 : 0, days: 20), new AlertPolicy { BurnRates = [] }));
    }

    [Fact]
    public void No_data_for_longer_than_allowed_raises_a_ticket()
    {
        var policy = new AlertPolicy { NoDataAfter = Duration.FromHours(1) };
        var series = Minutes(1000, _ => 0);
        Assert.Empty(Check(Plan(), series, policy, Now - Duration.FromMinutes(30)));
        var signal = Assert.Single(Check(Plan(), series, policy, Now - Duration.FromHours(2)));
        Assert.Equal(AlertKind.NoData, signal.Kind);
        Assert.Empty(Check(Plan(), series, new AlertPolicy(), Now - Duration.FromDays(2)));
    }

    [Fact]
    public void The_status_raises_a_ticket_at_risk_and_breached_with_the_status_as_its_level()
    {
        var plan = ObjectivePlan.For(
            new ObjectiveSpec { Name = "availability", Indicator = "web", Target = 99m, Warning = 99.5m, Window = ObjectiveWindow.RollingOf("30d") },
            BusinessClock.AlwaysOpen);
        var quiet = new AlertPolicy { BurnRates = [] };
        Assert.Empty(Check(plan, Minutes(1000, _ => 4), quiet));                  // 99.6 %: Met
        var atRisk = Assert.Single(Check(plan, Minutes(1000, _ => 7), quiet));    // 99.3 %: below the warning level
        Assert.Equal((AlertKind.Status, AlertSeverity.Ticket, "AtRisk"), (atRisk.Kind, atRisk.Severity, atRisk.Level));
        Assert.Contains("99.3 %", atRisk.Reason, StringComparison.Ordinal);
        var breached = Assert.Single(Check(plan, Minutes(1000, _ => 12), quiet)); // 98.8 %: below target
        Assert.Equal((AlertKind.Status, "Breached"), (breached.Kind, breached.Level));
        Assert.Empty(Check(plan, Minutes(1000, _ => 12), quiet with { StatusChanges = false }));
    }

    /// <summary>A point every 10 minutes from 1 March until <see cref="Now"/> (20 March noon): 20,000 events, bad as <paramref name="bad"/> says for the day (0 = 1 March) and hour.</summary>
    private static RatioSeries Days(Func<int, int, long> bad)
    {
        var start = Instant.FromUtc(2025, 3, 1, 0, 0);
        var (at, good, total) = (new List<long>(), new List<long>(), new List<long>());
        for (var t = start + Duration.FromMinutes(10); t <= Now; t += Duration.FromMinutes(10))
        {
            var since = t - start - Duration.FromTicks(1);
            var b = bad((int)since.TotalDays, (int)(since.TotalHours % 24));
            at.Add(t.ToUnixTimeTicks());
            good.Add(20_000 - b);
            total.Add(20_000);
        }
        return RatioSeries.FromOrdered([.. at], [.. good], [.. total]);
    }

    private static ObjectivePlan Month() => Plan(new ObjectiveWindow { Calendar = CalendarPeriod.Month });

    [Fact]
    public void A_daily_error_share_that_keeps_rising_projects_a_breach_even_while_the_current_hour_is_clean()
    {
        // Day d (1 March = 0) loses 2d of every 20,000 events, 0.01 % more each day, until midnight; today so far is clean, so
        // the current burn is 0 and projects nothing. The period so far is Met (99.91 %), but carried on, the rising share
        // closes March at about 99.85 %: below 99.9 %.
        var series = Days((day, _) => day < 19 ? 2 * day : 0);
        var plan = Month();
        var evaluation = plan.Evaluate(series, Now);
        Assert.Equal(ObjectiveStatus.Met, evaluation.Status);
        Assert.Null(evaluation.ExhaustionAt);

        var trend = BudgetTrend.Project(plan, series, Now)!;
        Assert.Equal(19, trend.Days);
        Assert.Equal(0.0001m, decimal.Round(trend.SlopePerDay, 8));
        Assert.InRange(trend.ProjectedAttainment, 0.9984m, 0.9986m);
        Assert.InRange(trend.ExhaustionAt!.Value, Instant.FromUtc(2025, 3, 24, 0, 0), Instant.FromUtc(2025, 3, 31, 0, 0));

        Assert.Empty(Check(plan, series, new AlertPolicy { BurnRates = [] }));
        var signal = Assert.Single(AlertRules.Check(plan, series, evaluation, Now, new AlertPolicy { BurnRates = [] }, Now, trend));
        Assert.Equal((AlertKind.ProjectedBreach, AlertSeverity.Ticket), (signal.Kind, signal.Severity));
        Assert.Contains("trend of the last 19 days", signal.Reason, StringComparison.Ordinal);
        Assert.Equal(trend.ExhaustionAt, signal.ProjectedAt);
        Assert.Empty(AlertRules.Check(plan, series, evaluation, Now, new AlertPolicy { BurnRates = [], ProjectedBreach = false }, Now, trend));
    }

    [Property(MaxTest = 25)]
    public bool A_steady_daily_share_projects_the_attainment_so_far(FsCheck.NonNegativeInt perTwentyThousand)
    {
        // The same share every day: the line is flat, and the period closes where it stands.
        var bad = perTwentyThousand.Get % 200;
        var plan = Month();
        var series = Days((_, _) => bad);
        var trend = BudgetTrend.Project(plan, series, Now)!;
        var expected = 1m - (bad / 20_000m);
        return Math.Abs(trend.SlopePerDay) < 1e-20m
            && Math.Abs(trend.ProjectedAttainment - expected) < 1e-20m
            && (trend.ExhaustionAt is null) == (expected >= plan.Terms.Target);
    }

    [Fact]
    public void No_trend_for_rolling_windows_or_with_fewer_than_three_days_of_data()
    {
        var series = Days((day, _) => day);
        Assert.Null(BudgetTrend.Project(Plan(), series, Now));
        Assert.Null(BudgetTrend.Project(Month(), series, Instant.FromUtc(2025, 3, 3, 12, 0)));
        Assert.NotNull(BudgetTrend.Project(Month(), series, Instant.FromUtc(2025, 3, 4, 0, 0)));
    }
}
