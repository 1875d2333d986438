using System.Text.Json.Nodes;
using OpenSlm.Core.Alerting;
using OpenSlm.Core.Calendars;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Yaml;

namespace OpenSlm.Interop.OpenSlo;

/// <summary>
/// The OpenSLO <c>AlertPolicy</c>, <c>AlertCondition</c> and <c>AlertNotificationTarget</c> documents of a set read
/// together (a file or a directory), by name, and their translation into an objective's <c>alerting:</c> terms.
/// </summary>
/// <remarks>
/// <para>A burnrate condition "burn rate over lookbackWindow above threshold" becomes a burn-rate condition with
/// <c>factor: threshold</c> over <c>longWindow: lookbackWindow</c>; a non-zero <c>alertAfter</c> becomes its confirming
/// <c>shortWindow</c> (the burn over the last alertAfter must be above the threshold too: how multiwindow alerts confirm
/// that a burn is still going on, rather than a pending timer). Severities page, critical, high, sev1 and p1 page
/// someone; ticket, warning, medium, low, info, sev2, sev3, p2 and p3 raise a ticket.</para>
/// <para><c>alertWhenBreaching: false</c> leaves the condition out; <c>alertWhenNoData: true</c> raises a ticket when no
/// measurement arrived for the condition's lookback window; <c>alertWhenResolved: false</c> tells nobody of
/// resolutions (left out, OpenSLM tells them). Notification targets name channels: email, slack, webhook (or web-hook)
/// and alertmanager; the addresses come from <c>slm serve</c>'s settings and the stakeholders' RACI roles.</para>
/// </remarks>
public sealed class OpenSloAlerting
{
    /// <summary>The kinds this class reads.</summary>
    public static IReadOnlySet<string> Kinds { get; } = new HashSet<string>(StringComparer.Ordinal) { "AlertPolicy", "AlertCondition", "AlertNotificationTarget" };

    private static readonly HashSet<string> PageSeverities = new(StringComparer.OrdinalIgnoreCase) { "page", "critical", "high", "sev1", "sev-1", "p1" };
    private static readonly HashSet<string> TicketSeverities = new(StringComparer.OrdinalIgnoreCase) { "ticket", "warning", "medium", "low", "info", "sev2", "sev-2", "sev3", "sev-3", "p2", "p3" };

    private readonly Dictionary<string, Dictionary<string, Named>> _byKind = new(StringComparer.Ordinal)
    {
        ["AlertPolicy"] = new(StringComparer.Ordinal),
        ["AlertCondition"] = new(StringComparer.Ordinal),
        ["AlertNotificationTarget"] = new(StringComparer.Ordinal),
    };

    private readonly HashSet<(string, string)> _used = [];

    /// <summary>A document of the set, or one written inline in another (its fields then sit under <paramref name="Prefix"/>
    /// there): its root, and where its fields are.</summary>
    private sealed record Named(JsonObject Root, Func<string, SourceLocation> Outer, string Prefix = "")
    {
        public SourceLocation Locate(string field) => Outer(Prefix + field);

        public DocumentError Error(string field, string message) => new(Locate(field), Prefix + field, message);
    }

