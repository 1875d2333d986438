using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Tests.Evaluation;

public sealed class CalendarWindowsTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    [Fact]
    public void March_in_london_is_one_hour_short_because_of_the_clock_change()
    {
        var w = CalendarWindows.PeriodContaining(CalendarPeriod.Month, Instant.FromUtc(2025, 3, 15, 12, 0), London);
        Assert.Equal(Instant.FromUtc(2025, 3, 1, 0, 0), w.Start);
        Assert.Equal(Instant.FromUtc(2025, 3, 31, 23, 0), w.End);   // 1 April 00:00 BST
        Assert.Equal(Duration.FromDays(31) - Duration.FromHours(1), w.Length);
    }

    [Fact]
    public void An_instant_exactly_at_a_period_start_belongs_to_the_period_before()
    {
        var first = Instant.FromUtc(2025, 3, 1, 0, 0);
        Assert.Equal(Instant.FromUtc(2025, 2, 1, 0, 0), CalendarWindows.PeriodContaining(CalendarPeriod.Month, first, London).Start);
        Assert.Equal(first, CalendarWindows.PeriodContaining(CalendarPeriod.Month, first + Duration.Epsilon, London).Start);
    }

    public static TheoryData<CalendarPeriod, Instant, Instant> Periods => new()
    {
        // Wednesday 11 June 2025 → Monday 9 June 00:00 BST
        { CalendarPeriod.Week, Instant.FromUtc(2025, 6, 11, 12, 0), Instant.FromUtc(2025, 6, 8, 23, 0) },
        // 15 May 2025 → 1 April 00:00 BST
        { CalendarPeriod.Quarter, Instant.FromUtc(2025, 5, 15, 12, 0), Instant.FromUtc(2025, 3, 31, 23, 0) },
        // 15 November 2025 → 1 January 00:00 GMT
        { CalendarPeriod.Year, Instant.FromUtc(2025, 11, 15, 12, 0), Instant.FromUtc(2025, 1, 1, 0, 0) },
    };

    [Theory]
    [MemberData(nameof(Periods))]
    public void Periods_start_at_local_midnight(CalendarPeriod period, Instant at, Instant start)
    {
        var w = CalendarWindows.PeriodContaining(period, at, London);
        Assert.Equal(start, w.Start);
        Assert.True(w.Contains(at));
    }

    [Fact]
    public void Previous_periods_step_back_one_at_a_time()
    {
        var w = CalendarWindows.Previous(CalendarPeriod.Month, Instant.FromUtc(2025, 3, 15, 0, 0), DateTimeZone.Utc, 2);
        Assert.Equal(Window.Between(Instant.FromUtc(2025, 1, 1, 0, 0), Instant.FromUtc(2025, 2, 1, 0, 0)), w);
    }
}
