using System.Globalization;
using System.Text.Json.Nodes;
using OpenSlm.Core.Catalogue;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Yaml;

namespace OpenSlm.Interop.OpenSlo;

/// <summary>
/// Translates OpenSLO v1 documents into OpenSLM's kinds. A <c>Service</c> stays a Service; an
/// <c>SLI</c> becomes an Indicator; an <c>SLO</c> becomes an Agreement of kind Expectation (an
/// informal target with no contract) on the SLO's service, Active, with one objective per OpenSLO
/// objective, plus an Indicator for an inline SLI and a 24x7 Calendar for a calendar window's time zone.
/// Targets are fractions in OpenSLO and percentages in OpenSLM (0.999 → 99.9).
/// </summary>
public static class OpenSloMapper
{
    /// <summary>The OpenSLO apiVersion accepted.</summary>
    public const string ApiVersion = "openslo/v1";

    /// <summary>
    /// Translates one OpenSLO document into zero or more OpenSLM (kind, metadata, spec) trees. An SLO's
    /// <c>alertPolicies</c> are looked up in <paramref name="alerting"/> (the alerting documents read with it) and become
    /// its objectives' <c>alerting:</c> terms; the alerting documents themselves give nothing of their own.
    /// </summary>
    public static IReadOnlyList<(ResourceKind Kind, JsonObject Metadata, JsonObject Spec)> Translate(
        JsonObject root, Func<string, SourceLocation> locate, List<DocumentError> errors, List<string> notes, OpenSloAlerting? alerting = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var kind = (root["kind"] as JsonValue)?.ToString();
        var metadata = Metadata(root["metadata"] as JsonObject);
        var spec = root["spec"] as JsonObject ?? [];
        var name = metadata["name"]?.ToString() ?? "?";
        switch (kind)
        {
            case "Service":
                return [(ResourceKind.Service, metadata, Pick(spec, "description"))];
            case "SLI":
                return [(ResourceKind.Indicator, metadata, Indicator(spec, service: null, $"SLI {name}", notes))];
            case "SLO":
                return Slo(metadata, spec, locate, errors, notes, alerting ?? new OpenSloAlerting());
            case not null when OpenSloAlerting.Kinds.Contains(kind):
                return [];
            case "DataSource":
                notes.Add($"{locate("kind")}: OpenSLO DataSource '{name}' was skipped: OpenSLM reads its data sources from each indicator's source and slm serve's settings.");
                return [];
            default:
                errors.Add(new DocumentError(locate("kind"), "kind", $"'{kind}' is not an OpenSLO v1 kind OpenSLM reads: expected Service, SLI, SLO, AlertPolicy, AlertCondition or AlertNotificationTarget."));
                return [];
        }
    }

    private static List<(ResourceKind, JsonObject, JsonObject)> Slo(
        JsonObject metadata, JsonObject spec, Func<string, SourceLocation> locate, List<DocumentError> errors, List<string> notes, OpenSloAlerting alerting)
    {
        var result = new List<(ResourceKind, JsonObject, JsonObject)>();
        var name = metadata["name"]?.ToString() ?? "slo";
        var service = spec["service"]?.ToString();
        var sloIndicator = IndicatorName(spec, service, result, notes, name);

        var window = Window(spec, locate, errors, result, out var calendar);
        var terms = alerting.Translate(spec["alertPolicies"], locate, errors, notes, name);
        var objectives = new JsonArray();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var items = spec["objectives"] as JsonArray ?? [];
        if (items.Count == 0)
        {
            errors.Add(new DocumentError(locate("spec.objectives"), "spec.objectives", "an OpenSLO SLO needs at least one objective."));
        }
        for (var i = 0; i < items.Count; i++)
        {
            var o = items[i] as JsonObject ?? [];
            var display = o["displayName"]?.ToString();
            var objectiveName = UniqueName(display is null ? name : ResourceName.Slug(display), used, i);
            var indicator = IndicatorName(o, service, result, notes, name) ?? sloIndicator;
            var objective = new JsonObject
            {
                ["name"] = objectiveName,
                ["displayName"] = display,
                ["indicator"] = indicator,
                ["target"] = Percent(o, "target", "targetPercent"),
                ["window"] = window?.DeepClone(),
                ["calendar"] = calendar,
                ["budgeting"] = spec["budgetingMethod"]?.DeepClone(),
                ["alerting"] = terms?.DeepClone(),
            };
            if (o["value"] is not null)
            {
                // OpenSLO writes op on ratio objectives too; only a value makes it a threshold.
                objective["threshold"] = new JsonObject { ["op"] = o["op"]?.DeepClone(), ["value"] = o["value"]?.DeepClone() };
            }
            if (o["timeSliceWindow"] is not null || o["timeSliceTarget"] is not null)
            {
                var sliceWindow = o["timeSliceWindow"] is JsonValue v && v.TryGetValue<decimal>(out var minutes)
                    ? $"{minutes.ToString(CultureInfo.InvariantCulture)}m"
                    : o["timeSliceWindow"]?.ToString();
                objective["timeSlice"] = new JsonObject { ["window"] = sliceWindow, ["target"] = Percent(o, "timeSliceTarget", null) };
            }
            objectives.Add(objective);
        }
        var agreement = new JsonObject
        {
            ["kind"] = "Expectation",
            ["status"] = "Active",
            ["description"] = spec["description"]?.DeepClone(),
            ["services"] = service is null ? new JsonArray() : new JsonArray(service),
            ["objectives"] = objectives,
        };
        result.Add((ResourceKind.Agreement, metadata, agreement));
        return result;
    }

