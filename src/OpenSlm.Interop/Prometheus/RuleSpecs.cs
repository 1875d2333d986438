using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;
using OpenSlm.Core.Calendars;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Yaml;

namespace OpenSlm.Interop.Prometheus;

/// <summary>One alert of an SLO (page or ticket): off, or with its own labels and annotations.</summary>
public sealed record AlertTarget(bool Disabled, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations)
{
    /// <summary>On, with nothing of its own.</summary>
    public static AlertTarget On { get; } = new(false, new Dictionary<string, string>(), new Dictionary<string, string>());
}

/// <summary>
/// One SLO to write rules for: its SLI as PromQL with a <c>{{.window}}</c> placeholder — error and total
/// queries, good and total queries, or one error-ratio query — its objective in percent, its period and its alerts.
/// </summary>
public sealed record RuleSlo(
    string Service,
    string Name,
    decimal Objective,
    Duration Period,
    string? Description,
    IReadOnlyDictionary<string, string> Labels,
    string? ErrorQuery,
    string? GoodQuery,
    string? TotalQuery,
    string? ErrorRatioQuery,
    string? AlertName,
    IReadOnlyDictionary<string, string> AlertLabels,
    IReadOnlyDictionary<string, string> AlertAnnotations,
    AlertTarget Page,
    AlertTarget Ticket)
{
    /// <summary>Unique across the files: service and name.</summary>
    public string Id => $"{Service}-{Name}";
}

/// <summary>The SLOs of one spec document, and what it was (for the PrometheusRule variant's name and namespace).</summary>
public sealed record RuleSource(string Spec, string? Name, string? Namespace, IReadOnlyList<RuleSlo> Slos);

/// <summary>The specs read, or every problem found.</summary>
public sealed record RuleSpecFile(IReadOnlyList<RuleSource> Sources, IReadOnlyList<DocumentError> Errors)
{
    /// <summary>Whether every document was read.</summary>
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Reads the SLO specs rules are generated from, in the formats Sloth reads: Sloth's own
/// (<c>version: prometheus/v1</c>), its Kubernetes resource (<c>sloth.slok.dev/v1</c> PrometheusServiceLevel) and
/// OpenSLO SLOs (<c>openslo/v1alpha</c> and <c>openslo/v1</c>, ratio metrics with PromQL queries). Other documents in
/// the stream (OpenSLM's own kinds, Sloth AlertWindows) are skipped.
/// </summary>
public static class RuleSpecs
{
    /// <summary>The period an SLO without one is given (Sloth's default).</summary>
    public static Duration DefaultPeriod { get; } = Duration.FromDays(30);

    /// <summary>Reads every spec in a YAML stream.</summary>
    public static RuleSpecFile Read(string text, string file) => Checked([ReadOne(text, file)], file);

    /// <summary>Reads every spec of a file, or of every <c>.yaml</c>/<c>.yml</c> file under a directory, as one set.</summary>
    public static RuleSpecFile ReadPath(string path)
    {
        if (DocumentReader.YamlFiles(path) is not { Count: > 0 } files)
        {
            return new RuleSpecFile([], [new DocumentError(new SourceLocation(path, 0, 0), string.Empty,
                Directory.Exists(path) ? "holds no .yaml or .yml file." : "no such file or directory.")]);
        }
        return Checked([.. files.Select(f => InputFiles.ReadText(f) is (var text, null) ? ReadOne(text!, f) : new RuleSpecFile([], [InputFiles.ReadText(f).Error!]))], path);
    }

    /// <summary>
    /// The specs of several files as one set: an SLO id defined twice anywhere would give Prometheus two groups of one
    /// name, and a set with no spec at all is surely not what was meant.
    /// </summary>
    private static RuleSpecFile Checked(IReadOnlyList<RuleSpecFile> files, string read)
    {
        var errors = files.SelectMany(f => f.Errors).ToList();
        var sources = files.SelectMany(f => f.Sources).ToList();
        var duplicate = sources.SelectMany(s => s.Slos).GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        errors.AddRange(duplicate.Select(id => new DocumentError(new SourceLocation(read, 0, 0), string.Empty, $"the SLO '{id}' is defined more than once.")));
        if (errors.Count == 0 && sources.Count == 0)
        {
            errors.Add(new DocumentError(new SourceLocation(read, 0, 0), string.Empty,
                "holds no SLO spec: expected Sloth (version: prometheus/v1, or sloth.slok.dev/v1 PrometheusServiceLevel) or OpenSLO (kind: SLO)."));
        }
        return errors.Count > 0 ? new RuleSpecFile([], errors) : new RuleSpecFile(sources, []);
    }

