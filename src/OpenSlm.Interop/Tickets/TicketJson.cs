using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using OpenSlm.Core.Tickets;
using OpenSlm.Interop.Measurements;

namespace OpenSlm.Interop.Tickets;

/// <summary>
/// Reads ticket updates as JSON. The native form is <c>{"events": [...]}</c> or a bare array of
/// <c>{"ticket", "at", "fields": {name: value}}</c>, where a value is a string, number or boolean (kept as its text)
/// or null (the field was cleared). The Jira form is Jira's issue webhook as delivered (one object, or an array of
/// them): see <see cref="ReadJira"/>. Any bad item refuses the whole batch, and every bad item is listed.
/// </summary>
public static class TicketJson
{
    /// <summary>The longest ticket id accepted.</summary>
    public const int MaxTicketLength = 200;

    private static readonly HashSet<string> Keys = ["ticket", "at", "fields"];

    /// <summary>Reads the native form; items are numbered from 1.</summary>
    public static TicketEventFile Read(string json, string source)
    {
        var (items, error) = JsonBatch.Read(json, source, "events");
        if (items is null)
        {
            return new TicketEventFile([], [error!]);
        }
        var events = new List<TicketEvent>();
        var problems = new BadRows(source, "items", "events[{0}]");
        var number = 0;
        foreach (var item in items)
        {
            number++;
            var line = number;
            var before = problems.Count;
            if (item is not JsonObject o)
            {
                problems.Add(line, string.Empty, "expected an object with ticket, at and fields.");
                continue;
            }
            foreach (var unknown in o.Select(kv => kv.Key).Where(k => !Keys.Contains(k)))
            {
                problems.Add(line, unknown, $"unknown field '{unknown}': expected ticket, at or fields.");
            }
            var ticket = Ticket(problems, line, "ticket", o["ticket"]);
            var atText = (o["at"] as JsonValue)?.ToString();
            var at = InstantText.TryParse(atText);
            if (at is null)
            {
                problems.Add(line, "at", $"'{atText}' is not an instant: {InstantText.Expected}.");
            }
            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (o["fields"] is not JsonObject given)
            {
                problems.Add(line, "fields", "is required: an object of the fields this update set, for example {\"state\": \"Active\"}.");
            }
            else
            {
                foreach (var (name, node) in given)
                {
                    if (Text(node) is (true, var text))
                    {
                        if (CheckField(problems, line, $"fields.{name}", name, text))
                        {
                            fields[name] = text;
                        }
                    }
                    else
                    {
                        problems.Add(line, $"fields.{name}", "expected a string, number, boolean or null.");
                    }
                }
            }
            if (problems.Count == before)
            {
                events.Add(new TicketEvent(ticket!, at!.Value, fields));
            }
        }
        return problems.Count == 0 ? new TicketEventFile(events, []) : new TicketEventFile([], problems.Errors());
    }

