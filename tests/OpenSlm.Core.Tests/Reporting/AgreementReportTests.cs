using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Reporting;
using OpenSlm.Core.Tickets;

namespace OpenSlm.Core.Tests.Reporting;

public sealed class AgreementReportTests
{
    private static readonly Instant April2 = Instant.FromUtc(2025, 4, 2, 9, 0);

    private static readonly AgreementSpec Spec = new()
    {
        Kind = AgreementKind.SLA,
        Customer = "acme",
        Services = ["shop"],
        Charge = new Money { Amount = 10_000m, Currency = "EUR" },
        Credits = new CreditPolicy { Cap = 20, Tiers = [new CreditTier { Below = 99.9m, Credit = 5 }, new CreditTier { Below = 99m, Credit = 15 }] },
        Objectives =
        [
            new ObjectiveSpec { Name = "availability", Indicator = "shop-ok", Target = 99.9m, Window = new ObjectiveWindow { Calendar = CalendarPeriod.Month } },
            new ObjectiveSpec { Name = "p1-resolution", Indicator = "p1", Target = 90m, Window = new ObjectiveWindow { Calendar = CalendarPeriod.Month } },
        ],
    };

    /// <summary>One measurement a day at noon for 2024-03 to 2025-03: 10,000 events, bad as <paramref name="bad"/> says for the date.</summary>
    private static RatioSeries Daily(Func<LocalDate, long> bad, LocalDate? extra = null)
    {
        var (at, good, total) = (new List<long>(), new List<long>(), new List<long>());
        for (var d = new LocalDate(2024, 3, 1); d <= new LocalDate(2025, 3, 31); d = d.PlusDays(1))
        {
            var n = d == extra ? 20_000 : 10_000;
            at.Add(d.At(new LocalTime(12, 0)).InUtc().ToInstant().ToUnixTimeTicks());
            good.Add(n - bad(d));
            total.Add(n);
        }
        return RatioSeries.FromOrdered([.. at], [.. good], [.. total]);
    }

    private static AgreementReport Build(RatioSeries availability, Instant now, ReportPeriod? period = null, IReadOnlyList<BreachNote>? breaches = null)
    {
        var clocks = new List<(string, ClockOutcome)>
        {
            ("1", new ClockOutcome(ClockState.Met, Instant.FromUtc(2025, 3, 3, 10, 0), null, null)),
            ("1", new ClockOutcome(ClockState.Breached, Instant.FromUtc(2025, 3, 9, 10, 0), Instant.FromUtc(2025, 3, 8, 10, 0), null)),
            ("1", new ClockOutcome(ClockState.Met, Instant.FromUtc(2025, 2, 9, 10, 0), null, null)),   // February: not in March
            ("2", new ClockOutcome(ClockState.Met, Instant.FromUtc(2025, 3, 20, 10, 0), null, null)),
            ("2", new ClockOutcome(ClockState.Cancelled, Instant.FromUtc(2025, 3, 21, 10, 0), null, null)),
        };
        ReportObjective[] objectives =
        [
            new(Spec.Objectives[0], ObjectivePlan.For(Spec.Objectives[0], BusinessClock.AlwaysOpen), availability),
            new(Spec.Objectives[1], ObjectivePlan.For(Spec.Objectives[1], BusinessClock.AlwaysOpen), ClockOutcomes.Series(clocks.Where(c => c.Item1 == "1").Select(c => c.Item2)), "resolution", clocks),
        ];
        return AgreementReports.Build("shop-sla", 2, Spec, "Shop SLA", period ?? ReportPeriod.Parse("2025-03", out _)!, now, objectives, breaches ?? [], []);
    }