    /// <summary>The specs of one YAML stream, or the problems found in it; other documents are skipped.</summary>
    private static RuleSpecFile ReadOne(string text, string file)
    {
        IReadOnlyList<YamlSourceDocument> documents;
        try
        {
            documents = YamlJson.Read(text, file);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            return new RuleSpecFile([], [new DocumentError(new SourceLocation(file, (int)ex.Start.Line, (int)ex.Start.Column), string.Empty, $"is not valid YAML: {ex.Message}")]);
        }
        var sources = new List<RuleSource>();
        var errors = new List<DocumentError>();
        foreach (var doc in documents)
        {
            if (doc.Root is not JsonObject root)
            {
                continue;
            }
            var reader = new Reader(doc, errors);
            var apiVersion = Text(root["apiVersion"]);
            var kind = Text(root["kind"]);
            if (Text(root["version"]) == "prometheus/v1")
            {
                sources.Add(new RuleSource("prometheus/v1", null, null, reader.Sloth(root, string.Empty, snake: true)));
            }
            else if (apiVersion == "sloth.slok.dev/v1" && kind == "PrometheusServiceLevel")
            {
                var metadata = root["metadata"] as JsonObject;
                sources.Add(new RuleSource("sloth.slok.dev/v1", Text(metadata?["name"]), Text(metadata?["namespace"]),
                    reader.Sloth(root["spec"] as JsonObject ?? [], "spec.", snake: false)));
            }
            else if (apiVersion is "openslo/v1alpha" or "openslo/v1" && kind == "SLO")
            {
                sources.Add(new RuleSource(apiVersion, Text((root["metadata"] as JsonObject)?["name"]), null, reader.OpenSlo(root)));
            }
        }
        return new RuleSpecFile(sources, errors);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v ? v.ToString() : null;

    private sealed class Reader(YamlSourceDocument doc, List<DocumentError> errors)
    {
        private void Fail(string path, string message) => errors.Add(new DocumentError(doc.Locate(path), path, message));

        private Dictionary<string, string> Map(JsonNode? node, string path)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (node is null)
            {
                return map;
            }
            if (node is not JsonObject o)
            {
                Fail(path, "expected a map of names to values.");
                return map;
            }
            foreach (var (key, value) in o)
            {
                map[key] = Text(value) ?? string.Empty;
            }
            return map;
        }

        private string? Required(JsonObject o, string key, string path, string what)
        {
            var value = Text(o[key]);
            if (string.IsNullOrWhiteSpace(value))
            {
                Fail(path + key, $"is required: {what}.");
                return null;
            }
            return value;
        }

        /// <summary>Sloth's spec; the YAML file form uses snake_case keys, the Kubernetes resource camelCase.</summary>
        public List<RuleSlo> Sloth(JsonObject spec, string prefix, bool snake)
        {
            string K(string camel) => snake ? string.Concat(camel.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString())) : camel;
            var result = new List<RuleSlo>();
            Plugins(spec[K("sloPlugins")], prefix + K("sloPlugins"));
            var service = Required(spec, "service", prefix, "the service the SLOs are for");
            var labels = Map(spec["labels"], prefix + "labels");
            if (spec["slos"] is not JsonArray slos || slos.Count == 0)
            {
                Fail(prefix + "slos", "is required: at least one SLO.");
                return result;
            }
            for (var i = 0; i < slos.Count; i++)
            {
                var path = $"{prefix}slos[{i}].";
                if (slos[i] is not JsonObject slo)
                {
                    Fail(path, "expected an SLO.");
                    continue;
                }
                var name = Required(slo, "name", path, "the SLO's name");
                Plugins(slo["plugins"], path + "plugins");
                var objective = Objective(slo["objective"], path + "objective", percent: true);
                var sli = slo["sli"] as JsonObject;
                string? error = null, total = null, ratio = null;
                if (sli?["events"] is JsonObject events)
                {
                    error = Required(events, K("errorQuery"), path + "sli.events.", "the PromQL counting bad events, with {{.window}}");
                    total = Required(events, K("totalQuery"), path + "sli.events.", "the PromQL counting all events, with {{.window}}");
                }
                else if (sli?["raw"] is JsonObject raw)
                {
                    ratio = Required(raw, K("errorRatioQuery"), path + "sli.raw.", "the PromQL giving the error ratio, with {{.window}}");
                }
                else if (sli?["plugin"] is not null)
                {
                    Fail(path + "sli.plugin", "Sloth SLI plugins are Go code that only Sloth runs: give the SLI as events (errorQuery and totalQuery) or raw (errorRatioQuery).");
                }
                else
                {
                    Fail(path + "sli", "is required: events (errorQuery and totalQuery) or raw (errorRatioQuery).");
                }
                var alerting = slo["alerting"] as JsonObject ?? [];
                var allLabels = new Dictionary<string, string>(labels, StringComparer.Ordinal);
                foreach (var (k, v) in Map(slo["labels"], path + "labels"))
                {
                    allLabels[k] = v;
                }
                if (name is null || service is null || objective is null || (ratio is null && (error is null || total is null)))
                {
                    continue;
                }
                result.Add(new RuleSlo(service, name, objective.Value, DefaultPeriod, Text(slo["description"]), allLabels, error, null, total, ratio,
                    Text(alerting["name"]), Map(alerting["labels"], path + "alerting.labels"), Map(alerting["annotations"], path + "alerting.annotations"),
                    Target(alerting[K("pageAlert")] as JsonObject, path + "alerting." + K("pageAlert")),
                    Target(alerting[K("ticketAlert")] as JsonObject, path + "alerting." + K("ticketAlert"))));
            }
            return result;
        }

