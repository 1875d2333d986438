using System.Net;
using System.Text;
using OpenSlm.Cli;
using OpenSlm.Interop.Calendars;
using OpenSlm.Testing;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Api;

public sealed class HolidayImportTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static readonly string Feed = Path.Combine(RepositoryPaths.Repository, "tests", "OpenSlm.Interop.Tests", "Golden", "england-and-wales-2025.ics");

    private const string Catalogue = """
        apiVersion: openslm/v1
        kind: Calendar
        metadata: {name: office}
        spec:
          timeZone: Europe/London
          hours: {monday: ["09:00-17:00"], tuesday: ["09:00-17:00"], wednesday: ["09:00-17:00"], thursday: ["09:00-17:00"], friday: ["09:00-17:00"]}
          holidays: [{date: 2025-12-25, name: Christmas (ours)}]
        ---
        apiVersion: openslm/v1
        kind: TicketPolicy
        metadata: {name: resolution}
        spec:
          stop: [{field: state, in: [Resolved]}]
          targets: [{priority: "*", within: 8h}]
          calendar: office
        """;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_bank_holiday_feed_adds_its_days_to_a_calendar_and_clocks_skip_them(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue))).StatusCode);
        var ics = await File.ReadAllTextAsync(Feed);
        var imported = await api.Client.PostAsync("/api/v1/calendars/office/holidays?from=2025&to=2025", new StringContent(ics, Encoding.UTF8, "text/calendar"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var holidays = (await ApiHost.Json(imported))["spec"]!["holidays"]!.AsArray();
        Assert.Equal(8, holidays.Count);
        Assert.Equal("Christmas (ours)", (string)holidays.Single(h => (string)h!["date"]! == "2025-12-25")!["name"]!);

        // Opened Thursday 17 April 16:00 BST; Good Friday and Easter Monday are holidays: 1 h Thursday + 1 h Tuesday.
        await api.Client.PostAsync("/api/v1/tickets/events", new StringContent(
            """[{"ticket": "INC7", "at": "2025-04-17T15:00:00Z", "fields": {"state": "New"}}]""", Encoding.UTF8, "application/json"));
        var clock = (await ApiHost.Json(await api.Client.GetAsync("/api/v1/tickets/INC7/clocks?at=2025-04-22T09:00:00Z")))[0]!;
        Assert.Equal(7200, (long)clock["elapsedSeconds"]!);

        var history = await ApiHost.Json(await api.Client.GetAsync("/api/v1/calendars/office/history"));
        Assert.Contains("2025-04-18", history.ToJsonString());
        var bad = await api.Client.PostAsync("/api/v1/calendars/office/holidays", new StringContent(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:Half day\r\nDTSTART:20251224T120000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            Encoding.UTF8, "text/calendar"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("time of day", await bad.Content.ReadAsStringAsync());
        var backwards = await api.Client.PostAsync("/api/v1/calendars/office/holidays?from=2026&to=2025", new StringContent(ics, Encoding.UTF8, "text/calendar"));
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("2025 is before from (2026)", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.PostAsync("/api/v1/calendars/nope/holidays", new StringContent(ics, Encoding.UTF8, "text/calendar"))).StatusCode);
    }

    [Fact]
    public void Slm_holidays_prints_yaml_a_calendar_takes_as_it_is()
    {
        var file = IcsHolidays.Read(File.ReadAllText(Feed), Feed, 2025, 2025);
        var yaml = HolidaysCommand.Yaml(file.Holidays, "england-and-wales-2025.ics");
        Assert.StartsWith("""
            # 8 holidays from england-and-wales-2025.ics
            holidays:
              - {date: 2025-01-01, name: "New Year’s Day"}
              - {date: 2025-04-18, name: "Good Friday"}

            """.ReplaceLineEndings("\n"), yaml);
        var calendar = "apiVersion: openslm/v1\nkind: Calendar\nmetadata: {name: uk}\nspec:\n  timeZone: Europe/London\n  hours: {monday: [\"09:00-17:00\"]}\n  "
            + yaml.Replace("\n", "\n  ", StringComparison.Ordinal);
        var read = Interop.Documents.DocumentReader.Read(calendar, "uk.yaml");
        Assert.Empty(read.Errors);
        Assert.Equal(8, ((Core.Calendars.CalendarSpec)Assert.Single(read.Documents).Spec).Holidays.Count);
    }
}
