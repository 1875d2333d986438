using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Interop.Calendars;
using OpenSlm.Testing;

namespace OpenSlm.Interop.Tests.Calendars;

public sealed class IcsHolidaysTests
{
    private static string Ics(params string[] events) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + string.Concat(events) + "END:VCALENDAR\r\n";

    private static string Event(string summary, string lines) => $"BEGIN:VEVENT\r\nUID:{Guid.NewGuid()}\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:{summary}\r\n{lines}END:VEVENT\r\n";

    [Fact]
    public void A_government_bank_holiday_feed_gives_the_same_days_as_the_peer_calendar()
    {
        // The feed is in gov.uk's shape; the peers' calendar (bench/peers/w2) lists the same year's holidays.
        var file = IcsHolidays.Read(File.ReadAllText(Fixtures.Golden("england-and-wales-2025.ics")), "england-and-wales-2025.ics", 2025, 2025);
        Assert.True(file.Ok, string.Join("; ", file.Errors));
        using var peer = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.InPeers("w2", "calendar.json")));
        var expected = peer.RootElement.GetProperty("holidays").EnumerateArray().Select(h => LocalDatePattern.Iso.Parse(h.GetString()!).Value);
        Assert.Equal(expected, file.Holidays.Select(h => h.Date));
        Assert.Equal("New Year’s Day", file.Holidays[0].Name);
    }

    [Fact]
    public void Recurring_and_multi_day_events_are_expanded_and_one_day_keeps_every_name()
    {
        var file = IcsHolidays.Read(Ics(
            Event("Christmas Day", "DTSTART;VALUE=DATE:20201225\r\nDTEND;VALUE=DATE:20201226\r\nRRULE:FREQ=YEARLY\r\n"),
            Event("Works shutdown", "DTSTART;VALUE=DATE:20251224\r\nDTEND;VALUE=DATE:20251227\r\n"),
            Event("Founders' day", "DTSTART;VALUE=DATE:20260302\r\n")), "test.ics", 2024, 2026);
        Assert.True(file.Ok, string.Join("; ", file.Errors));
        Assert.Equal(
            [
                (new LocalDate(2024, 12, 25), "Christmas Day"),
                (new LocalDate(2025, 12, 24), "Works shutdown"),
                (new LocalDate(2025, 12, 25), "Christmas Day / Works shutdown"),
                (new LocalDate(2025, 12, 26), "Works shutdown"),
                (new LocalDate(2026, 3, 2), "Founders' day"),          // no DTEND: one day
                (new LocalDate(2026, 12, 25), "Christmas Day"),
            ],
            file.Holidays.Select(h => (h.Date, h.Name)));
    }

    [Fact]
    public void A_timed_event_or_a_file_that_is_not_icalendar_is_refused_with_the_reason()
    {
        var timed = IcsHolidays.Read(Ics(Event("Half day", "DTSTART:20251224T120000Z\r\nDTEND:20251224T170000Z\r\n")), "test.ics", 2025, 2025);
        var error = Assert.Single(timed.Errors);
        Assert.Contains("VEVENT 1: 'Half day' starts at a time of day", error.ToString());
        Assert.Empty(timed.Holidays);

        var garbage = IcsHolidays.Read("date,name\n2025-12-25,Christmas\n", "holidays.csv", 2025, 2025);
        Assert.Contains("is not an iCalendar file", Assert.Single(garbage.Errors).ToString());
    }
}
