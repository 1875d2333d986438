using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Tests.Evaluation;

public sealed class HistoryTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>Hourly measurements from 1 Oct 2024 to 15 Jan 2025: 1,000 events, bad ones by month (Oct 0, Nov 5, Dec 20).</summary>
    private static RatioSeries Hourly() => RatioSeries.From(
        Enumerable.Range(1, (int)(Instant.FromUtc(2025, 1, 15, 0, 0) - Instant.FromUtc(2024, 10, 1, 0, 0)).TotalHours).Select(h =>
        {
            var at = Instant.FromUtc(2024, 10, 1, 0, 0) + Duration.FromHours(h);
            var month = (at - Duration.Epsilon).InZone(London).Month;
            var bad = month switch { 11 => 5, 12 => 20, _ => 0 };
            return new RatioMeasurement(at, 1000 - bad, 1000);
        }));

    [Fact]
    public void Calendar_history_lists_the_closed_months_oldest_first()
    {
        var monthly = new ObjectiveTerms(0.99m, 0.996m, EvaluationWindow.CalendarOf(CalendarPeriod.Month, London), BudgetingMethod.Occurrences);
        var history = Evaluator.History(monthly, Hourly(), ExclusionSet.None, Instant.FromUtc(2025, 1, 15, 0, 0), 3);

        Assert.Equal(
            [Instant.FromUtc(2024, 9, 30, 23, 0), Instant.FromUtc(2024, 11, 1, 0, 0), Instant.FromUtc(2024, 12, 1, 0, 0)],
            history.Select(p => p.Window.Start));   // local midnights: October starts in BST, November after it ended
        Assert.Equal([ObjectiveStatus.Met, ObjectiveStatus.AtRisk, ObjectiveStatus.Breached], history.Select(p => p.Status));
        Assert.Equal(0.995m, Assert.IsType<Attainment.Measured>(history[1].Attainment).Ratio);
        Assert.Equal(0.98m, Assert.IsType<Attainment.Measured>(history[2].Attainment).Ratio);
    }

    [Fact]
    public void Rolling_history_is_consecutive_windows_and_agrees_with_evaluating_at_each_end()
    {
        var daily = new ObjectiveTerms(0.99m, null, EvaluationWindow.RollingOf(Duration.FromDays(7)), BudgetingMethod.Occurrences);
        var now = Instant.FromUtc(2024, 12, 10, 6, 30);
        var series = Hourly();
        var history = Evaluator.History(daily, series, ExclusionSet.None, now, 4);
        Assert.Equal(4, history.Count);
        Assert.Equal(now, history[^1].Window.End);
        Assert.All(history.Zip(history.Skip(1)), p => Assert.Equal(p.First.Window.End, p.Second.Window.Start));
        Assert.All(history, p => Assert.Equal(
            Evaluator.Evaluate(daily, series, ExclusionSet.None, p.Window.End).Attainment,
            p.Attainment));
    }

    [Fact]
    public void Periods_before_any_data_have_no_data()
    {
        var monthly = new ObjectiveTerms(0.99m, null, EvaluationWindow.CalendarOf(CalendarPeriod.Month, London), BudgetingMethod.Occurrences);
        var history = Evaluator.History(monthly, Hourly(), ExclusionSet.None, Instant.FromUtc(2025, 1, 15, 0, 0), 6);
        Assert.Equal([ObjectiveStatus.NoData, ObjectiveStatus.NoData], history.Take(2).Select(p => p.Status));
    }
}
