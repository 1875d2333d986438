using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Core.Catalogue;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Yaml;

namespace OpenSlm.Interop.Measurements;

/// <summary>
/// Reads measurements as JSON — <c>{"measurements": [...]}</c> or a bare array — or as NDJSON, one object a
/// line. Each object has <c>timestamp</c>, <c>indicator</c>, and <c>good</c>/<c>bad</c> with <c>total</c>, or
/// <c>value</c>. Like the CSV reader, any bad item refuses the whole batch and every bad item is listed.
/// </summary>
public static class MeasurementJson
{
    private static readonly HashSet<string> Fields = ["timestamp", "indicator", "good", "bad", "total", "value"];

    /// <summary>Reads a JSON document holding a list of measurements; items are numbered from 1.</summary>
    public static MeasurementFile Read(string json, string source)
    {
        var (items, error) = JsonBatch.Read(json, source, "measurements");
        if (items is null)
        {
            return new MeasurementFile([], [error!]);
        }
        return Collect(items.Select((item, i) => (i + 1, item)), source, "measurements[{0}]");
    }

    /// <summary>Reads NDJSON: one measurement object a line; blank lines are skipped; items are numbered by line.</summary>
    public static MeasurementFile ReadLines(string ndjson, string source)
    {
        var items = new List<(int, JsonNode?)>();
        var errors = new List<DocumentError>();
        var lines = ndjson.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            try
            {
                items.Add((i + 1, Json.JsonText.Parse(lines[i])));
            }
            catch (JsonException ex)
            {
                errors.Add(new DocumentError(new SourceLocation(source, i + 1, 0), string.Empty, $"is not valid JSON: {JsonBatch.Cut(ex.Message)}"));
            }
        }
        var read = Collect(items, source, "line {0}");
        return errors.Count == 0 ? read : new MeasurementFile([], [.. errors, .. read.Errors]);
    }

    private static MeasurementFile Collect(IEnumerable<(int Number, JsonNode? Item)> items, string source, string label)
    {
        var rows = new List<MeasurementRow>();
        var problems = new BadRows(source, "items", label);
        foreach (var (number, item) in items)
        {
            var before = problems.Count;
            void Fail(string field, string message) => problems.Add(number, field, message);
            if (item is not JsonObject o)
            {
                Fail(string.Empty, "expected an object with timestamp, indicator and good/total (or value).");
                continue;
            }
            foreach (var unknown in o.Select(kv => kv.Key).Where(k => !Fields.Contains(k)))
            {
                Fail(unknown, $"unknown field '{unknown}': expected timestamp, indicator, good or bad with total, or value.");
            }
            var text = (o["timestamp"] as JsonValue)?.ToString();
            var at = InstantText.TryParse(text);
            if (at is null)
            {
                Fail("timestamp", $"'{text}' is not an instant: {InstantText.Expected}.");
            }
            var indicator = (o["indicator"] as JsonValue)?.ToString();
            if (ResourceName.Check(indicator) is { } nameError)
            {
                Fail("indicator", nameError);
            }
            long? good = null, count = null;
            decimal? value = null;
            var hasCounts = o.ContainsKey("total") || o.ContainsKey("good") || o.ContainsKey("bad");
            if (hasCounts == o.ContainsKey("value"))
            {
                Fail(string.Empty, "give either good (or bad) with total, or value.");
            }
            else if (hasCounts)
            {
                count = Whole(o, "total", Fail);
                if (o.ContainsKey("good") == o.ContainsKey("bad"))
                {
                    Fail("good", "give exactly one of good or bad.");
                }
                else
                {
                    var field = o.ContainsKey("good") ? "good" : "bad";
                    if (Whole(o, field, Fail) is { } n && count is { } all)
                    {
                        good = problems.Good(number, field, n, all);
                    }
                }
            }
            else if (o["value"] is JsonValue v && v.TryGetValue<decimal>(out var d))
            {
                value = d;
            }
            else
            {
                Fail("value", "expected a number.");
            }
            if (problems.Count == before)
            {
                rows.Add(new MeasurementRow(number, at!.Value, indicator!, good, count, value));
            }
        }
        return problems.Result(rows);
    }

    private static long? Whole(JsonObject o, string field, Action<string, string> fail)
    {
        if (o[field] is JsonValue v && v.TryGetValue<long>(out var n) && n >= 0)
        {
            return n;
        }
        fail(field, $"'{o[field]?.ToJsonString()}' is not a whole number of events (0 or more).");
        return null;
    }
}
