using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenSlm.Interop.Prometheus;
using OpenSlm.Interop.Yaml;
using OpenSlm.Testing;

namespace OpenSlm.Interop.Tests.Prometheus;

/// <summary>The rules written for Sloth's own examples against the rules Sloth generated for them (tests/data/sloth).</summary>
public sealed partial class PrometheusRulesTests
{
    private static readonly string Examples = RepositoryPaths.InData("sloth", "examples");

    /// <summary>Labels Sloth's example generator adds (cmd) or that name the generator (the info metric's).</summary>
    private static readonly HashSet<string> GeneratorLabels = ["cmd", "sloth_mode", "sloth_spec", "sloth_version"];

    public static TheoryData<string> Supported => new(
        "getting-started.yml", "home-wifi.yml", "k8s-getting-started.yml", "k8s-home-wifi.yml", "k8s-multifile.yml", "kubernetes-apiserver.yml",
        "multifile.yml", "no-alerts.yml", "openslo-getting-started.yml", "openslo-kubernetes-apiserver.yml", "raw-home-wifi.yml", "victoria-metrics.yml",
        "slo-plugin-getting-started.yml", "slo-plugin-k8s-getting-started.yml");

    public static TheoryData<string> Plugins => new(
        "plugin-getting-started.yml", "plugin-k8s-getting-started.yml", "contrib-slo-plugins.yml", "contrib-denominator-corrected.yaml");

    [Theory]
    [MemberData(nameof(Supported))]
    public void Every_example_gives_the_rules_sloth_generated_with_the_same_windows_factors_and_thresholds(string example)
    {
        var spec = RuleSpecs.Read(File.ReadAllText(Path.Combine(Examples, example)), example);
        Assert.True(spec.Ok, string.Join("; ", spec.Errors));
        var format = example.StartsWith("k8s", StringComparison.Ordinal) ? RulesFormat.Operator : RulesFormat.Prometheus;
        var ours = Rules(PrometheusRules.Write(spec.Sources, format));
        var sloth = Rules(File.ReadAllText(Path.Combine(Examples, "_gen", example)));

        Assert.Equal(sloth.Keys.Order(), ours.Keys.Order());
        foreach (var (key, expected) in sloth)
        {
            var actual = ours[key];
            Assert.True(Normal(expected["expr"]) == Normal(actual["expr"]), $"{example} {key}:\nSloth: {expected["expr"]}\nOpenSLM: {actual["expr"]}");
            // OpenSLM also writes the SLO's labels on alert rules (Sloth's alerts get them from the expression only).
            var labels = Labels(actual["labels"]);
            if (actual["alert"] is not null)
            {
                Assert.Equal(spec.Sources.SelectMany(s => s.Slos).Single(s => key.Contains($"-alerts-{s.Id}|", StringComparison.Ordinal)).Name, labels["sloth_slo"]);
                labels.Remove("sloth_id");
                labels.Remove("sloth_service");
                labels.Remove("sloth_slo");
            }
            Assert.Equal(Labels(expected["labels"]), labels);
            Assert.Equal(Labels(expected["annotations"]), Labels(actual["annotations"]));
        }
    }