    [Fact]
    public void A_closed_month_gives_each_objective_its_attainment_budget_trend_tickets_and_credits()
    {
        // March 2025: 31 days × 10,000 events; 20 bad a day except 15 March (200): 800 bad of 310,000 = 99.7419… %, shown cut: 99.741 %.
        var series = Daily(d => d == new LocalDate(2025, 3, 15) ? 200 : d.Month == 3 && d.Year == 2025 ? 20 : 5);
        var report = Build(series, April2);

        Assert.True(report.Closed);
        var availability = report.Objectives[0];
        Assert.Equal(new Attainment.Measured(1m - (800m / 310_000m)), availability.Figures.Attainment);
        Assert.Equal((310_000m, 800m, ObjectiveStatus.Breached), (availability.Figures.Units, availability.Figures.BadUnits, availability.Figures.Status));
        Assert.Equal(800m / 310m, availability.Budget!.UsedRatio);   // 310 events of budget, 800 used
        Assert.Equal(12, availability.Trend.Count);
        Assert.Equal(("2024-04", "2025-03"), (availability.Trend[0].Period, availability.Trend[^1].Period));
        Assert.Equal(new Attainment.Measured(0.9995m), availability.Trend[^2].Attainment);   // February: 5 a day

        // P1 in March: one met, one breached (the breach counts when it happened, 8 March); P2: one met, one cancelled.
        Assert.Equal([new TicketCompliance("resolution", "1", 1, 1, 0.5m), new TicketCompliance("resolution", "2", 1, 0, 1m)], report.Tickets);
        Assert.Equal(ObjectiveStatus.Breached, report.Objectives[1].Figures.Status);   // 50 % against 90 %

        // Credits: availability 99.742 % (below 99.9: 5 %) + p1 50 % (below 99: 15 %) = 20 %, the cap.
        var march = Assert.Single(report.Credits);
        Assert.Equal((20m, 20m, false), (march.Earned, march.Owed, march.Capped));
        Assert.Equal(new Money { Amount = 2_000m, Currency = "EUR" }, report.CreditsOwed);

        Assert.Equal("In 2025-03, 0 of 2 objectives met their targets; availability was breached at 99.741 % against 99.9 %; p1-resolution was breached at 50 % against 90 %.", report.Summary[0]);
        Assert.Contains("availability fell from 99.95 % in 2025-02 to 99.741 %.", report.Summary);
        Assert.Contains("Tickets of priority 1 under resolution: 50.0 % within target (1 of 2).", report.Summary);
        Assert.Contains("Service credits owed: EUR 2,000.00.", report.Summary);
    }

    [Fact]
    public void A_closed_month_regenerated_later_has_the_same_numbers_and_hash_and_late_data_changes_the_hash()
    {
        var series = Daily(_ => 3);
        var first = Build(series, April2);
        var later = Build(series, April2 + Duration.FromDays(40));
        Assert.Equal(first.DataHash, later.DataHash);
        Assert.Equal(first.Objectives.SelectMany(o => o.Trend), later.Objectives.SelectMany(o => o.Trend));
        Assert.Equal(first.Objectives.Select(o => o.Budget), later.Objectives.Select(o => o.Budget));
        Assert.NotEqual(first.GeneratedAt, later.GeneratedAt);

        var late = Build(Daily(_ => 3, extra: new LocalDate(2025, 3, 7)), April2 + Duration.FromDays(40));
        Assert.NotEqual(first.DataHash, late.DataHash);
    }

    [Fact]
    public void An_open_period_is_reported_up_to_now_without_credits_and_says_so()
    {
        var report = Build(Daily(_ => 0), Instant.FromUtc(2025, 3, 10, 0, 0));
        Assert.False(report.Closed);
        Assert.Empty(report.Credits);
        Assert.Equal(90_000m, report.Objectives[0].Figures.Units);   // 1–9 March
        Assert.StartsWith("In 2025-03 so far (to 2025-03-10T00:00:00Z)", report.Summary[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_quarter_has_credits_for_each_month_and_breaches_that_ended_in_it()
    {
        var breach = new BreachNote("availability", Instant.FromUtc(2025, 1, 1, 0, 0), Instant.FromUtc(2025, 2, 1, 0, 0), 99.5m, 99.9m, null, null);
        var before = breach with { PeriodStart = Instant.FromUtc(2024, 12, 1, 0, 0), PeriodEnd = Instant.FromUtc(2025, 1, 1, 0, 0) };
        var report = Build(Daily(d => d.Month == 1 ? 50 : 0), April2, ReportPeriod.Parse("2025-Q1", out _), [before, breach]);
        Assert.Equal(["2025-01", "2025-02", "2025-03"], report.Credits.Select(c => c.Month.Key));
        Assert.Equal(breach, Assert.Single(report.Breaches));
        Assert.Contains("1 breach recorded; 1 without a root cause yet.", report.Summary);
        Assert.Equal(["2022-Q2", "2025-Q1"], [report.Objectives[0].Trend[0].Period, report.Objectives[0].Trend[^1].Period]);
    }
}
