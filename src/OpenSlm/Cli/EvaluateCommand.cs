using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Measurements;

namespace OpenSlm.Cli;

/// <summary><c>slm evaluate</c>: objectives from YAML judged against measurements from CSV, with no server or database.</summary>
internal static class EvaluateCommand
{
    public static Command Build()
    {
        var file = new Option<string>("--file", "-f") { Description = "YAML with the objectives: OpenSLO v1 SLOs, or openslm/v1 Agreements (with Calendars where needed). A file or a directory.", Required = true };
        var measurements = new Option<string>("--measurements", "-m") { Description = "CSV with the header timestamp,indicator,good,total (or bad,total, or value).", Required = true };
        var at = new Option<string?>("--at") { Description = "The instant to evaluate at, ISO 8601 (e.g. 2025-03-31T23:59:00Z); default now." };
        var format = new Option<string>("--format") { Description = "json or table.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "table");
        var command = new Command("evaluate",
            "Evaluate objectives offline: attainment, error budget, burn rates (5m … 3d and the window), projected exhaustion and status, per objective.")
        {
            file, measurements, at, format,
        };
        command.SetAction(parse =>
        {
            if (OfflineInput.At(parse.GetValue(at)) is not { } now || !OfflineInput.IsFile("--measurements", parse.GetValue(measurements)!))
            {
                return 2;
            }
            var (results, errors) = Run(DocumentReader.ReadPath(parse.GetValue(file)!), MeasurementCsv.ReadFile(parse.GetValue(measurements)!), now);
            if (errors.Count > 0)
            {
                return OfflineInput.Refused(errors);
            }
            Console.Out.Write(parse.GetValue(format) == "table" ? Table(results) : Json(results));
            return 0;
        });
        return command;
    }

    /// <summary>One objective's evaluation, with what identifies it.</summary>
    internal sealed record Result(string Agreement, ObjectiveSpec Objective, ObjectiveEvaluation Evaluation);

    internal static (IReadOnlyList<Result> Results, IReadOnlyList<string> Errors) Run(ReadResult documents, MeasurementFile measurements, Instant now)
    {
        var errors = documents.Errors.Select(e => e.ToString()).Concat(measurements.Errors.Select(e => e.ToString())).ToList();
        if (errors.Count > 0)
        {
            return ([], errors);
        }
        var calendars = documents.Documents.Where(d => d.Kind == ResourceKind.Calendar).ToDictionary(d => d.Name, d => (CalendarSpec)d.Spec);
        var byIndicator = measurements.Rows.GroupBy(r => r.Indicator).ToDictionary(g => g.Key, g => g.ToList());
        var results = new List<Result>();
        foreach (var doc in documents.Documents.Where(d => d.Kind == ResourceKind.Agreement))
        {
            var agreement = (AgreementSpec)doc.Spec;
            var clocks = new Dictionary<string, BusinessClock>(StringComparer.Ordinal);
            foreach (var objective in agreement.Objectives)
            {
                var where = $"{doc.Source}: agreement/{doc.Name}: objective {objective.Name}";
                var clock = BusinessClock.AlwaysOpen;
                if (objective.Calendar is { } name && !clocks.TryGetValue(name, out clock))
                {
                    if (!calendars.TryGetValue(name, out var calendar))
                    {
                        errors.Add($"{where}: calendar '{name}' is not in the files given.");
                        continue;
                    }
                    clock = ObjectivePlan.ClockFor(agreement, calendar);
                    clocks[name] = clock;
                }
                var plan = ObjectivePlan.For(objective, clock);
                var series = Series(objective, byIndicator.GetValueOrDefault(objective.Indicator) ?? [], where, errors);
                if (series is not null)
                {
                    results.Add(new Result(doc.Name, objective, plan.Evaluate(series, now)));
                }
            }
        }
        return errors.Count > 0 ? ([], errors) : (results, []);
    }

    /// <summary>Counts for ratio objectives; for threshold objectives, each value is one event, good when it meets the threshold.</summary>
    private static RatioSeries? Series(ObjectiveSpec objective, List<MeasurementRow> rows, string where, List<string> errors)
    {
        if (objective.Threshold is { } threshold)
        {
            if (rows.FirstOrDefault(r => r.Value is null) is { } counted)
            {
                errors.Add($"{where}: has a threshold, so indicator '{objective.Indicator}' needs value rows, but line {counted.Line} has counts.");
                return null;
            }
            return RatioSeries.Judged(rows.Select(r => (r.At, r.Value!.Value)), threshold);
        }
        if (rows.FirstOrDefault(r => r.Total is null) is { } valued)
        {
            errors.Add($"{where}: indicator '{objective.Indicator}' has values (line {valued.Line}); give the objective a threshold (op and value) to judge them.");
            return null;
        }
        return RatioSeries.From(rows.Select(r => new RatioMeasurement(r.At, r.Good!.Value, r.Total!.Value)));
    }

    internal static string Json(IReadOnlyList<Result> results) =>
        JsonSerializer.Serialize(results.Select(r => Api.ObjectiveEvaluationDto.From(r.Agreement, r.Objective, r.Evaluation)), Indented) + "\n";

    private static readonly JsonSerializerOptions Indented = new(Hosting.SlmServer.ApiJson) { WriteIndented = true };

    private static readonly string[] TableHeader = ["OBJECTIVE", "TARGET", "ATTAINMENT", "STATUS", "BUDGET LEFT", "BURN 1H", "EXHAUSTION"];

    internal static string Table(IReadOnlyList<Result> results)
    {
        var rows = new List<string[]> { TableHeader };
        foreach (var r in results)
        {
            var e = r.Evaluation;
            rows.Add(
            [
                $"{r.Agreement}/{r.Objective.Name}",
                $"{Num(r.Objective.Target)}%",
                e.Attainment is Attainment.Measured m ? $"{Num(decimal.Round(m.Percent, 4))}%" : "no data",
                e.Status.ToString(),
                e.Budget?.RemainingRatio is { } left ? $"{Num(decimal.Round(left * 100m, 1))}%" : "-",
                e.BurnRates.First(b => b.Label == "1h").Rate is { } burn ? Num(decimal.Round(burn, 2)) : "-",
                e.ExhaustionAt is { } x ? Text(x) : "-",
            ]);
        }
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(row => row[i].Length)).ToArray();
        return string.Concat(rows.Select(row => string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd() + "\n"));
    }

    private static string Text(Instant i) => InstantPattern.ExtendedIso.Format(i);

    private static string Num(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
