using System.Globalization;
using CsvHelper;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Core.Tickets;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Yaml;

namespace OpenSlm.Interop.Tickets;

/// <summary>
/// How a CSV of ticket updates is read: each row is the ticket's whole record after one update. The id and time
/// columns are named; times are ISO 8601 with an offset (<see cref="TimeFormat"/> "iso") or local wall-clock
/// times in a NodaTime pattern read in <see cref="TimeZone"/>. Cells equal to one of <see cref="NullValues"/>
/// are "no value".
/// </summary>
public sealed record TicketCsvOptions
{
    /// <summary>The column holding the ticket id.</summary>
    public string IdColumn { get; init; } = "id";

    /// <summary>The column holding when the update happened.</summary>
    public string TimeColumn { get; init; } = "time";

    /// <summary>"iso" (ISO 8601 with Z or an offset), or a NodaTime local date-time pattern such as dd-MM-yyyy HH:mm.</summary>
    public string TimeFormat { get; init; } = "iso";

    /// <summary>The IANA zone local times are in.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Cell values that mean "no value".</summary>
    public IReadOnlyList<string> NullValues { get; init; } = [""];

    /// <summary>ServiceNow's list export of an incident's audit: number, sys_updated_at as dd-MM-yyyy HH:mm, "?" for no value.</summary>
    public static TicketCsvOptions ServiceNow { get; } = new()
    {
        IdColumn = "number",
        TimeColumn = "sys_updated_at",
        TimeFormat = "dd-MM-yyyy HH:mm",
        NullValues = ["", "?"],
    };

    /// <summary>The named preset ("servicenow"), or null.</summary>
    public static TicketCsvOptions? Preset(string name) => name.ToLowerInvariant() switch
    {
        "servicenow" => ServiceNow,
        _ => null,
    };
}

/// <summary>The events read, or every problem found (then none is returned).</summary>
public sealed record TicketEventFile(IReadOnlyList<TicketEvent> Events, IReadOnlyList<DocumentError> Errors)
{
    /// <summary>Whether the file was read without error.</summary>
    public bool Ok => Errors.Count == 0;
}

/// <summary>Reads ticket updates from CSV (see <see cref="TicketCsvOptions"/>). A file with any bad row is refused whole, every bad row listed.</summary>
public static class TicketCsv
{
    /// <summary>Reads a file.</summary>
    public static TicketEventFile ReadFile(string path, TicketCsvOptions options)
    {
        if (Documents.InputFiles.Check(path, Documents.InputFiles.MaxCsvBytes) is { } tooLarge)
        {
            return new TicketEventFile([], [new DocumentError(new SourceLocation(path, 0, 0), string.Empty, tooLarge)]);
        }
        using var reader = new Documents.BoundedReader(new StreamReader(path), Documents.InputFiles.MaxCsvBytes, Documents.BoundedReader.DefaultMaxLineChars);
        try
        {
            return Read(reader, path, options);
        }
        catch (Documents.InputTooLargeException ex)
        {
            return new TicketEventFile([], [new DocumentError(new SourceLocation(path, ex.Line, 0), string.Empty, ex.Message)]);
        }
    }

    /// <summary>Reads CSV text; <paramref name="file"/> names it in errors. Every column becomes a field of the ticket.</summary>
    public static TicketEventFile Read(TextReader reader, string file, TicketCsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        DocumentError Error(int line, string field, string message) => new(new SourceLocation(file, line, 0), field, message);
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(options.TimeZone) is not { } zone)
        {
            return new TicketEventFile([], [Error(0, "time zone", $"'{options.TimeZone}' is not an IANA time zone, for example Europe/London.")]);
        }
        var iso = options.TimeFormat.Equals("iso", StringComparison.OrdinalIgnoreCase);
        LocalDateTimePattern? local = null;
        if (!iso)
        {
            try
            {
                local = LocalDateTimePattern.CreateWithInvariantCulture(options.TimeFormat);
            }
            catch (InvalidPatternException ex)
            {
                return new TicketEventFile([], [Error(0, "time format", $"'{options.TimeFormat}' is not a date-time pattern: {ex.Message}")]);
            }
        }
        var csvOptions = new CsvReaderOptions { TrackLineNumbers = true, SkipEmptyLines = true, FormatProvider = CultureInfo.InvariantCulture };
        using var csv = CsvReader.Create(reader, csvOptions, false);
        csv.ReadHeader();
        var header = csv.Headers.ToArray();
        var id = Array.IndexOf(header, options.IdColumn);
        var time = Array.IndexOf(header, options.TimeColumn);
        if (header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            return new TicketEventFile([], [Error(1, "header", $"names the column '{repeated.Key}' {repeated.Count()} times: each column needs its own name.")]);
        }
        if (header.FirstOrDefault(h => Core.Limits.CheckText(h, Core.Limits.MaxKey, lines: false) is not null) is { } badName)
        {
            return new TicketEventFile([], [Error(1, "header", $"a column's name {Core.Limits.CheckText(badName, Core.Limits.MaxKey, lines: false)}")]);
        }
        var missing = new[] { (id, options.IdColumn, "id"), (time, options.TimeColumn, "time") }.Where(c => c.Item1 < 0)
            .Select(c => Error(1, c.Item3 + " column", $"no column named '{c.Item2}' in the header ({string.Join(", ", header.Take(12))}{(header.Length > 12 ? ", …" : "")}).")).ToList();
        if (missing.Count > 0)
        {
            return new TicketEventFile([], missing);
        }
        var nulls = new HashSet<string>(options.NullValues, StringComparer.Ordinal);
        var problems = new Measurements.BadRows(file, "rows");
        var events = new List<TicketEvent>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var line = (int)csv.LineNumber;
            if (csv.FieldCount != header.Length)
            {
                problems.Add(line, string.Empty, $"has {csv.FieldCount} cells; the header has {header.Length}.");
                continue;
            }
            var ticket = csv.GetString(id);
            if (nulls.Contains(ticket) || string.IsNullOrWhiteSpace(ticket))
            {
                problems.Add(line, options.IdColumn, "has no ticket id.");
                continue;
            }
            if (Core.Limits.CheckText(ticket, TicketJson.MaxTicketLength, lines: false) is { } idError)
            {
                problems.Add(line, options.IdColumn, idError);
                continue;
            }
            var text = csv.GetString(time);
            Instant? at = iso
                ? InstantText.TryParse(text)
                : local!.Parse(text) is { Success: true } parsed && parsed.Value.Year is >= Core.Limits.MinYear and <= Core.Limits.MaxYear
                    ? parsed.Value.InZoneLeniently(zone).ToInstant() : null;
            if (at is null)
            {
                problems.Add(line, options.TimeColumn, $"'{text}' is not a time in the format {(iso ? InstantText.Expected : $"'{options.TimeFormat}'")}.");
                continue;
            }
            var fields = new Dictionary<string, string?>(header.Length, StringComparer.Ordinal);
            var fine = true;
            for (var c = 0; c < header.Length; c++)
            {
                var value = csv.GetString(c);
                fields[header[c]] = nulls.Contains(value) ? null : value;
                fine &= TicketJson.CheckField(problems, line, header[c], header[c], value);
            }
            if (!fine)
            {
                continue;
            }
            if (!names.TryGetValue(ticket, out var interned))
            {
                names[ticket] = interned = ticket;
            }
            events.Add(new TicketEvent(interned, at.Value, fields));
        }
        return problems.Count == 0 ? new TicketEventFile(events, []) : new TicketEventFile([], problems.Errors());
    }
}