    [Fact]
    public void The_default_factors_are_the_workbooks_and_every_window_is_recorded()
    {
        var spec = RuleSpecs.Read(File.ReadAllText(Path.Combine(Examples, "getting-started.yml")), "getting-started.yml");
        var rules = Rules(PrometheusRules.Write(spec.Sources, RulesFormat.Prometheus));
        var page = (string)rules["sloth-slo-alerts-myservice-requests-availability|MyServiceHighErrorRate|page"]["expr"]!;
        var ticket = (string)rules["sloth-slo-alerts-myservice-requests-availability|MyServiceHighErrorRate|ticket"]["expr"]!;
        Assert.Equal([("5m", "14.4"), ("1h", "14.4"), ("30m", "6"), ("6h", "6")], Thresholds(page));
        Assert.Equal([("2h", "3"), ("1d", "3"), ("6h", "1"), ("3d", "1")], Thresholds(ticket));
        Assert.Contains("> (14.4 * 0.001)", page, StringComparison.Ordinal);
        Assert.Equal(["1d", "1h", "2h", "30d", "30m", "3d", "5m", "6h"],
            rules.Keys.Where(k => k.Contains("slo:sli_error", StringComparison.Ordinal)).Select(k => k.Split('|')[2]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Plugins))]
    public void Specs_with_sloth_plugins_are_refused_with_the_reason(string example)
    {
        var spec = RuleSpecs.Read(File.ReadAllText(Path.Combine(Examples, example)), example);
        Assert.False(spec.Ok);
        Assert.Contains("only Sloth runs", string.Join("; ", spec.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_spec_names_the_field_and_what_was_expected()
    {
        var spec = RuleSpecs.Read("""
            version: prometheus/v1
            service: shop
            slos:
              - name: availability
                objective: 100
                sli: {events: {error_query: 'sum(rate(x{code="5xx"}[{{.window}}]))'}}
            """, "slos.yaml");
        var errors = string.Join("\n", spec.Errors);
        Assert.Contains("slos.yaml:5", errors, StringComparison.Ordinal);
        Assert.Contains("slos[0].objective: '100' is not an objective", errors, StringComparison.Ordinal);
        Assert.Contains("slos[0].sli.events.total_query: is required", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_is_read_as_one_set_an_slo_in_two_files_is_refused_and_an_empty_one_says_so()
    {
        var dir = Path.Combine(Path.GetTempPath(), "openslm-rules-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Assert.Contains("holds no .yaml or .yml file", string.Join("; ", RuleSpecs.ReadPath(dir).Errors), StringComparison.Ordinal);
            File.Copy(Path.Combine(Examples, "getting-started.yml"), Path.Combine(dir, "a.yml"));
            File.WriteAllText(Path.Combine(dir, "catalogue.yaml"), "apiVersion: openslm/v1\nkind: Service\nmetadata: {name: shop}\n");
            var one = RuleSpecs.ReadPath(dir);
            Assert.True(one.Ok, string.Join("; ", one.Errors));             // a file of other kinds is skipped
            Assert.Single(one.Sources.SelectMany(s => s.Slos));
            File.Copy(Path.Combine(Examples, "getting-started.yml"), Path.Combine(dir, "b.yml"));
            Assert.Contains("the SLO 'myservice-requests-availability' is defined more than once", string.Join("; ", RuleSpecs.ReadPath(dir).Errors), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Every rule by group, name and window (records) or severity (alerts).</summary>
    private static Dictionary<string, JsonObject> Rules(string yaml)
    {
        var rules = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var doc in YamlJson.Read(yaml, "rules.yaml"))
        {
            var groups = (doc.Root?["groups"] ?? doc.Root?["spec"]?["groups"]) as JsonArray ?? [];
            foreach (var group in groups.OfType<JsonObject>())
            {
                foreach (var rule in (group["rules"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var labels = rule["labels"] as JsonObject;
                    var qualifier = (string?)labels?["sloth_window"] ?? (string?)labels?["sloth_severity"] ?? string.Empty;
                    rules.Add($"{group["name"]}|{(string?)rule["record"] ?? (string?)rule["alert"]}|{qualifier}", rule);
                }
            }
        }
        return rules;
    }

    private static SortedDictionary<string, string> Labels(JsonNode? node) =>
        new((node as JsonObject ?? []).Where(kv => !GeneratorLabels.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? string.Empty), StringComparer.Ordinal);

    /// <summary>An expression without white space, its decimals to 12 significant digits (Sloth prints 1-0.999 as 0.0009999999999999432).</summary>
    private static string Normal(JsonNode? expr) =>
        Decimal().Replace(Regex.Replace((string)expr!, @"\s+", string.Empty), m =>
            double.Parse(m.Value, CultureInfo.InvariantCulture).ToString("G12", CultureInfo.InvariantCulture));

    private static List<(string Window, string Factor)> Thresholds(string expr) =>
        [.. Threshold().Matches(expr).Select(m => (m.Groups[1].Value, m.Groups[2].Value))];

    [GeneratedRegex(@"\d+\.\d+")]
    private static partial Regex Decimal();

    [GeneratedRegex(@"ratio_rate(\w+)\{[^}]*\} > \(([\d.]+) \*")]
    private static partial Regex Threshold();
}