        /// <summary>
        /// Refuses Sloth SLO plugins that change the rules. Sloth's own core plugins (sloth.dev/core/…: its default
        /// rules) and validation plugins (…/validate_…) change nothing, so they are accepted and ignored.
        /// </summary>
        private void Plugins(JsonNode? plugins, string path)
        {
            foreach (var id in ((plugins as JsonObject)?["chain"] as JsonArray ?? []).Select(p => Text((p as JsonObject)?["id"])))
            {
                if (id is not null && !id.StartsWith("sloth.dev/core/", StringComparison.Ordinal) && !id.Contains("/validate_", StringComparison.Ordinal))
                {
                    Fail(path, $"the SLO plugin '{id}' changes the rules Sloth writes, and Sloth plugins are Go code that only Sloth runs: remove it (Sloth's core and validation plugins are accepted).");
                }
            }
        }

        private AlertTarget Target(JsonObject? o, string path) => o is null
            ? AlertTarget.On
            : new AlertTarget(o["disable"] is JsonValue d && d.TryGetValue<bool>(out var off) && off, Map(o["labels"], path + ".labels"), Map(o["annotations"], path + ".annotations"));

        /// <summary>An OpenSLO SLO: one Sloth-style SLO per objective, named {name}-{index} as Sloth names them.</summary>
        public List<RuleSlo> OpenSlo(JsonObject root)
        {
            var result = new List<RuleSlo>();
            var name = Required(root["metadata"] as JsonObject ?? [], "name", "metadata.", "the SLO's name");
            var spec = root["spec"] as JsonObject ?? [];
            var service = Required(spec, "service", "spec.", "the service the SLO is for");
            var period = DefaultPeriod;
            if (spec["timeWindows"] is JsonArray { Count: > 0 } windows && windows[0] is JsonObject window)
            {
                var count = int.TryParse(Text(window["count"]), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
                var unit = Text(window["unit"])?.ToLowerInvariant();
                var text = unit switch { "day" => $"{count}d", "hour" => $"{count}h", "minute" => $"{count}m", "week" => $"{count * 7}d", _ => null };
                if (DurationText.TryParse(text) is { } d)
                {
                    period = d;
                }
                else
                {
                    Fail("spec.timeWindows[0]", $"'{count} {Text(window["unit"])}' is not a rolling window rules can be written for: give count and unit Minute, Hour, Day or Week.");
                }
            }
            if (spec["objectives"] is not JsonArray objectives || objectives.Count == 0)
            {
                Fail("spec.objectives", "is required: at least one objective.");
                return result;
            }
            for (var i = 0; i < objectives.Count; i++)
            {
                var path = $"spec.objectives[{i}].";
                var objective = objectives[i] as JsonObject ?? [];
                var target = Objective(objective["target"], path + "target", percent: false);
                var metrics = (objective["ratioMetrics"] ?? objective["ratioMetric"]) as JsonObject;
                if (metrics is null)
                {
                    Fail(path + "ratioMetrics", "is required: rules are written for ratio metrics (good or bad, and total) with PromQL queries.");
                    continue;
                }
                string? Query(string key) => (metrics[key] as JsonObject) is { } m
                    ? Text(m["query"]) ?? Text((m["metricSource"] as JsonObject)?["spec"]?["query"])
                    : null;
                var (good, bad, total) = (Query("good"), Query("bad"), Query("total"));
                if (total is null || (good is null) == (bad is null))
                {
                    Fail(path + "ratioMetrics", "needs total and exactly one of good or bad, each with a PromQL query.");
                    continue;
                }
                if (name is null || service is null || target is null)
                {
                    continue;
                }
                // As Sloth does, an OpenSLO SLO gets recording rules only: its alert policies are not turned into rules.
                var empty = new Dictionary<string, string>();
                var off = new AlertTarget(true, empty, empty);
                result.Add(new RuleSlo(service, $"{name}-{i}", target.Value, period, Text(spec["description"]), empty, bad, good, total, null,
                    null, empty, empty, off, off));
            }
            return result;
        }

        /// <summary>The objective in percent: Sloth writes percent (99.9), OpenSLO a ratio (0.999).</summary>
        private decimal? Objective(JsonNode? node, string path, bool percent)
        {
            if (node is JsonValue v && decimal.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && (percent ? value is > 0 and < 100 : value is > 0 and < 1))
            {
                return percent ? value : value * 100m;
            }
            Fail(path, percent
                ? $"'{Text(node)}' is not an objective: a percentage above 0 and below 100, for example 99.9."
                : $"'{Text(node)}' is not a target: a ratio above 0 and below 1, for example 0.999.");
            return null;
        }
    }
}
