using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NodaTime;
using OpenSlm.Core.Alerting;
using OpenSlm.Core.Calendars;
using OpenSlm.Interop.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpenSlm.Interop.Prometheus;

/// <summary>How the rules are packaged.</summary>
public enum RulesFormat
{
    /// <summary>A Prometheus rule file (<c>groups:</c>), for <c>rule_files</c>.</summary>
    Prometheus,

    /// <summary>prometheus-operator PrometheusRule resources, one per spec document.</summary>
    Operator,
}

/// <summary>
/// Writes Prometheus recording and alerting rules for SLOs, equivalent to Sloth's: the SLI error ratio recorded over
/// every alert window and the period, the SLO's metadata, and the multiwindow, multi-burn-rate page and ticket alerts
/// (<see cref="BurnRateAlerts.Default"/>). Rule and label names are Sloth's (<c>slo:sli_error:ratio_rate5m</c>,
/// <c>sloth_id</c>, <c>sloth_window</c>…) so that Sloth's dashboards and alert routes work unchanged.
/// </summary>
public static partial class PrometheusRules
{
    /// <summary>The rules of every SLO of the sources, as YAML.</summary>
    public static string Write(IReadOnlyList<RuleSource> sources, RulesFormat format)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (format == RulesFormat.Prometheus)
        {
            return Yaml([new JsonObject { ["groups"] = new JsonArray([.. sources.SelectMany(s => s.Slos).SelectMany(Groups)]) }]);
        }
        return Yaml([.. sources.Select(source => (JsonNode)new JsonObject
        {
            ["apiVersion"] = "monitoring.coreos.com/v1",
            ["kind"] = "PrometheusRule",
            ["metadata"] = Metadata(source),
            ["spec"] = new JsonObject { ["groups"] = new JsonArray([.. source.Slos.SelectMany(Groups)]) },
        })]);
    }

    private static JsonObject Metadata(RuleSource source)
    {
        var metadata = new JsonObject
        {
            ["name"] = source.Name ?? $"openslm-{(source.Slos.Count > 0 ? source.Slos[0].Service : "slos")}",
            ["labels"] = new JsonObject { ["app.kubernetes.io/component"] = "SLO", ["app.kubernetes.io/managed-by"] = "openslm" },
        };
        if (source.Namespace is not null)
        {
            metadata["namespace"] = source.Namespace;
        }
        return metadata;
    }

    private static IEnumerable<JsonNode> Groups(RuleSlo slo)
    {
        var conditions = BurnRateAlerts.Default(slo.Period);
        var windows = BurnRateAlerts.Windows(conditions);
        var shortest = Window(windows[0]);
        var period = Window(slo.Period);
        var selector = $"{{sloth_id=\"{slo.Id}\", sloth_service=\"{slo.Service}\", sloth_slo=\"{slo.Name}\"}}";
        var ratio = Number(slo.Objective / 100m);

        var sli = new JsonArray();
        foreach (var window in windows.Where(w => w < slo.Period).Select(Window))
        {
            sli.Add(Record($"slo:sli_error:ratio_rate{window}", SliExpression(slo, window), Labels(slo, ("sloth_window", window))));
        }
        sli.Add(Record($"slo:sli_error:ratio_rate{period}",
            $"sum_over_time(slo:sli_error:ratio_rate{shortest}{selector}[{period}])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate{shortest}{selector}[{period}])\n",
            Labels(slo, ("sloth_window", period))));
        yield return Group($"sloth-slo-sli-recordings-{slo.Id}", sli);

        yield return Group($"sloth-slo-meta-recordings-{slo.Id}",
        [
            Record("slo:objective:ratio", $"vector({ratio})", Labels(slo)),
            Record("slo:error_budget:ratio", $"vector(1-{ratio})", Labels(slo)),
            Record("slo:time_period:days", $"vector({Number((decimal)slo.Period.TotalDays)})", Labels(slo)),
            Record("slo:current_burn_rate:ratio",
                $"slo:sli_error:ratio_rate{shortest}{selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio{selector}\n", Labels(slo)),
            Record("slo:period_burn_rate:ratio",
                $"slo:sli_error:ratio_rate{period}{selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio{selector}\n", Labels(slo)),
            Record("slo:period_error_budget_remaining:ratio", $"1 - slo:period_burn_rate:ratio{selector}", Labels(slo)),
            Record("sloth_slo_info", "vector(1)", Labels(slo,
                ("sloth_mode", "openslm-rules"), ("sloth_objective", Number(slo.Objective)), ("sloth_spec", "openslm/v1"), ("sloth_version", "openslm"))),
        ]);

        var alerts = new JsonArray();
        var budget = Number(1m - (slo.Objective / 100m));
        foreach (var (severity, target) in new[] { (AlertSeverity.Page, slo.Page), (AlertSeverity.Ticket, slo.Ticket) })
        {
            if (target.Disabled)
            {
                continue;
            }
            var parts = conditions.Where(c => c.Severity == severity).Select(c =>
                $"(\n    max(slo:sli_error:ratio_rate{Window(c.ShortWindow)}{selector} > ({Number(c.Factor)} * {budget})) without (sloth_window)\n" +
                $"    and\n    max(slo:sli_error:ratio_rate{Window(c.LongWindow)}{selector} > ({Number(c.Factor)} * {budget})) without (sloth_window)\n)");
            var name = severity.ToString().ToLowerInvariant();
            var labels = new JsonObject();
            foreach (var (k, v) in slo.AlertLabels.Concat(target.Labels))
            {
                labels[k] = v;
            }
            // The SLO's labels are on the alert's series anyway (the expression keeps them); written on the rule too,
            // alerts of one name for several SLOs stay distinct rules (promtool's duplicate-rules lint).
            labels["sloth_id"] = slo.Id;
            labels["sloth_service"] = slo.Service;
            labels["sloth_slo"] = slo.Name;
            labels["sloth_severity"] = name;
            var annotations = new JsonObject
            {
                ["summary"] = "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.",
                ["title"] = $"({name}) {{{{$labels.sloth_service}}}} {{{{$labels.sloth_slo}}}} SLO error budget burn rate is too fast.",
            };
            foreach (var (k, v) in slo.AlertAnnotations.Concat(target.Annotations))
            {
                annotations[k] = v;
            }
            alerts.Add(new JsonObject
            {
                ["alert"] = slo.AlertName ?? $"{Pascal(slo.Service)}{Pascal(slo.Name)}BudgetBurn",
                ["expr"] = string.Join("\nor\n", parts) + "\n",
                ["labels"] = labels,
                ["annotations"] = annotations,
            });
        }
        if (alerts.Count > 0)
        {
            yield return Group($"sloth-slo-alerts-{slo.Id}", alerts);
        }
    }

    /// <summary>The SLI's error ratio over one window, as Sloth writes it for each kind of SLI.</summary>
    private static string SliExpression(RuleSlo slo, string window)
    {
        string W(string query) => WindowTemplate().Replace(query.Trim(), window);
        if (slo.ErrorRatioQuery is { } ratio)
        {
            return $"({W(ratio)})\n";
        }
        if (slo.GoodQuery is { } good)
        {
            return $"(\n  1 - (\n    (\n      {W(good)}\n    )\n    /\n    (\n      {W(slo.TotalQuery!)}\n    )\n  )\n)\n";
        }
        return $"({W(slo.ErrorQuery!)})\n/\n({W(slo.TotalQuery!)})\n";
    }

    [GeneratedRegex(@"\{\{\s*\.window\s*\}\}")]
    private static partial Regex WindowTemplate();

    private static JsonObject Labels(RuleSlo slo, params (string Key, string Value)[] extra)
    {
        var labels = new JsonObject();
        foreach (var (k, v) in slo.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            labels[k] = v;
        }
        labels["sloth_id"] = slo.Id;
        labels["sloth_service"] = slo.Service;
        labels["sloth_slo"] = slo.Name;
        foreach (var (k, v) in extra)
        {
            labels[k] = v;
        }
        return labels;
    }

    private static JsonObject Record(string name, string expr, JsonObject labels) =>
        new() { ["record"] = name, ["expr"] = expr, ["labels"] = labels };

    private static JsonObject Group(string name, JsonArray rules) => new() { ["name"] = name, ["rules"] = rules };

    private static string Window(Duration d) => DurationText.Format(d);

    /// <summary>A decimal without trailing zeros (0.999, 14.4, 6).</summary>
    private static string Number(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    private static string Pascal(string name) =>
        string.Concat(name.Split(['-', '_', '.', ' '], StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    /// <summary>YAML with multi-line expressions as literal blocks, as rule files are usually written.</summary>
    private static string Yaml(IReadOnlyList<JsonNode> documents)
    {
        var text = YamlJson.Write(documents);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        foreach (var doc in stream.Documents)
        {
            Literal(doc.RootNode);
        }
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            if (i > 0)
            {
                writer.Write("---\n");
            }
            using var part = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
            new YamlStream(stream.Documents[i]).Save(part, assignAnchors: false);
            var body = part.ToString();
            writer.Write(body.EndsWith("...\n", StringComparison.Ordinal) ? body[..^4] : body);
        }
        return writer.ToString();
    }

    private static void Literal(YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { } value } scalar when value.Contains('\n', StringComparison.Ordinal):
                scalar.Style = ScalarStyle.Literal;
                break;
            case YamlMappingNode map:
                foreach (var child in map.Children.Values)
                {
                    Literal(child);
                }
                break;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                {
                    Literal(child);
                }
                break;
        }
    }
}
