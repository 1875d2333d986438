using System.CommandLine;
using System.Text.Json;
using NodaTime;
using OpenSlm.Core.Reporting;
using OpenSlm.Evaluation;
using OpenSlm.Hosting;
using OpenSlm.Reporting;
using OpenSlm.Reports;
using OpenSlm.Storage;
using OpenSlm.Storage.Alerts;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Measurements;
using OpenSlm.Storage.Tickets;

namespace OpenSlm.Cli;

/// <summary><c>slm report</c>: an agreement's service level report from the store, as PDF, HTML, CSV or JSON.</summary>
internal static class ReportCommand
{
    public static Command Build()
    {
        var agreement = new Option<string?>("--agreement", "-a") { Description = "The agreement's name." };
        var customer = new Option<string?>("--customer", "-c") { Description = "Instead of --agreement: every agreement of this customer, in one report." };
        var period = new Option<string>("--period", "-p") { Description = $"The period: {ReportPeriod.Expected}.", Required = true };
        var format = new Option<string>("--format") { Description = "pdf, html, csv or json.", DefaultValueFactory = _ => "pdf" };
        format.AcceptOnlyFromAmong("pdf", "html", "csv", "json");
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default: NAME-PERIOD.FORMAT in the current folder; - for standard output)." };
        var version = new Option<int?>("--version") { Description = "The agreement version to report on (default: its Active version)." };
        var data = Commands.DataOption();
        var database = Commands.DatabaseOption();
        var command = new Command("report",
            "Write an agreement's service level report for a period (or a customer's, of all its agreements): each objective's target, attainment, status " +
            "and budget used, the trend over the 12 periods up to it, ticket compliance by priority, breaches with their root cause, exclusions applied, " +
            "service credits and a summary.")
        {
            agreement, customer, period, format, output, version, data, database,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(agreement) is null) == (result.GetValue(customer) is null))
            {
                result.AddError("Give --agreement NAME or --customer NAME (one of the two).");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            if (ReportPeriod.Parse(parse.GetValue(period), out var error) is not { } dates)
            {
                Console.Error.WriteLine($"error: --period: {error}");
                return 2;
            }
            var target = DatabaseTarget.Resolve(parse.GetValue(database), parse.GetValue(data));
            Console.Error.WriteLine($"OpenSLM: data in {target.Description}");
            await target.MigrateAsync(ct).ConfigureAwait(false);
            var catalogue = new CatalogueStore(target, SystemClock.Instance);
            var service = new ReportService(catalogue, new ObjectiveReader(catalogue, new MeasurementStore(target)), new TicketStore(target, SystemClock.Instance),
                new AlertStore(target), SystemClock.Instance, new Storage.Reports.ReportStore(target), improvements: new Improvements(catalogue, new ObjectiveReader(catalogue, new MeasurementStore(target)), new AlertStore(target), SystemClock.Instance));
            var kind = parse.GetValue(format)!;
            ReportFile file;
            string said;
            if (parse.GetValue(customer) is { } customerName)
            {
                var (report, refused) = await service.CustomerAsync(customerName, dates, ct).ConfigureAwait(false);
                if (refused is not null)
                {
                    Console.Error.WriteLine($"error: {refused.Title} {refused.Detail}");
                    return refused.Status == 400 ? 2 : 1;
                }
                (file, said) = (ReportFiles.Of(report!, kind), $"{customerName} {dates.Key}: {report!.Agreements.Count} agreements");
            }
            else
            {
                var name = parse.GetValue(agreement)!;
                var (report, refused) = await service.AgreementAsync(name, dates, parse.GetValue(version), ct).ConfigureAwait(false);
                if (refused is not null)
                {
                    Console.Error.WriteLine($"error: {refused.Title} {refused.Detail}");
                    return refused.Status == 400 ? 2 : 1;
                }
                (file, said) = (ReportFiles.Of(report!, kind), $"{name} {dates.Key}: {report!.Objectives.Count} objectives, {(report.Closed ? "closed" : "open")} period");
            }
            var path = parse.GetValue(output) ?? file.FileName;
            if (path == "-")
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(file.Content, ct).ConfigureAwait(false);
                return 0;
            }
            await File.WriteAllBytesAsync(path, file.Content, ct).ConfigureAwait(false);
            Console.Error.WriteLine($"{said}; wrote {path} ({file.Content.Length:N0} bytes).");
            return 0;
        });
        return command;
    }
}
