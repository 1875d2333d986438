using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Alerting;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Tests.Evaluation;

public sealed class ObjectiveSeriesTests
{
    // The plan tests' fixtures: instants in UTC, an office calendar (weekdays 09:00–17:00 in London, New Year's Day off).
    private static Instant Utc(string text) => ObjectivePlanTests.Utc(text);

    private static CalendarSpec Office => ObjectivePlanTests.Office;

    private static AgreementSpec Agreement(ObjectiveSpec objective) => ObjectivePlanTests.Agreement(objective);

    /// <summary>A measurement a minute for 40 days from 1 Jan 2025, 0–5 of 100 bad; an outage (40 of 100 bad) through hour 900.</summary>
    private static RatioSeries Minutely(int seed)
    {
        var random = new Random(seed);
        return RatioSeries.From(Enumerable.Range(1, 60 * 24 * 40).Select(m =>
            new RatioMeasurement(Utc("2025-01-01T00:00:00Z") + Duration.FromMinutes(m), m / 60 == 900 ? 60 : 100 - random.Next(0, 6), 100)));
    }

    [Theory]
    [InlineData("1d", BudgetingMethod.Occurrences, false, 0)]
    [InlineData("7d", BudgetingMethod.Timeslices, false, 1)]
    [InlineData("30d", BudgetingMethod.Occurrences, true, 2)]
    [InlineData("7d", BudgetingMethod.RatioTimeslices, true, 3)]
    public void Every_bucket_and_burn_point_is_what_scoring_its_own_window_gives(string range, BudgetingMethod budgeting, bool office, int seed)
    {
        var series = Minutely(seed);
        var objective = new ObjectiveSpec
        {
            Name = "ok",
            Indicator = "web-ok",
            Target = 97m,
            Window = new ObjectiveWindow { Rolling = "28d" },
            Calendar = office ? "office" : null,
            Budgeting = budgeting,
            TimeSlice = budgeting == BudgetingMethod.Occurrences ? null : new TimeSlice { Window = "5m", Target = 96m },
        };
        var plan = ObjectivePlan.For(Agreement(objective), objective, office ? Office : null);
        var now = Utc("2025-02-08T13:37:21Z");
        var conditions = BurnRateAlerts.Default(Duration.FromDays(28));
        var result = plan.Series(series, now, SeriesRange.Parse(range)!, conditions);

        // Buckets tile the range without gaps, aligned to the step, the last one cut at now.
        Assert.Equal(now, result.Buckets[^1].Window.End);
        Assert.True(result.Buckets[0].Window.Start <= now - result.Range.Length);
        Assert.Equal(0, result.Buckets[0].Window.Start.ToUnixTimeTicks() % result.Range.Step.BclCompatibleTicks);
        for (var i = 1; i < result.Buckets.Count; i++)
        {
            Assert.Equal(result.Buckets[i - 1].Window.End, result.Buckets[i].Window.Start);
        }
        foreach (var bucket in result.Buckets)
        {
            var score = plan.Score(series, bucket.Window);
            Assert.Equal((score.Attainment, score.Units, score.BadUnits), (bucket.Attainment, bucket.Units, bucket.BadUnits));
        }

        // One burn history per long window, each point the burn rate the alert rules read at that instant.
        Assert.Equal(conditions.Select(c => c.LongWindow).Distinct().Order(), result.Burns.Select(b => b.Length));
        foreach (var burn in result.Burns)
        {
            Assert.Equal(result.Buckets.Count, burn.Points.Count);
            foreach (var (at, rate) in burn.Points.Where((_, i) => i % 7 == 0 || i == burn.Points.Count - 1))
            {
                Assert.Equal(plan.BurnOver(series, at, burn.Length).Rate, rate);
            }
        }
        Assert.Contains(result.Buckets, b => b.BadUnits > 0);
    }

    [Fact]
    public void The_outage_shows_in_its_bucket_and_in_the_burn_rates_that_cover_it()
    {
        var series = Minutely(4);
        var objective = new ObjectiveSpec { Name = "ok", Indicator = "web-ok", Target = 97m, Window = new ObjectiveWindow { Rolling = "28d" } };
        var plan = ObjectivePlan.For(Agreement(objective), objective, null);
        var outage = Utc("2025-01-01T00:00:00Z") + Duration.FromHours(900);
        var result = plan.Series(series, outage + Duration.FromHours(12), SeriesRange.Parse("1d")!, BurnRateAlerts.Default(Duration.FromDays(28)));
        var worst = result.Buckets.MinBy(b => ((Attainment.Measured)b.Attainment).Ratio)!;
        Assert.True(worst.Window.Start >= outage && worst.Window.End <= outage + Duration.FromHours(1));
        Assert.Equal(0.6m, ((Attainment.Measured)worst.Attainment).Ratio);
        // Over the 1h look-back ending at the outage's end, 40 of every 100 events were bad: 0.4 / 0.03 ≈ 13.3.
        var hour = result.Burns.Single(b => b.Length == Duration.FromHours(1));
        var peak = hour.Points.Single(p => p.At == outage + Duration.FromHours(1)).Rate!.Value;
        Assert.True(peak > 13m, $"peak {peak}");
        Assert.Equal(hour.Points.Max(p => p.Rate), peak);
    }

    [Fact]
    public void A_range_is_asked_for_by_its_label_and_an_unknown_one_is_named()
    {
        Assert.Equal(Duration.FromDays(30), SeriesRange.Parse(" 30D ")!.Length);
        Assert.Null(SeriesRange.Parse("2w"));
        Assert.Null(SeriesRange.Parse(null));
        Assert.Equal("1d, 7d, 30d, 90d", SeriesRange.Labels);
        Assert.All(SeriesRange.Known, r => Assert.InRange(r.Length / r.Step, 90, 180));
    }

    [Fact]
    public void Data_is_read_from_the_first_bucket_less_the_longest_look_back()
    {
        var now = Utc("2025-02-08T13:37:21Z");
        var since = ObjectiveSeries.Since(SeriesRange.Default, now, BurnRateAlerts.Default(Duration.FromDays(30)));
        Assert.Equal(Utc("2025-02-01T13:00:00Z") - Duration.FromDays(3), since);
    }
}