    /// <summary>
    /// Reads Jira issue webhooks (<c>jira:issue_created</c>, <c>jira:issue_updated</c>, <c>jira:issue_deleted</c>) as
    /// Jira sends them. Each is one update of <c>issue.key</c> at <c>timestamp</c> (milliseconds since the epoch);
    /// its fields are <c>issue.fields</c> — the issue's whole record after the change — each by its Jira id (status,
    /// priority, issuetype, assignee, customfield_10010…) and turned into text: an object gives its <c>name</c>,
    /// <c>value</c>, <c>displayName</c> or <c>key</c>; an array its items' texts joined by ", ". The field
    /// <c>webhookEvent</c> is added, so that a policy can cancel on <c>jira:issue_deleted</c>.
    /// </summary>
    public static TicketEventFile ReadJira(string json, string source)
    {
        JsonNode? root;
        try
        {
            root = Json.JsonText.Parse(json);
        }
        catch (JsonException ex)
        {
            return new TicketEventFile([], [new(new(source, (int)(ex.LineNumber ?? 0) + 1, 0), string.Empty, $"is not valid JSON: {JsonBatch.Cut(ex.Message)}")]);
        }
        JsonNode?[] items = root is JsonArray a ? [.. a] : [root];
        var events = new List<TicketEvent>();
        var problems = new BadRows(source, "webhooks", "webhook {0}");
        for (var i = 0; i < items.Length; i++)
        {
            var line = i + 1;
            var before = problems.Count;
            if (items[i] is not JsonObject o || o["issue"] is not JsonObject issue)
            {
                problems.Add(line, "issue", "expected a Jira issue webhook: an object with webhookEvent, timestamp and issue.");
                continue;
            }
            var ticket = Ticket(problems, line, "issue.key", issue["key"]);
            Instant? at = null;
            if (o["timestamp"] is JsonValue t && t.TryGetValue<long>(out var ms)
                && ms >= Core.Limits.MinInstant.ToUnixTimeMilliseconds() && ms < Core.Limits.EndInstant.ToUnixTimeMilliseconds())
            {
                at = Instant.FromUnixTimeMilliseconds(ms);
            }
            else if (o["timestamp"] is JsonValue)
            {
                problems.Add(line, "timestamp", $"'{o["timestamp"]!.ToJsonString()}' is not an instant: expected milliseconds since the epoch, {Core.Limits.InstantRange}.");
            }
            else
            {
                problems.Add(line, "timestamp", "is required: when Jira raised the event, in milliseconds since the epoch.");
            }
            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (issue["fields"] is JsonObject given)
            {
                foreach (var (name, node) in given)
                {
                    var value = Flatten(node);
                    if (CheckField(problems, line, $"issue.fields.{name}", name, value))
                    {
                        fields[name] = value;
                    }
                }
            }
            else
            {
                problems.Add(line, "issue.fields", "is required: the issue's fields after the change.");
            }
            fields["webhookEvent"] = (o["webhookEvent"] as JsonValue)?.ToString();
            if (problems.Count == before)
            {
                events.Add(new TicketEvent(ticket!, at!.Value, fields));
            }
        }
        return problems.Count == 0 ? new TicketEventFile(events, []) : new TicketEventFile([], problems.Errors());
    }

    /// <summary>Whether a field's name and value are within <see cref="Core.Limits"/>; else the problem is added at the field.</summary>
    internal static bool CheckField(BadRows problems, int line, string at, string name, string? value)
    {
        if (Core.Limits.CheckText(name, Core.Limits.MaxKey, lines: false) is { } nameError)
        {
            problems.Add(line, at, $"the field's name {nameError}");
            return false;
        }
        if (value is not null && Core.Limits.CheckText(value, Core.Limits.MaxText, lines: true) is { } valueError)
        {
            problems.Add(line, at, valueError);
            return false;
        }
        return true;
    }

    private static string? Ticket(BadRows problems, int line, string field, JsonNode? node)
    {
        var ticket = (node as JsonValue)?.ToString();
        if (string.IsNullOrWhiteSpace(ticket))
        {
            problems.Add(line, field, "is required: the ticket's id, for example INC0010001.");
            return null;
        }
        if (Core.Limits.CheckText(ticket, MaxTicketLength, lines: false) is { } error)
        {
            problems.Add(line, field, error);
            return null;
        }
        return ticket;
    }

    /// <summary>A scalar (or null) as text; not Ok for an object or an array.</summary>
    private static (bool Ok, string? Value) Text(JsonNode? node) => node switch
    {
        null => (true, null),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => (true, v.GetValue<string>()),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => (true, v.GetValue<bool>() ? "true" : "false"),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => (true, v.ToJsonString()),
        _ => (false, null),
    };

    private static string? Flatten(JsonNode? node) => node switch
    {
        JsonObject o => Flatten(o["name"] ?? o["value"] ?? o["displayName"] ?? o["key"]),
        JsonArray a => string.Join(", ", a.Select(Flatten).Where(x => x is not null)),
        _ => Text(node).Value,
    };
}
