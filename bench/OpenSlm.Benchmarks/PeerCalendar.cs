using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Core.Calendars;

namespace OpenSlm.Benchmarks;

/// <summary>
/// The W2 peers' calendar.json (bench/peers/w2): zone, weekly_hours keyed 0 = Monday … 6 = Sunday,
/// holidays, and the deadline's business seconds. Also compiled into the Core tests that cross-check the peers.
/// </summary>
internal static class PeerCalendar
{
    public static (BusinessClock Clock, long DeadlineSeconds) Read(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        IReadOnlyList<TimeRange> Day(int index) =>
            [.. root.GetProperty("weekly_hours").GetProperty(index.ToString(CultureInfo.InvariantCulture)).EnumerateArray()
                .Select(r => TimeRange.Parse($"{r[0].GetString()}-{r[1].GetString()}"))];
        var hours = new WeeklyHours { Monday = Day(0), Tuesday = Day(1), Wednesday = Day(2), Thursday = Day(3), Friday = Day(4), Saturday = Day(5), Sunday = Day(6) };
        var holidays = root.GetProperty("holidays").EnumerateArray().Select(h => LocalDatePattern.Iso.Parse(h.GetString()!).Value);
        var clock = BusinessClock.Of(DateTimeZoneProviders.Tzdb[root.GetProperty("zone").GetString()!], hours, holidays);
        return (clock, root.GetProperty("deadline_business_seconds").GetInt64());
    }
}
