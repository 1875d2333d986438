using System.Globalization;
using System.Text.Json.Nodes;
using OpenSlm.Core.Tickets;

namespace OpenSlm.Web;

/// <summary>
/// The ticket policy editor's fields: each list of conditions (applies to, start, pause, stop, cancel, restart) as rows of
/// field, test and values; the targets as rows of priority and business time; the calendar, warnings and the rest as
/// single fields. A row left blank is ignored, so a few blank rows let people add without script. Field names:
/// <c>cond-LIST-ROW-field|test|values</c>, <c>target-ROW-priority|within</c>.
/// </summary>
public static class TicketPolicyForm
{
    /// <summary>The condition lists in the order a clock meets them, as (spec name, heading, what an empty list means).</summary>
    public static IReadOnlyList<(string List, string Heading, string WhenEmpty)> Lists { get; } =
    [
        ("appliesTo", "Applies to", "every ticket"),
        ("start", "Starts", "at the ticket's first update"),
        ("pause", "Pauses", "never"),
        ("stop", "Stops (required)", "never: at least one condition is needed"),
        ("cancel", "Cancelled", "never"),
        ("reset", "Restarts from zero", "never"),
    ];

    /// <summary>The tests a condition makes, as (value, words); the first two take values.</summary>
    public static IReadOnlyList<(string Value, string Words)> Tests { get; } =
    [
        ("in", "is one of"),
        ("notIn", "is none of"),
        ("empty", "is empty"),
        ("notEmpty", "is not empty"),
        ("changed", "changed"),
        ("unchanged", "did not change"),
    ];

    /// <summary>How many empty rows each list offers.</summary>
    public const int BlankRows = 2;

