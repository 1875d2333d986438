using System.Globalization;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Reporting;

/// <summary>
/// The dates a report covers: a calendar month (<c>2025-03</c>), quarter (<c>2025-Q1</c>), year (<c>2025</c>) or a
/// custom run of days (<c>2025-01-06..2025-02-02</c>, both days included). Dates are local: each objective's period is
/// the same dates in its calendar's time zone (UTC for an objective without a calendar).
/// </summary>
/// <param name="Length">Month, Quarter or Year; null for a custom run of days.</param>
/// <param name="First">The first day.</param>
/// <param name="Last">The last day (included).</param>
public sealed record ReportPeriod(CalendarPeriod? Length, LocalDate First, LocalDate Last)
{
    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    /// <summary>How the period is written: 2025-03, 2025-Q1, 2025 or 2025-01-06..2025-02-02.</summary>
    public string Key => Length switch
    {
        CalendarPeriod.Month => First.ToString("yyyy'-'MM", CultureInfo.InvariantCulture),
        CalendarPeriod.Quarter => string.Create(CultureInfo.InvariantCulture, $"{First.Year}-Q{((First.Month - 1) / 3) + 1}"),
        CalendarPeriod.Year => First.Year.ToString(CultureInfo.InvariantCulture),
        _ => $"{IsoDate.Format(First)}..{IsoDate.Format(Last)}",
    };

    /// <summary>The number of days covered.</summary>
    public int Days => Period.DaysBetween(First, Last) + 1;

    /// <summary>What a period is written as, for messages.</summary>
    public const string Expected = "a month (2025-03), a quarter (2025-Q1), a year (2025) or days (2025-01-06..2025-02-02)";

    /// <summary>Reads a period as written in <see cref="Key"/>; null with the reason when it is not one (or is missing).</summary>
    public static ReportPeriod? Parse(string? text, out string? error)
    {
        error = null;
        var t = text?.Trim() ?? string.Empty;
        if (t.Length == 0)
        {
            error = $"is required: {Expected}.";
            return null;
        }
        if (t.Contains("..", StringComparison.Ordinal))
        {
            var parts = t.Split("..");
            var from = parts.Length == 2 ? IsoDate.Parse(parts[0]) : null;
            var to = parts.Length == 2 ? IsoDate.Parse(parts[1]) : null;
            if (from is not { Success: true } || to is not { Success: true })
            {
                error = $"'{t}' is not a run of days: expected FIRST..LAST as dates, for example 2025-01-06..2025-02-02.";
                return null;
            }
            if (!Limits.InRange(from.Value) || !Limits.InRange(to.Value))
            {
                error = $"'{t}' is outside the years OpenSLM reports on ({Limits.MinYear}–{Limits.MaxYear}).";
                return null;
            }
            if (to.Value < from.Value)
            {
                error = $"'{t}' ends ({parts[1]}) before it starts ({parts[0]}).";
                return null;
            }
            return new ReportPeriod(null, from.Value, to.Value);
        }
        if (t.Length == 4 && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= Limits.MinYear and <= Limits.MaxYear)
        {
            return Of(CalendarPeriod.Year, new LocalDate(year, 1, 1));
        }
        if (t.Length == 7 && t[4] == '-' && int.TryParse(t.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= Limits.MinYear and <= Limits.MaxYear)
        {
            if (t[5] is 'Q' or 'q' && t[6] is >= '1' and <= '4')
            {
                return Of(CalendarPeriod.Quarter, new LocalDate(year, ((t[6] - '1') * 3) + 1, 1));
            }
            if (int.TryParse(t.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12)
            {
                return Of(CalendarPeriod.Month, new LocalDate(year, month, 1));
            }
        }
        error = $"'{t}' is not a period: expected {Expected}.";
        return null;
    }

    /// <summary>The whole month, quarter or year that starts on <paramref name="first"/>.</summary>
    public static ReportPeriod Of(CalendarPeriod length, LocalDate first) => length switch
    {
        CalendarPeriod.Month => new(length, first, first.PlusMonths(1).PlusDays(-1)),
        CalendarPeriod.Quarter => new(length, first, first.PlusMonths(3).PlusDays(-1)),
        CalendarPeriod.Year => new(length, first, first.PlusYears(1).PlusDays(-1)),
        _ => throw new ArgumentOutOfRangeException(nameof(length), length, "a report period is a month, a quarter or a year."),
    };

    /// <summary>The last whole period of <paramref name="length"/> that ended on or before <paramref name="today"/>'s start.</summary>
    public static ReportPeriod LastClosed(CalendarPeriod length, LocalDate today)
    {
        var current = length switch
        {
            CalendarPeriod.Month => new LocalDate(today.Year, today.Month, 1),
            CalendarPeriod.Quarter => new LocalDate(today.Year, (((today.Month - 1) / 3) * 3) + 1, 1),
            CalendarPeriod.Year => new LocalDate(today.Year, 1, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(length), length, "a report period is a month, a quarter or a year."),
        };
        return Of(length, current).Previous(1);
    }

    /// <summary>The period <paramref name="back"/> periods before this one (a custom run: as many days earlier).</summary>
    public ReportPeriod Previous(int back)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(back);
        return Length switch
        {
            CalendarPeriod.Month => Of(CalendarPeriod.Month, First.PlusMonths(-back)),
            CalendarPeriod.Quarter => Of(CalendarPeriod.Quarter, First.PlusMonths(-3 * back)),
            CalendarPeriod.Year => Of(CalendarPeriod.Year, First.PlusYears(-back)),
            _ => new ReportPeriod(null, First.PlusDays(-Days * back), Last.PlusDays(-Days * back)),
        };
    }

    /// <summary>The <paramref name="count"/> periods ending with this one, oldest first.</summary>
    public IReadOnlyList<ReportPeriod> Trailing(int count) => [.. Enumerable.Range(0, count).Select(i => Previous(count - 1 - i))];

    /// <summary>The calendar months the period covers, each cut to the period (a custom run may start or end mid-month).</summary>
    public IReadOnlyList<ReportPeriod> Months()
    {
        var months = new List<ReportPeriod>();
        for (var first = new LocalDate(First.Year, First.Month, 1); first <= Last; first = first.PlusMonths(1))
        {
            var month = Of(CalendarPeriod.Month, first);
            months.Add(month.First >= First && month.Last <= Last ? month : new ReportPeriod(null, Max(month.First, First), Min(month.Last, Last)));
        }
        return months;
    }

    /// <summary>The period as a window (first day's start, the day after the last's start] in <paramref name="zone"/>,
    /// as calendar windows are everywhere (an instant exactly at midnight belongs to the day before).</summary>
    public Window In(DateTimeZone zone) =>
        Window.Between(First.AtStartOfDayInZone(zone).ToInstant(), Last.PlusDays(1).AtStartOfDayInZone(zone).ToInstant());

    /// <inheritdoc />
    public override string ToString() => Key;

    private static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;

    private static LocalDate Min(LocalDate a, LocalDate b) => a < b ? a : b;
}
