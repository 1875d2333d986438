using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Core.Calendars;

namespace OpenSlm.Web;

/// <summary>
/// The calendar editor's fields: a day's hours as typed ("08:00-12:30, 13:30-18:00"; empty: closed), holidays as rows of
/// date and name (a row with neither is ignored, so a few blank rows let people add without script), exclusions as rows
/// whose times are local to the calendar's zone, and what a spec path of the write path's errors points at.
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

    /// <summary>The kinds an exclusion may be, as the spec names them.</summary>
    public static IReadOnlyList<ExclusionKind> Kinds { get; } = Enum.GetValues<ExclusionKind>();

    /// <summary>An exclusion row as typed: its name, start, end, kind, reason and services (names separated by commas).</summary>
    public sealed record ExclusionRow(string? Name, string? Start, string? End, string? Kind, string? Reason, string? Services)
    {
        /// <summary>Whether nothing was typed into the row (a blank row, ignored).</summary>
        public bool Blank => new[] { Name, Start, End, Reason, Services }.All(string.IsNullOrWhiteSpace);
    }

    /// <summary>
    /// The exclusions list of the spec from the rows, skipping blank ones; with the row each item came from, and the
    /// refusals of start and end times that do not read in <paramref name="zone"/> (field exclusion-ROW-start or -end).
    /// </summary>
    public static (JsonArray Exclusions, List<int> Rows, FormErrors Errors) Exclusions(IReadOnlyList<ExclusionRow> rows, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = new JsonArray();
        var from = new List<int>();
        var errors = new FormErrors();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Blank)
            {
                continue;
            }
            var item = new JsonObject();
            WebWrites.Set(item, "name", WebWrites.Text(row.Name));
            foreach (var (field, text) in new[] { ("start", row.Start), ("end", row.End) })
            {
                var (instant, error) = TimeField.Parse(text, zone);
                if (instant is { } at)
                {
                    item[field] = InstantPattern.ExtendedIso.Format(at);
                }
                else
                {
                    errors.Add($"exclusion-{i}-{field}", error!);
                }
            }
            WebWrites.Set(item, "kind", WebWrites.Text(row.Kind));
            WebWrites.Set(item, "reason", WebWrites.Text(row.Reason));
            item["services"] = new JsonArray([.. (row.Services ?? string.Empty)
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => (JsonNode)JsonValue.Create(s))]);
            list.Add(item);
            from.Add(i);
        }
        return (list, from, errors);
    }

    /// <summary>
    /// The field a spec path lands on: spec.hours.monday[1] → hours-monday, spec.holidays[2].date → the date of the row the
    /// third holiday came from, spec.timeZone → timeZone; "" for the form as a whole.
    /// </summary>
    public static string FieldOf(string path, IReadOnlyList<int> holidayRows, IReadOnlyList<int>? exclusionRows = null)
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
        if (p.StartsWith("exclusions[", StringComparison.Ordinal) && p.IndexOf(']', StringComparison.Ordinal) is var close and > 11
            && int.TryParse(p.AsSpan(11, close - 11), NumberStyles.None, CultureInfo.InvariantCulture, out var item) && exclusionRows is not null && item < exclusionRows.Count)
        {
            var part = p[(close + 1)..].TrimStart('.').Split('[', '.')[0];
            return $"exclusion-{exclusionRows[item]}-{(part is "name" or "start" or "end" or "kind" or "reason" or "services" ? part : "name")}";
        }
        return p switch
        {
            "timeZone" or "description" => p,
            "holidays" => "holidays",
            "exclusions" => "exclusions",
            _ => string.Empty,
        };
    }
}