    /// <summary>The form's values for a stored policy, with how many rows each list shows (its items and blank ones).</summary>
    public static (Dictionary<string, string?> Values, Dictionary<string, int> Rows) Values(TicketPolicySpec spec, long revision)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["revision"] = revision.ToString(CultureInfo.InvariantCulture),
            ["description"] = spec.Description,
            ["priorityField"] = spec.PriorityField,
            ["calendar"] = spec.Calendar,
            ["warnings"] = string.Join(", ", spec.Warnings.Select(w => w.ToString(CultureInfo.InvariantCulture))),
            ["retroactiveStart"] = spec.RetroactiveStart ? "true" : null,
            ["onReopen"] = spec.OnReopen.ToString(),
        };
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (list, _, _) in Lists)
        {
            var conditions = ListOf(spec, list);
            for (var i = 0; i < conditions.Count; i++)
            {
                var c = conditions[i];
                values[$"cond-{list}-{i}-field"] = c.Field;
                values[$"cond-{list}-{i}-test"] = c switch
                {
                    { In: not null } => "in",
                    { NotIn: not null } => "notIn",
                    { Empty: true } => "empty",
                    { Empty: false } => "notEmpty",
                    { Changed: true } => "changed",
                    _ => "unchanged",
                };
                values[$"cond-{list}-{i}-values"] = string.Join(", ", c.In ?? c.NotIn ?? []);
            }
            rows[list] = conditions.Count + BlankRows;
        }
        for (var i = 0; i < spec.Targets.Count; i++)
        {
            values[$"target-{i}-priority"] = spec.Targets[i].Priority;
            values[$"target-{i}-within"] = spec.Targets[i].Within;
        }
        rows["targets"] = spec.Targets.Count + BlankRows;
        return (values, rows);
    }

    /// <summary>The rows each list of a new policy shows.</summary>
    public static Dictionary<string, int> NewRows() =>
        Lists.Select(l => l.List).Append("targets").ToDictionary(l => l, _ => BlankRows + 1, StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="spec"/> (the stored spec's JSON, or an empty one) with the form's values in place, and what the form
    /// itself refuses (an unknown test; values given to a test that takes none, or none to one that needs them; a
    /// warning that is no number); with the row each list item came from, so the write path's errors land on it.
    /// </summary>
    public static (JsonObject Spec, Dictionary<string, List<int>> From, FormErrors Errors) Spec(JsonObject spec, Func<string, string?> value, IReadOnlyDictionary<string, int> rows)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(rows);
        var errors = new FormErrors();
        var from = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        WebWrites.Set(spec, "description", WebWrites.Text(value("description")));
        WebWrites.Set(spec, "priorityField", WebWrites.Text(value("priorityField")));
        WebWrites.Set(spec, "calendar", WebWrites.Text(value("calendar")));
        WebWrites.Set(spec, "onReopen", WebWrites.Text(value("onReopen")));
        spec["retroactiveStart"] = value("retroactiveStart") is "true" or "on";
        var warnings = new JsonArray();
        foreach (var w in (value("warnings") ?? string.Empty).Split(',', ';').Select(w => w.Trim()).Where(w => w.Length > 0))
        {
            if (decimal.TryParse(w, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent))
            {
                warnings.Add(percent);
            }
            else
            {
                errors.Add("warnings", $"'{w}' is not a percentage: expected numbers between 0 and 100 separated by commas, e.g. 50, 75, 90 (decimals with a point).");
            }
        }
        spec["warnings"] = warnings;
        foreach (var (list, _, _) in Lists)
        {
            var items = new JsonArray();
            var listRows = new List<int>();
            for (var i = 0; i < rows.GetValueOrDefault(list); i++)
            {
                var (field, test, values) = (value($"cond-{list}-{i}-field")?.Trim(), value($"cond-{list}-{i}-test")?.Trim() ?? "in", Split(value($"cond-{list}-{i}-values")));
                if (string.IsNullOrEmpty(field) && values.Count == 0)
                {
                    continue;
                }
                var item = new JsonObject();
                WebWrites.Set(item, "field", WebWrites.Text(field));
                var takesValues = test is "in" or "notIn";
                if (Tests.All(t => t.Value != test))
                {
                    errors.Add($"cond-{list}-{i}-test", $"'{test}' is not a test: expected one of {string.Join(", ", Tests.Select(t => t.Value))}.");
                }
                else if (takesValues && values.Count == 0)
                {
                    errors.Add($"cond-{list}-{i}-values", $"'{Words(test)}' needs the values to compare with, separated by commas.");
                }
                else if (!takesValues && values.Count > 0)
                {
                    errors.Add($"cond-{list}-{i}-values", $"'{Words(test)}' compares with no values: clear them, or choose 'is one of'.");
                }
                switch (test)
                {
                    case "in" or "notIn":
                        item[test] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
                        break;
                    case "empty" or "notEmpty":
                        item["empty"] = test == "empty";
                        break;
                    case "changed" or "unchanged":
                        item["changed"] = test == "changed";
                        break;
                }
                items.Add(item);
                listRows.Add(i);
            }
            spec[list] = items;
            from[list] = listRows;
        }
        var targets = new JsonArray();
        var targetRows = new List<int>();
        for (var i = 0; i < rows.GetValueOrDefault("targets"); i++)
        {
            var (priority, within) = (value($"target-{i}-priority")?.Trim(), value($"target-{i}-within")?.Trim());
            if (string.IsNullOrEmpty(priority) && string.IsNullOrEmpty(within))
            {
                continue;
            }
            var item = new JsonObject();
            WebWrites.Set(item, "priority", WebWrites.Text(priority));
            WebWrites.Set(item, "within", WebWrites.Text(within));
            targets.Add(item);
            targetRows.Add(i);
        }
        spec["targets"] = targets;
        from["targets"] = targetRows;
        return (spec, from, errors);
    }

    /// <summary>
    /// The field a spec path lands on: spec.stop[1].in → the values of the row the second stop condition came from,
    /// spec.stop[0] (give exactly one test) → that row's test, spec.targets[2].within → its row's business time,
    /// spec.stop → the stop list as a whole, spec.warnings[1] → warnings.
    /// </summary>
    public static string FieldOf(string path, IReadOnlyDictionary<string, List<int>> from)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(from);
        var p = path.StartsWith("spec.", StringComparison.Ordinal) ? path[5..] : path;
        var bracket = p.IndexOf('[', StringComparison.Ordinal);
        var list = bracket < 0 ? p.Split('.')[0] : p[..bracket];
        if (bracket > 0 && from.TryGetValue(list, out var rows) && p.IndexOf(']', StringComparison.Ordinal) is var close and > 0
            && int.TryParse(p.AsSpan(bracket + 1, close - bracket - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < rows.Count)
        {
            var part = p[(close + 1)..].TrimStart('.').Split('[', '.')[0];
            var row = rows[index];
            return list == "targets"
                ? $"target-{row}-{(part == "within" ? "within" : "priority")}"
                : $"cond-{list}-{row}-{part switch { "field" => "field", "in" or "notIn" => "values", _ => "test" }}";
        }
        return list switch
        {
            "description" or "priorityField" or "calendar" or "warnings" or "retroactiveStart" or "onReopen" => list,
            _ when from.ContainsKey(list) => list,
            _ => string.Empty,
        };
    }

    /// <summary>A test's words ("is one of").</summary>
    public static string Words(string test) => Tests.FirstOrDefault(t => t.Value == test).Words ?? test;

    private static List<string> Split(string? values) =>
        [.. (values ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static IReadOnlyList<FieldCondition> ListOf(TicketPolicySpec spec, string list) => list switch
    {
        "appliesTo" => spec.AppliesTo,
        "start" => spec.Start,
        "pause" => spec.Pause,
        "stop" => spec.Stop,
        "cancel" => spec.Cancel,
        _ => spec.Reset,
    };
}
