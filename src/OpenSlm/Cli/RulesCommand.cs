using System.CommandLine;
using OpenSlm.Interop.Prometheus;

namespace OpenSlm.Cli;

/// <summary><c>slm rules prometheus</c>: Prometheus recording and alerting rules from Sloth and OpenSLO SLO specs.</summary>
internal static class RulesCommand
{
    public static Command Build()
    {
        var file = new Option<string>("--file", "-f") { Description = "YAML with Sloth (prometheus/v1, sloth.slok.dev/v1) or OpenSLO SLO specs. A file or a directory.", Required = true };
        var format = new Option<string>("--format") { Description = "prometheus (a rule file) or operator (prometheus-operator PrometheusRule resources).", DefaultValueFactory = _ => "prometheus" };
        format.AcceptOnlyFromAmong("prometheus", "operator");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var prometheus = new Command("prometheus", "Write recording rules (SLI error ratio per window, SLO metadata) and multiwindow burn-rate page and ticket alerts, as Sloth does.")
        {
            file, format, output,
        };
        prometheus.SetAction(parse =>
        {
            var read = RuleSpecs.ReadPath(parse.GetValue(file)!);
            if (!read.Ok)
            {
                return OfflineInput.Refused([.. read.Errors.Select(e => e.ToString())]);
            }
            var sources = read.Sources;
            var rules = PrometheusRules.Write(sources, parse.GetValue(format) == "operator" ? RulesFormat.Operator : RulesFormat.Prometheus);
            if (parse.GetValue(output) is { } target)
            {
                File.WriteAllText(target, rules);
            }
            else
            {
                Console.Out.Write(rules);
            }
            return 0;
        });
        return new Command("rules", "Generate monitoring rules from SLO specs.") { prometheus };
    }
}
