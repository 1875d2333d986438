using Ical.Net;
using Ical.Net.DataTypes;
using NodaTime;
using OpenSlm.Core.Calendars;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Yaml;

namespace OpenSlm.Interop.Calendars;

/// <summary>The holidays an iCalendar file gives, or every problem found (then none is returned).</summary>
public sealed record IcsHolidayFile(IReadOnlyList<Holiday> Holidays, IReadOnlyList<DocumentError> Errors)
{
    /// <summary>Whether the file was read without error.</summary>
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Reads holidays from an iCalendar (.ics) file, such as a government's bank-holiday feed, with Ical.Net. Each
/// all-day event (<c>DTSTART;VALUE=DATE</c>) is a holiday on each day from its start up to its end (exclusive; one
/// day when it has no end), named by its SUMMARY. Recurring events (RRULE, RDATE, EXDATE) are expanded over the
/// years asked for. An event with a time of day is refused: a holiday is a whole day, and part of a day is an
/// exclusion of the calendar. Two events on one day give one holiday, their names joined.
/// </summary>
public static class IcsHolidays
{
    /// <summary>The most years recurring events are expanded over.</summary>
    public const int MaxYears = 100;

    /// <summary>The most days one event may cover.</summary>
    public const int MaxDaysPerEvent = 366;

    /// <summary>Reads <paramref name="text"/>, expanding recurrences from <paramref name="fromYear"/> to <paramref name="toYear"/> (inclusive).</summary>
    public static IcsHolidayFile Read(string text, string source, int fromYear, int toYear)
    {
        if (fromYear < Core.Limits.MinYear || toYear > Core.Limits.MaxYear || toYear - fromYear > MaxYears)
        {
            return new IcsHolidayFile([], [new DocumentError(new SourceLocation(source, 0, 0), "years",
                $"{fromYear}–{toYear} is not a span recurring events can be expanded over: expected at most {MaxYears} years between {Core.Limits.MinYear} and {Core.Limits.MaxYear}.")]);
        }
        Ical.Net.Calendar calendar;
        try
        {
            calendar = Ical.Net.Calendar.Load(text) ?? throw new FormatException("no VCALENDAR found.");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new IcsHolidayFile([], [new DocumentError(new SourceLocation(source, 0, 0), string.Empty, $"is not an iCalendar file: {ex.Message}")]);
        }
        var errors = new List<DocumentError>();
        var days = new SortedDictionary<LocalDate, List<string>>();
        var number = 0;
        foreach (var e in calendar.Events)
        {
            number++;
            var name = string.IsNullOrWhiteSpace(e.Summary) ? $"event {number}" : e.Summary.Trim();
            if (e.DtStart is null)
            {
                errors.Add(Error(source, number, "DTSTART", $"'{name}' has no start date."));
                continue;
            }
            if (e.DtStart.HasTime)
            {
                errors.Add(Error(source, number, "DTSTART", $"'{name}' starts at a time of day ({e.DtStart}): a holiday is a whole day (DTSTART;VALUE=DATE). Give part of a day as an exclusion of the calendar."));
                continue;
            }
            var occurrences = e.RecurrenceRule is not null || e.Properties.Any(p => p.Name == "RDATE")
                ? e.GetOccurrences(new CalDateTime(new DateOnly(fromYear, 1, 1), null)).TakeWhileBefore(new CalDateTime(new DateOnly(toYear + 1, 1, 1), null)).Select(o => o.Period)
                : [new Ical.Net.DataTypes.Period(e.DtStart, e.DtEnd)];
            foreach (var period in occurrences)
            {
                var first = Date(period.StartTime);
                var end = period.EndTime is { } endTime ? Date(endTime) : period.Duration is { } d ? Date(period.StartTime.Add(d)) : first.PlusDays(1);
                if (!Core.Limits.InRange(first) || !Core.Limits.InRange(end) || NodaTime.Period.Between(first, end, PeriodUnits.Days).Days > MaxDaysPerEvent)
                {
                    errors.Add(Error(source, number, "DTSTART", $"'{name}' runs {first:yyyy'-'MM'-'dd} to {end:yyyy'-'MM'-'dd}: a holiday lies between {Core.Limits.MinYear} and {Core.Limits.MaxYear} and lasts at most {MaxDaysPerEvent} days."));
                    break;
                }
                if (days.Count > Core.Limits.MaxItems)
                {
                    return new IcsHolidayFile([], [Error(source, number, string.Empty, $"more than {Core.Limits.MaxItems:N0} holidays: a calendar holds at most that many.")]);
                }
                for (var day = first; day < Max(end, first.PlusDays(1)); day = day.PlusDays(1))
                {
                    if (!days.TryGetValue(day, out var names))
                    {
                        days[day] = names = [];
                    }
                    if (!names.Contains(name))
                    {
                        names.Add(name);
                    }
                }
            }
        }
        return errors.Count > 0
            ? new IcsHolidayFile([], errors)
            : new IcsHolidayFile([.. days.Select(d => new Holiday { Date = d.Key, Name = string.Join(" / ", d.Value) })], []);
    }

    private static LocalDate Date(CalDateTime t) => LocalDate.FromDateOnly(t.Date);

    private static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;

    private static DocumentError Error(string source, int number, string field, string message) =>
        new(new SourceLocation(source, number, 0), field, $"VEVENT {number}: {message}");
}
