using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using OpenSlm.Core.Calendars;
using OpenSlm.Interop.Calendars;

namespace OpenSlm.Cli;

/// <summary><c>slm holidays FILE.ics</c>: the holidays of an iCalendar file as a Calendar's <c>holidays:</c> YAML.</summary>
internal static class HolidaysCommand
{
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Build()
    {
        var file = new Argument<string>("file") { Description = "An iCalendar (.ics) file, for example a government's bank-holiday feed." };
        var year = SystemClock.Instance.GetCurrentInstant().InUtc().Year;
        var from = new Option<int>("--from") { Description = "First year recurring events are expanded over.", DefaultValueFactory = _ => year - 1 };
        var to = new Option<int>("--to") { Description = "Last year recurring events are expanded over.", DefaultValueFactory = _ => year + 5 };
        var command = new Command("holidays", "Print the holidays of an iCalendar file as YAML for a Calendar's spec (all-day events; recurring ones expanded).")
        {
            file, from, to,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!OfflineInput.IsFile("file", path))
            {
                return 2;
            }
            var (first, last) = (parse.GetValue(from), parse.GetValue(to));
            if (last < first)
            {
                Console.Error.WriteLine($"error: --to: {last} is before --from {first}: give the years recurring events are expanded over, first to last.");
                return 2;
            }
            var (text, tooLarge) = Interop.Documents.InputFiles.ReadText(path);
            if (tooLarge is not null)
            {
                return OfflineInput.Refused([tooLarge.ToString()]);
            }
            var result = IcsHolidays.Read(text!, path, first, last);
            if (!result.Ok)
            {
                return OfflineInput.Refused([.. result.Errors.Select(e => e.ToString())]);
            }
            Console.Out.Write(Yaml(result.Holidays, Path.GetFileName(path)));
            return 0;
        });
        return command;
    }

    internal static string Yaml(IReadOnlyList<Holiday> holidays, string source)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"# {holidays.Count} holidays from {source}\nholidays:\n");
        foreach (var h in holidays)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - {{date: {h.Date:yyyy'-'MM'-'dd}, name: {JsonSerializer.Serialize(h.Name, Quoting)}}}\n");
        }
        return text.ToString();
    }
}
