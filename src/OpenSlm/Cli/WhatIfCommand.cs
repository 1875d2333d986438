using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Evaluation;
using OpenSlm.Hosting;
using OpenSlm.Interop.Documents;
using OpenSlm.Reporting;
using OpenSlm.Reports;
using OpenSlm.Storage;
using OpenSlm.Storage.Alerts;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Measurements;
using OpenSlm.Storage.Tickets;

namespace OpenSlm.Cli;

/// <summary><c>slm whatif</c>: proposed terms replayed over the stored data of the last closed months (issue 18).</summary>
internal static class WhatIfCommand
{
    public static Command Build()
    {
        var agreement = new Option<string?>("--agreement", "-a") { Description = "The agreement whose version to replay." };
        var version = new Option<int?>("--version") { Description = "The version to replay (default: its latest, typically the Draft or Proposed amendment)." };
        var file = new Option<string?>("--file", "-f") { Description = "Instead: a YAML file holding one Agreement document, not stored — terms still being drafted." };
        var months = new Option<int>("--months", "-m") { Description = $"How many closed calendar months to replay, 1 to {Core.Reporting.WhatIf.MaxMonths}.", DefaultValueFactory = _ => 12 };
        var format = new Option<string>("--format") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var data = Commands.DataOption();
        var database = Commands.DatabaseOption();
        var command = new Command("whatif",
            "Replay an agreement version's terms (or an unsaved Agreement document) over the measurements and ticket clocks stored for the last closed " +
            "months: per objective and month the attainment, status and the credit it would have earned, the credits that would have been owed, and " +
            "which months had no data (never 0 % or 100 %). Nothing is stored or changed.")
        {
            agreement, version, file, months, format, data, database,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(agreement) is null) == (result.GetValue(file) is null))
            {
                result.AddError("Give --agreement NAME or --file FILE (one of the two).");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(months) is < 1 or > Core.Reporting.WhatIf.MaxMonths)
            {
                Console.Error.WriteLine($"error: --months: expected 1 to {Core.Reporting.WhatIf.MaxMonths}, not {parse.GetValue(months)}.");
                return 2;
            }
            AgreementSpec? spec = null;
            string what;
            if (parse.GetValue(file) is { } path)
            {
                if (!File.Exists(path))
                {
                    Console.Error.WriteLine($"error: --file: {path} does not exist.");
                    return 2;
                }
                var read = DocumentReader.ReadPath(path);
                if (!read.Ok)
                {
                    return OfflineInput.Refused([.. read.Errors.Select(e => e.ToString())]);
                }
                if (read.Documents is not [{ Spec: AgreementSpec only } document])
                {
                    Console.Error.WriteLine($"error: --file: {path} holds {read.Documents.Count} documents; expected one Agreement.");
                    return 2;
                }
                (spec, what) = (only, $"{document.Metadata.Name} as in {path}");
            }
            else
            {
                what = string.Empty;
            }
            var target = DatabaseTarget.Resolve(parse.GetValue(database), parse.GetValue(data));
            Console.Error.WriteLine($"OpenSLM: data in {target.Description}");
            await target.MigrateAsync(ct).ConfigureAwait(false);
            var catalogue = new CatalogueStore(target, SystemClock.Instance);
            if (spec is null)
            {
                var name = parse.GetValue(agreement)!;
                if (await catalogue.GetAsync(ResourceKind.Agreement, name, ct).ConfigureAwait(false) is not { Versions.Count: > 0 } record)
                {
                    Console.Error.WriteLine($"error: --agreement: no agreement named '{name}' exists.");
                    return 1;
                }
                var number = parse.GetValue(version) ?? record.Versions.Max(v => v.Number);
                if (await catalogue.GetVersionAsync(name, number, ct).ConfigureAwait(false) is not { } stored)
                {
                    Console.Error.WriteLine($"error: --version: '{name}' has no version {number} (it has {string.Join(", ", record.Versions.Select(v => v.Number))}).");
                    return 1;
                }
                (spec, what) = (stored.Spec, $"{name} version {number} ({stored.Info.Status})");
            }
            var service = new ReportService(catalogue, new ObjectiveReader(catalogue, new MeasurementStore(target)), new TicketStore(target, SystemClock.Instance),
                new AlertStore(target), SystemClock.Instance, new Storage.Reports.ReportStore(target));
            var result = await service.WhatIfAsync(spec, parse.GetValue(months), ct).ConfigureAwait(false);
            Console.Out.Write(parse.GetValue(format) == "json"
                ? JsonSerializer.Serialize(WhatIfDto.Of(result), SlmServer.ApiJson) + "\n"
                : Text(what, result));
            return 0;
        });
        return command;
    }

    /// <summary>The what-if as a person reads it: a line per objective and month, the credits, the notes.</summary>
    internal static string Text(string what, Core.Reporting.WhatIfResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"What if {what} had judged {result.From} to {result.To}:\n");
        foreach (var o in result.Objectives)
        {
            text.Append(c, $"\n{o.Name} (target {o.Target} %): {o.Breached} month{(o.Breached == 1 ? "" : "s")} breached, {o.NoData} without data\n");
            foreach (var m in o.Months)
            {
                var attained = PeriodFiguresDto.Percent(m.Attainment) is { } p ? ReportText.Percent(p) : "no data";
                var line = $"  {m.Month}  {attained,12}  {ReportText.Status(m.Status),-9}{(m.BudgetSpent is { } spent ? $"  budget {ReportText.Percent(spent * 100)} spent" : "")}{(m.Credit is { Credit: > 0 } credit ? $"  credit {credit.Credit} %" : "")}";
                text.Append(line.TrimEnd()).Append('\n');
            }
        }
        text.Append(c, $"\nCredits that would have been owed: {(result.CreditsOwed is { } owed ? ReportText.Money(owed) : "none")}\n");
        foreach (var note in result.Notes)
        {
            text.Append(c, $"Note: {note}\n");
        }
        return text.ToString();
    }
}
