using System.Text.Json.Nodes;
using NodaTime;
using OpenSlm.Core.Catalogue;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Yaml;

namespace OpenSlm.Interop.Measurements;

/// <summary>
/// One outage of an availability indicator measured from outages: down from <see cref="Start"/> to
/// <see cref="End"/> (null while it lasts). <see cref="Reference"/> links it to an incident or a change.
/// </summary>
public sealed record OutageRow(int Line, string Indicator, Instant Start, Instant? End, string? Reference);

/// <summary>The outages read, or every problem found (then none is returned).</summary>
public sealed record OutageFile(IReadOnlyList<OutageRow> Rows, IReadOnlyList<DocumentError> Errors)
{
    /// <summary>Whether the batch was read without error.</summary>
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Reads outages as JSON: <c>{"outages": [...]}</c> or a bare array of objects with <c>indicator</c>,
/// <c>start</c>, optional <c>end</c> (absent or null while the outage lasts) and optional <c>reference</c>.
/// Any bad item refuses the whole batch, and every bad item is listed.
/// </summary>
public static class OutageJson
{
    private static readonly HashSet<string> Fields = ["indicator", "start", "end", "reference"];

    /// <summary>Reads a JSON document holding a list of outages; items are numbered from 1.</summary>
    public static OutageFile Read(string json, string source)
    {
        var (items, error) = JsonBatch.Read(json, source, "outages");
        if (items is null)
        {
            return new OutageFile([], [error!]);
        }
        var rows = new List<OutageRow>();
        var problems = new BadRows(source, "items", "outages[{0}]");
        var number = 0;
        foreach (var item in items)
        {
            number++;
            var before = problems.Count;
            var line = number;
            void Fail(string field, string message) => problems.Add(line, field, message);
            if (item is not JsonObject o)
            {
                Fail(string.Empty, "expected an object with indicator, start and (once it is over) end.");
                continue;
            }
            foreach (var unknown in o.Select(kv => kv.Key).Where(k => !Fields.Contains(k)))
            {
                Fail(unknown, $"unknown field '{unknown}': expected indicator, start, end or reference.");
            }
            var indicator = (o["indicator"] as JsonValue)?.ToString();
            if (ResourceName.Check(indicator) is { } nameError)
            {
                Fail("indicator", nameError);
            }
            var startText = (o["start"] as JsonValue)?.ToString();
            var start = InstantText.TryParse(startText);
            if (start is null)
            {
                Fail("start", $"'{startText}' is not an instant: {InstantText.Expected}.");
            }
            Instant? end = null;
            if (o["end"] is { } endNode)
            {
                var endText = (endNode as JsonValue)?.ToString();
                end = InstantText.TryParse(endText);
                if (end is null)
                {
                    Fail("end", $"'{endText}' is not an instant: {InstantText.Expected} (or leave it out while the outage lasts).");
                }
                else if (start is { } s && end <= s)
                {
                    Fail("end", $"must be after start ({s}).");
                }
            }
            var reference = (o["reference"] as JsonValue)?.ToString();
            if (reference is { Length: > 200 })
            {
                Fail("reference", "is longer than 200 characters.");
            }
            if (problems.Count == before)
            {
                rows.Add(new OutageRow(number, indicator!, start!.Value, end, reference));
            }
        }
        return problems.Count == 0 ? new OutageFile(rows, []) : new OutageFile([], problems.Errors());
    }
}
