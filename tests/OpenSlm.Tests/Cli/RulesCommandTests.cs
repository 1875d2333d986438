using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpenSlm.Testing;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Cli;

/// <summary><c>slm rules prometheus</c> over Sloth's examples: checked by promtool and loaded into a real Prometheus.</summary>
public sealed class RulesCommandTests
{
    private static readonly string Examples = RepositoryPaths.InData("sloth", "examples");

    /// <summary>Every Sloth-format example for a Prometheus (victoria-metrics.yml's queries are MetricsQL, which Prometheus does not parse).</summary>
    private static readonly string[] RuleFiles =
    [
        "getting-started.yml", "home-wifi.yml", "kubernetes-apiserver.yml", "multifile.yml", "no-alerts.yml",
        "openslo-getting-started.yml", "openslo-kubernetes-apiserver.yml", "raw-home-wifi.yml", "slo-plugin-getting-started.yml",
    ];

    [Fact]
    public async Task Rules_for_slothʼs_examples_pass_promtool_and_a_real_prometheus_evaluates_every_one()
    {
        PrometheusServer.Require();
        var dir = SlmProcess.TempDir();
        var written = new List<string>();
        var expected = 0;
        foreach (var example in RuleFiles)
        {
            var output = Path.Combine(dir, Path.ChangeExtension(example, ".rules.yml"));
            var run = await SlmProcess.RunAsync("rules", "prometheus", "-f", Path.Combine(Examples, example), "-o", output);
            Assert.True(run.ExitCode == 0, run.Error);
            var check = await PrometheusServer.PromtoolAsync("check", "rules", "--lint=all", "--lint-fatal", output);
            Assert.True(check.Code == 0, check.Output);
            Assert.Contains("SUCCESS", check.Output, StringComparison.Ordinal);
            expected += int.Parse(System.Text.RegularExpressions.Regex.Match(check.Output, @"SUCCESS: (\d+) rules found").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            written.Add(output);
        }

        // The operator variant is a PrometheusRule resource whose spec is a rule file.
        var k8s = await SlmProcess.RunAsync("rules", "prometheus", "-f", Path.Combine(Examples, "k8s-getting-started.yml"), "--format", "operator");
        Assert.Equal(0, k8s.ExitCode);
        Assert.Contains("kind: PrometheusRule", k8s.Output, StringComparison.Ordinal);
        Assert.Contains("namespace: monitoring", k8s.Output, StringComparison.Ordinal);

        // Each example's rules in a Prometheus of their own: several examples describe the same service and SLO (getting
        // started in Sloth's, OpenSLO's and the plugin's form), and two groups writing one series would trip over each other.
        var rules = new List<JsonNode>();
        foreach (var file in written)
        {
            var check = await PrometheusServer.PromtoolAsync("check", "rules", file);
            var own = int.Parse(System.Text.RegularExpressions.Regex.Match(check.Output, @"SUCCESS: (\d+) rules found").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            await using var prometheus = await PrometheusServer.StartAsync(
                "# TYPE http_request_duration_seconds_count counter\nhttp_request_duration_seconds_count{job=\"myservice\",code=\"200\"} 1 1700000000\n# EOF\n", [file]);
            using var http = new HttpClient { BaseAddress = prometheus.Url };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            List<JsonNode> loaded;
            while (true)
            {
                var answer = await http.GetFromJsonAsync<JsonObject>("api/v1/rules");
                loaded = [.. answer!["data"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!)];
                if (loaded.Count == own && loaded.All(r => (string?)r["health"] == "ok") || DateTime.UtcNow > deadline)
                {
                    break;
                }
                await Task.Delay(500);
            }
            Assert.All(loaded, r => Assert.True((string?)r["health"] == "ok", $"{Path.GetFileName(file)}: {r["name"]}: {r["health"]} {r["lastError"]}"));
            rules.AddRange(loaded);
        }
        Assert.Equal(expected, rules.Count);
        Assert.Contains(rules, r => (string?)r["type"] == "alerting");
    }

    [Fact]
    public async Task A_spec_with_a_plugin_is_refused_with_the_reason()
    {
        var run = await SlmProcess.RunAsync("rules", "prometheus", "-f", Path.Combine(Examples, "contrib-denominator-corrected.yaml"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("denominator_corrected_rules", run.Error, StringComparison.Ordinal);
    }
}
