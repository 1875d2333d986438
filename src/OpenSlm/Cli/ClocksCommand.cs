using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Tickets;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Tickets;

namespace OpenSlm.Cli;

/// <summary><c>slm clocks</c>: ticket policies from YAML run over ticket updates from CSV, with no server or database.</summary>
internal static class ClocksCommand
{
    private static readonly JsonSerializerOptions Indented = new(Hosting.SlmServer.ApiJson) { WriteIndented = true };

    public static Command Build()
    {
        var file = new Option<string>("--file", "-f") { Description = "YAML with TicketPolicy records (and the Calendars they name). A file or a directory.", Required = true };
        var events = new Option<string>("--events", "-e") { Description = "CSV of ticket updates: each row is the ticket's record after one update.", Required = true };
        var preset = new Option<string?>("--preset") { Description = "Column mapping of a known export: servicenow (number, sys_updated_at as dd-MM-yyyy HH:mm, ? for no value)." };
        preset.AcceptOnlyFromAmong("servicenow");
        var idColumn = new Option<string?>("--id-column") { Description = "The column holding the ticket id (default id)." };
        var timeColumn = new Option<string?>("--time-column") { Description = "The column holding the update's time (default time)." };
        var timeFormat = new Option<string?>("--time-format") { Description = "iso (ISO 8601 with an offset; the default) or a pattern such as dd-MM-yyyy HH:mm for local times." };
        var timeZone = new Option<string?>("--time-zone") { Description = "The IANA zone local times are in (default UTC)." };
        var at = new Option<string?>("--at") { Description = "Read the clocks at this instant, ISO 8601; default now. Later updates are ignored." };
        var format = new Option<string>("--format") { Description = "csv or json.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var command = new Command("clocks", "Run ticket policies over ticket updates: one clock per ticket and policy, with state, times, durations (seconds) and warnings.")
        {
            file, events, preset, idColumn, timeColumn, timeFormat, timeZone, at, format,
        };
        command.SetAction(parse =>
        {
            if (OfflineInput.At(parse.GetValue(at)) is not { } now || !OfflineInput.IsFile("--events", parse.GetValue(events)!))
            {
                return 2;
            }
            var options = parse.GetValue(preset) is { } name ? TicketCsvOptions.Preset(name)! : new TicketCsvOptions();
            options = options with
            {
                IdColumn = parse.GetValue(idColumn) ?? options.IdColumn,
                TimeColumn = parse.GetValue(timeColumn) ?? options.TimeColumn,
                TimeFormat = parse.GetValue(timeFormat) ?? options.TimeFormat,
                TimeZone = parse.GetValue(timeZone) ?? options.TimeZone,
            };
            var (clocks, errors) = Run(DocumentReader.ReadPath(parse.GetValue(file)!), TicketCsv.ReadFile(parse.GetValue(events)!, options), now);
            if (errors.Count > 0)
            {
                return OfflineInput.Refused(errors);
            }
            Console.Out.Write(parse.GetValue(format) == "json" ? Json(clocks) : Csv(clocks));
            return 0;
        });
        return command;
    }

    /// <summary>Every clock, or every problem with the policies and the events.</summary>
    internal static (IReadOnlyList<TicketClock> Clocks, IReadOnlyList<string> Errors) Run(ReadResult documents, TicketEventFile events, Instant now)
    {
        var errors = documents.Errors.Select(e => e.ToString()).Concat(events.Errors.Select(e => e.ToString())).ToList();
        var calendars = documents.Documents.Where(d => d.Kind == ResourceKind.Calendar).ToDictionary(d => d.Name, d => (CalendarSpec)d.Spec);
        var policies = new List<CompiledPolicy>();
        foreach (var doc in documents.Documents.Where(d => d.Kind == ResourceKind.TicketPolicy))
        {
            var spec = (TicketPolicySpec)doc.Spec;
            if (spec.Calendar is { } name && !calendars.ContainsKey(name))
            {
                errors.Add($"{doc.Locate("spec.calendar")}: spec.calendar: no Calendar named '{name}' in the files given.");
                continue;
            }
            policies.Add(new CompiledPolicy(doc.Name, 1, spec, spec.Calendar is { } c ? BusinessClock.For(calendars[c]) : BusinessClock.AlwaysOpen));
        }
        if (errors.Count == 0 && policies.Count == 0)
        {
            errors.Add("no TicketPolicy in the files given.");
        }
        return errors.Count > 0 ? ([], errors) : ([.. TicketClocks.Run(policies, events.Events, now)], []);
    }

    private static string Time(Instant? t) => t is { } v ? InstantPattern.ExtendedIso.Format(v) : string.Empty;

    private static string Warnings(TicketClock c) =>
        string.Join(";", c.Warnings.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Percent}%@{Time(w.At)}")));

    internal static string Csv(IReadOnlyList<TicketClock> clocks)
    {
        var text = new StringBuilder("ticket,policy,policyVersion,priority,state,startedAt,stoppedAt,targetSeconds,elapsedSeconds,pausedSeconds,remainingSeconds,deadline,breachedAt,warnings\n");
        foreach (var c in clocks.OrderBy(c => c.Ticket, StringComparer.Ordinal).ThenBy(c => c.Policy, StringComparer.Ordinal))
        {
            string[] cells =
            [
                Reports.CsvCell.Text(c.Ticket), c.Policy, c.PolicyVersion.ToString(CultureInfo.InvariantCulture), Reports.CsvCell.Text(c.Priority), c.State.ToString(),
                Time(c.StartedAt), Time(c.StoppedAt), S(c.Target), S(c.Elapsed), S(c.Paused), S(c.Remaining), Time(c.Deadline), Time(c.BreachedAt), Warnings(c),
            ];
            text.AppendJoin(',', cells.Select(Quote)).Append('\n');
        }
        return text.ToString();

        static string S(Duration d) => Api.ClockDto.Seconds(d).ToString(CultureInfo.InvariantCulture);
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;

    internal static string Json(IReadOnlyList<TicketClock> clocks) =>
        JsonSerializer.Serialize(clocks.OrderBy(c => c.Ticket, StringComparer.Ordinal).ThenBy(c => c.Policy, StringComparer.Ordinal).Select(Api.ClockDto.From), Indented) + "\n";
}
