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
            var path = parse.GetValue(file)!;
            var paths = Directory.Exists(path)
                ? Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories).Where(p => p.EndsWith(".yaml", StringComparison.Ordinal) || p.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
                : [path];
            if (paths.Count == 1 && !OfflineInput.IsFile("--file", paths[0]))
            {
                return 2;
            }
            var sources = new List<RuleSource>();
            var errors = new List<string>();
            foreach (var p in paths)
            {
                var read = RuleSpecs.Read(File.ReadAllText(p), p);
                sources.AddRange(read.Sources);
                errors.AddRange(read.Errors.Select(e => e.ToString()));
            }
            if (errors.Count > 0)
            {
                return OfflineInput.Refused(errors);
            }
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
