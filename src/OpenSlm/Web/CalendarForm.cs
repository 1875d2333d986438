using System.Globalization;
using System.Text.Json.Nodes;
using OpenSlm.Core.Calendars;

namespace OpenSlm.Web;

/// <summary>
/// The calendar editor's fields: a day's hours as typed ("08:00-12:30, 13:30-18:00"; empty: closed), holidays as rows of
/// date and name (a row with neither is ignored, so a few blank rows let people add without script), and what a spec path
/// of the write path's errors points at.
/// </summary>
public static class CalendarForm
{
    /// <summary>The days, in the week's order, as the spec names them.</summary>
    public static IReadOnlyList<string> Days { get; } = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>How many empty holiday rows the editor offers.</summary>
    public const int BlankRows = 3;

    /// <summary>A day's ranges as the editor shows them; "closed" when none.</summary>
    public static string Ranges(IReadOnlyList<TimeRange> ranges) =>
        ranges is null || ranges.Count == 0 ? "closed" : string.Join(", ", ranges.Select(r => r.ToString()));

    /// <summary>The hours object of the spec from the days' typed ranges (each split at commas, blanks dropped).</summary>
    public static JsonObject Hours(Func<string, string?> day)
    {
        ArgumentNullException.ThrowIfNull(day);
        var hours = new JsonObject();
        foreach (var d in Days)
        {
            var text = day(d) ?? string.Empty;
            hours[d] = new JsonArray([.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Where(r => !r.Equals("closed", StringComparison.OrdinalIgnoreCase)).Select(r => (JsonNode)JsonValue.Create(r))]);
        }
        return hours;
    }

    /// <summary>
    /// The holidays list of the spec from the rows (date, name), skipping rows with neither; with the row each list item
    /// came from, so that errors land on the right row.
    /// </summary>
    public static (JsonArray Holidays, List<int> Rows) Holidays(IReadOnlyList<(string? Date, string? Name)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = new JsonArray();
        var from = new List<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            var (date, name) = (rows[i].Date?.Trim(), rows[i].Name?.Trim());
            if (string.IsNullOrEmpty(date) && string.IsNullOrEmpty(name))
            {
                continue;
            }
            var item = new JsonObject();
            WebWrites.Set(item, "date", WebWrites.Text(date));
            WebWrites.Set(item, "name", WebWrites.Text(name));
            list.Add(item);
            from.Add(i);
        }
        return (list, from);
    }

    /// <summary>
    /// The field a spec path lands on: spec.hours.monday[1] → hours-monday, spec.holidays[2].date → the date of the row the
    /// third holiday came from, spec.timeZone → timeZone; "" for the form as a whole.
    /// </summary>
    public static string FieldOf(string path, IReadOnlyList<int> holidayRows)
    {
        ArgumentNullException.ThrowIfNull(holidayRows);
        var p = path.StartsWith("spec.", StringComparison.Ordinal) ? path[5..] : path;
        if (p.StartsWith("hours.", StringComparison.Ordinal))
        {
            var day = p[6..].Split('[', '.')[0];
            return Days.Contains(day) ? $"hours-{day}" : string.Empty;
        }
        if (p.StartsWith("holidays[", StringComparison.Ordinal) && p.IndexOf(']', StringComparison.Ordinal) is var end and > 9
            && int.TryParse(p.AsSpan(9, end - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < holidayRows.Count)
        {
            var part = p[(end + 1)..].TrimStart('.');
            return $"holiday-{holidayRows[index]}-{(part.StartsWith("name", StringComparison.Ordinal) ? "name" : "date")}";
        }
        return p switch
        {
            "timeZone" or "description" => p,
            "holidays" => "holidays",
            _ => string.Empty,
        };
    }
}
