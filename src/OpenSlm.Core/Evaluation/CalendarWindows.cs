using NodaTime;
using OpenSlm.Core.Agreements;

namespace OpenSlm.Core.Evaluation;

/// <summary>Calendar periods (week from Monday, month, quarter, year) in a time zone.</summary>
public static class CalendarWindows
{
    /// <summary>
    /// The whole period containing <paramref name="t"/>, as (start, end] where start and end are local
    /// midnights in <paramref name="zone"/> (the first instant of the day where DST skips midnight).
    /// Consistent with rolling windows, an instant exactly at a period's start belongs to the period before.
    /// </summary>
    public static Window PeriodContaining(CalendarPeriod period, Instant t, DateTimeZone zone)
    {
        // The instant just before t decides the local date, so that t == start falls in the previous period.
        var date = (t - Duration.Epsilon).InZone(zone).Date;
        var first = Start(period, date);
        var next = Next(period, first);
        return Window.Between(first.AtStartOfDayInZone(zone).ToInstant(), next.AtStartOfDayInZone(zone).ToInstant());
    }

    /// <summary>The period <paramref name="back"/> periods before the one containing <paramref name="t"/> (0 = that one).</summary>
    public static Window Previous(CalendarPeriod period, Instant t, DateTimeZone zone, int back)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(back);
        var window = PeriodContaining(period, t, zone);
        for (var i = 0; i < back; i++)
        {
            window = PeriodContaining(period, window.Start, zone);
        }
        return window;
    }

    private static LocalDate Start(CalendarPeriod period, LocalDate date) => period switch
    {
        CalendarPeriod.Week => date.PlusDays(-((int)date.DayOfWeek - 1)),
        CalendarPeriod.Month => new LocalDate(date.Year, date.Month, 1),
        CalendarPeriod.Quarter => new LocalDate(date.Year, (((date.Month - 1) / 3) * 3) + 1, 1),
        CalendarPeriod.Year => new LocalDate(date.Year, 1, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    private static LocalDate Next(CalendarPeriod period, LocalDate start) => period switch
    {
        CalendarPeriod.Week => start.PlusWeeks(1),
        CalendarPeriod.Month => start.PlusMonths(1),
        CalendarPeriod.Quarter => start.PlusMonths(3),
        CalendarPeriod.Year => start.PlusYears(1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };
}