    /// <summary>Adds an alerting document of the set; a second of one kind and name is an error.</summary>
    public void Add(JsonObject root, Func<string, SourceLocation> locate, List<DocumentError> errors)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(errors);
        var kind = root["kind"]!.ToString();
        var name = root["metadata"]?["name"]?.ToString();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(new DocumentError(locate("metadata.name"), "metadata.name", $"is required: an OpenSLO {kind} is referred to by its name."));
        }
        else if (!_byKind[kind].TryAdd(name, new Named(root, locate)))
        {
            errors.Add(new DocumentError(locate("metadata.name"), "metadata.name", $"a second OpenSLO {kind} named '{name}' in the documents read: names must be unique."));
        }
    }

    /// <summary>A note for each alert policy, condition or target no SLO used.</summary>
    public IEnumerable<string> Unused() =>
        from kind in _byKind
        from named in kind.Value
        where !_used.Contains((kind.Key, named.Key))
        select $"{named.Value.Locate("kind")}: OpenSLO {kind.Key} '{named.Key}' is used by no SLO read with it, so it changes nothing.";

    /// <summary>
    /// The <c>alerting:</c> terms of an SLO's <c>alertPolicies</c> (null when it has none), with errors named by the field
    /// of the document at fault.
    /// </summary>
    internal JsonObject? Translate(JsonNode? alertPolicies, Func<string, SourceLocation> locate, List<DocumentError> errors, List<string> notes, string slo)
    {
        if (alertPolicies is not JsonArray { Count: > 0 } items)
        {
            return null;
        }
        var burnRates = new JsonArray();
        var channels = new SortedSet<string>(StringComparer.Ordinal);
        NodaTime.Duration? noDataAfter = null;
        bool? notifyResolved = null;
        var anyTargets = false;
        var sloDocument = new Named([], locate);
        for (var i = 0; i < items.Count; i++)
        {
            if (Resolve(items[i], "AlertPolicy", "alertPolicyRef", $"spec.alertPolicies[{i}]", sloDocument, errors) is not { } policy)
            {
                continue;
            }
            var spec = policy.Root["spec"] as JsonObject ?? [];
            var breaching = Flag(spec, "alertWhenBreaching", policy, errors) ?? true;
            var noData = Flag(spec, "alertWhenNoData", policy, errors) ?? false;
            if (Flag(spec, "alertWhenResolved", policy, errors) is { } resolved)
            {
                notifyResolved = (notifyResolved ?? false) || resolved;
            }
            if (spec["conditions"] is not JsonArray { Count: 1 } conditions)
            {
                errors.Add(policy.Error("spec.conditions", "an OpenSLO AlertPolicy has exactly one condition (a list of one)."));
                continue;
            }
            if (Resolve(conditions[0], "AlertCondition", "conditionRef", "spec.conditions[0]", policy, errors) is not { } condition
                || Condition(condition, errors) is not { } burnRate)
            {
                continue;
            }
            if (breaching)
            {
                burnRates.Add(burnRate.Spec);
            }
            if (noData && (noDataAfter is null || burnRate.Lookback < noDataAfter))
            {
                noDataAfter = burnRate.Lookback;
            }
            var targets = spec["notificationTargets"] as JsonArray ?? [];
            for (var t = 0; t < targets.Count; t++)
            {
                if (Resolve(targets[t], "AlertNotificationTarget", "targetRef", $"spec.notificationTargets[{t}]", policy, errors) is not { } target)
                {
                    continue;
                }
                anyTargets = true;
                var kind = (target.Root["spec"]?["target"] ?? target.Root["target"])?.ToString()?.Trim().ToLowerInvariant();
                var channel = kind switch
                {
                    "email" or "e-mail" or "mail" => Core.Alerting.NotificationChannel.Email,
                    "slack" => Core.Alerting.NotificationChannel.Slack,
                    "webhook" or "web-hook" => Core.Alerting.NotificationChannel.Webhook,
                    "alertmanager" or "prometheus" => Core.Alerting.NotificationChannel.Alertmanager,
                    _ => null,
                };
                if (channel is null)
                {
                    notes.Add($"{target.Locate("spec.target")}: OpenSLO notification target '{kind}' of SLO '{slo}' is not a channel OpenSLM has ({string.Join(", ", Core.Alerting.NotificationChannel.Known)}); it was left out.");
                }
                else
                {
                    channels.Add(channel);
                }
            }
        }
        var alerting = new JsonObject { ["burnRates"] = burnRates };
        if (noDataAfter is { } after)
        {
            alerting["noDataAfter"] = DurationText.Format(after);
        }
        if (notifyResolved is { } told)
        {
            alerting["notifyResolved"] = told;
        }
        if (anyTargets)
        {
            alerting["channels"] = new JsonArray([.. channels.Select(c => (JsonNode)c)]);
        }
        return alerting;
    }

    /// <summary>The document an item names by <paramref name="refField"/>, or the item itself when written inline.</summary>
    private Named? Resolve(JsonNode? item, string kind, string refField, string path, Named owner, List<DocumentError> errors)
    {
        if (item is not JsonObject o)
        {
            errors.Add(owner.Error(path, $"must be a mapping: {{{refField}: NAME}} or an inline {kind}."));
            return null;
        }
        if (o[refField]?.ToString() is { } name)
        {
            if (_byKind[kind].TryGetValue(name, out var named))
            {
                _used.Add((kind, name));
                return named;
            }
            errors.Add(owner.Error($"{path}.{refField}", $"no OpenSLO {kind} named '{name}' among the documents read."));
            return null;
        }
        return new Named(o, owner.Outer, $"{owner.Prefix}{path}.");
    }

    private static bool? Flag(JsonObject spec, string field, Named owner, List<DocumentError> errors)
    {
        if (spec[field] is null)
        {
            return null;
        }
        if (spec[field] is JsonValue v && v.TryGetValue<bool>(out var flag))
        {
            return flag;
        }
        errors.Add(owner.Error($"spec.{field}", $"'{spec[field]}' is not a boolean: expected true or false."));
        return null;
    }

    /// <summary>An AlertCondition as a burn-rate condition (JSON for <c>alerting.burnRates</c>), and its lookback window.</summary>
    private static (JsonObject Spec, NodaTime.Duration Lookback)? Condition(Named condition, List<DocumentError> errors)
    {
        var spec = condition.Root["spec"] as JsonObject ?? [];
        var count = errors.Count;
        var severityText = spec["severity"]?.ToString();
        AlertSeverity? severity = severityText is null ? null
            : PageSeverities.Contains(severityText) ? AlertSeverity.Page
            : TicketSeverities.Contains(severityText) ? AlertSeverity.Ticket
            : null;
        if (severity is null)
        {
            errors.Add(condition.Error("spec.severity", severityText is null
                ? "is required: page (or critical, high, sev1, p1) or ticket (or warning, medium, low, info, sev2, sev3, p2, p3)."
                : $"'{severityText}' is not a severity OpenSLM knows: expected page (or critical, high, sev1, p1) or ticket (or warning, medium, low, info, sev2, sev3, p2, p3)."));
        }
        var c = spec["condition"] as JsonObject;
        if (c is null)
        {
            errors.Add(condition.Error("spec.condition", "is required: {kind: burnrate, op: gt, threshold, lookbackWindow, alertAfter}."));
            return null;
        }
        if (c["kind"]?.ToString() is { } kind && !kind.Equals("burnrate", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(condition.Error("spec.condition.kind", $"'{kind}' is not a condition kind OpenSLO defines: expected burnrate."));
        }
        var op = c["op"]?.ToString();
        if (op is not ("gt" or "gte"))
        {
            errors.Add(condition.Error("spec.condition.op", op is "lt" or "lte"
                ? $"'{op}' would alert while the burn rate is below the threshold, that is while the budget is safe; OpenSLM alerts on a burn rate above it: write gt (or gte)."
                : $"is required: gt or gte (alert when the burn rate is above the threshold)."));
        }
        decimal threshold = 0;
        if (c["threshold"] is not JsonValue tv || !tv.TryGetValue(out threshold) || threshold <= 0)
        {
            errors.Add(condition.Error("spec.condition.threshold", $"'{c["threshold"]}' is not a burn rate: expected a number above 0, for example 14.4."));
        }
        var lookback = DurationText.TryParse(c["lookbackWindow"]?.ToString());
        if (lookback is null)
        {
            errors.Add(condition.Error("spec.condition.lookbackWindow", $"'{c["lookbackWindow"]}' is not a duration: expected for example 1h."));
        }
        var afterText = c["alertAfter"]?.ToString();
        var after = afterText is null or "0" or "0m" or "0s" or "0h" ? null : DurationText.TryParse(afterText);
        if (afterText is not null and not ("0" or "0m" or "0s" or "0h") && after is null)
        {
            errors.Add(condition.Error("spec.condition.alertAfter", $"'{afterText}' is not a duration: expected for example 5m."));
        }
        else if (after is { } a && lookback is { } l && a >= l)
        {
            errors.Add(condition.Error("spec.condition.alertAfter", $"must be shorter than lookbackWindow ({c["lookbackWindow"]}): it becomes the window that confirms the burn."));
        }
        if (errors.Count > count)
        {
            return null;
        }
        var burnRate = new JsonObject
        {
            ["severity"] = severity!.Value.ToString(),
            ["factor"] = JsonValue.Create(threshold),
            ["longWindow"] = DurationText.Format(lookback!.Value),
        };
        if (after is { } confirm)
        {
            burnRate["shortWindow"] = DurationText.Format(confirm);
        }
        return (burnRate, lookback.Value);
    }
}