    private static JsonObject? Window(JsonObject spec, Func<string, SourceLocation> locate, List<DocumentError> errors,
        List<(ResourceKind, JsonObject, JsonObject)> result, out string? calendar)
    {
        calendar = null;
        if (spec["timeWindow"] is not JsonArray { Count: > 0 } windows || windows[0] is not JsonObject w)
        {
            return null; // OpenSLM's default window applies
        }
        var duration = w["duration"]?.ToString() ?? string.Empty;
        var rolling = w["isRolling"]?.GetValue<bool>() ?? w["calendar"] is null;
        if (rolling)
        {
            return new JsonObject { ["rolling"] = duration };
        }
        string? period = duration switch
        {
            "1w" or "7d" => "Week",
            "1M" => "Month",
            "1Q" or "3M" => "Quarter",
            "1Y" or "12M" => "Year",
            _ => null,
        };
        if (period is null)
        {
            var hint = duration.EndsWith('m') ? " ('m' means minutes in OpenSLO: for a month write 1M)" : string.Empty;
            errors.Add(new DocumentError(locate("spec.timeWindow[0].duration"), "spec.timeWindow[0].duration",
                $"'{duration}' is not a calendar window OpenSLM supports: expected 1w, 1M, 1Q or 1Y{hint}."));
            return null;
        }
        if (w["calendar"]?["timeZone"]?.ToString() is { } zone && zone != "UTC")
        {
            calendar = ResourceName.Slug($"24x7 {zone}");
            result.Add((ResourceKind.Calendar, new JsonObject { ["name"] = calendar, ["displayName"] = $"24x7, {zone}" },
                new JsonObject { ["timeZone"] = zone }));
        }
        return new JsonObject { ["calendar"] = period };
    }

    private static string? IndicatorName(JsonObject owner, string? service, List<(ResourceKind, JsonObject, JsonObject)> result, List<string> notes, string slo)
    {
        if (owner["indicatorRef"]?.ToString() is { } reference)
        {
            return reference;
        }
        if (owner["indicator"] is not JsonObject inline)
        {
            return null;
        }
        var metadata = Metadata(inline["metadata"] as JsonObject);
        var indicatorSpec = Indicator(inline["spec"] as JsonObject ?? [], service, $"the indicator of SLO {slo}", notes);
        result.Add((ResourceKind.Indicator, metadata, indicatorSpec));
        return metadata["name"]?.ToString();
    }

    private static JsonObject Indicator(JsonObject spec, string? service, string what, List<string> notes)
    {
        var result = Pick(spec, "description");
        if (service is not null)
        {
            result["service"] = service;
        }
        if (spec["ratioMetric"] is JsonObject ratio)
        {
            result["type"] = "Ratio";
            var good = Query(ratio["good"]);
            var bad = Query(ratio["bad"]);
            var total = Query(ratio["total"]);
            if (total is not null && (good ?? bad) is not null)
            {
                result["source"] = new JsonObject { ["type"] = SourceType(ratio["total"]), ["good"] = good, ["bad"] = bad, ["total"] = total };
            }
            else if (ratio["raw"] is not null)
            {
                notes.Add($"{what}: a raw ratio metric has no good/total queries; measurements must be pushed.");
            }
        }
        else if (spec["thresholdMetric"] is JsonObject threshold)
        {
            result["type"] = "Threshold";
            if (Query(threshold) is { } query)
            {
                result["source"] = new JsonObject { ["type"] = SourceType(threshold), ["query"] = query };
            }
        }
        return result;
    }

    private static string? Query(JsonNode? metric) => metric?["metricSource"]?["spec"] switch
    {
        JsonObject s when s["query"] is JsonValue q => q.ToString(),
        JsonObject s when s["promql"] is JsonValue q => q.ToString(),
        _ => null,
    };

    private static string SourceType(JsonNode? metric) => metric?["metricSource"]?["type"]?.ToString() ?? "Prometheus";

    private static JsonNode? Percent(JsonObject o, string fraction, string? percent)
    {
        if (o[fraction] is JsonValue f && f.TryGetValue<decimal>(out var value))
        {
            // 0.99 × 100 is 99.00 in decimal: written as 99.
            return JsonValue.Create(Core.Numbers.Normalize(value * 100m));
        }
        return percent is null ? null : o[percent]?.DeepClone();
    }

    private static JsonObject Metadata(JsonObject? metadata)
    {
        var result = new JsonObject
        {
            ["name"] = metadata?["name"]?.DeepClone(),
            ["displayName"] = metadata?["displayName"]?.DeepClone(),
        };
        foreach (var field in new[] { "labels", "annotations" })
        {
            if (metadata?[field] is JsonObject map)
            {
                // OpenSLO allows a list of values per label; OpenSLM keeps one text value.
                result[field] = new JsonObject(map.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key,
                    kv.Value is JsonArray list ? string.Join(",", list.Select(x => x?.ToString())) : kv.Value?.ToString())));
            }
        }
        return result;
    }

    private static JsonObject Pick(JsonObject spec, params string[] fields)
    {
        var result = new JsonObject();
        foreach (var f in fields)
        {
            if (spec[f] is not null)
            {
                result[f] = spec[f]!.DeepClone();
            }
        }
        return result;
    }

    private static string UniqueName(string candidate, HashSet<string> used, int index)
    {
        var name = candidate.Length == 0 ? $"objective-{index + 1}" : candidate;
        return used.Add(name) ? name : UniqueName($"{name}-{index + 1}", used, index);
    }
}
