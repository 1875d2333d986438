using System.Diagnostics;
using System.Text;
using OpenSlm.Tests.Cli;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Hostile;

/// <summary>
/// Every file the command line reads, malformed as an attacker (or an accident) would make it: YAML bombs, nesting,
/// sizes, devices, binary garbage, control characters, repeated CSV columns, counts and instants out of range, iCalendar
/// expansions without end. Each must end with a clear error naming the file (exit 1 for refused input, 2 for a refused
/// option), never a crash, within bounded time and memory.
/// </summary>
public sealed class HostileCliTests
{
    private sealed record Case(string What, string[] Args, string Expect)
    {
        public override string ToString() => What;
    }

    private const string Slo = """
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: web}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: web-ok}
        spec: {service: web}
        ---
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: sla}
        spec:
          kind: Expectation
          services: [web]
          objectives: [{name: ok, indicator: web-ok, target: 99, window: {rolling: 1d}}]
        """;

    private static string Laughs()
    {
        var text = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            text.Append('a').Append(i).Append(": &a").Append(i).Append(" [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))).Append("]\n");
        }
        return text.ToString();
    }

    private static List<Case> Cases(string dir)
    {
        string File(string name, string text)
        {
            var path = Path.Combine(dir, name);
            System.IO.File.WriteAllText(path, text);
            return path;
        }
        string Bytes(string name, byte[] bytes)
        {
            var path = Path.Combine(dir, name);
            System.IO.File.WriteAllBytes(path, bytes);
            return path;
        }
        var garbage = new byte[200_000];
        new Random(16).NextBytes(garbage);
        var yaml = new Dictionary<string, (string Path, string Expect)>
        {
            ["recursive alias"] = (File("alias.yaml", "a: &a [*a]\n"), "alias.yaml"),
            ["billion laughs"] = (File("laughs.yaml", Laughs()), "laughs.yaml"),
            ["deep flow nesting"] = (File("deep.yaml", "a: " + new string('[', 12_000) + new string(']', 12_000) + "\n"), "deep.yaml"),
            ["deep block nesting"] = (File("block.yaml", string.Concat(Enumerable.Range(0, 200).Select(i => new string(' ', i * 2) + "k:\n")) + new string(' ', 400) + "v\n"), "block.yaml"),
            ["9 MiB file"] = (File("big.yaml", "apiVersion: openslm/v1\nkind: Service\nmetadata: {name: x}\nspec: {description: " + new string('d', 9 * 1024 * 1024) + "}\n"), "larger than"),
            ["a device that never ends"] = ("/dev/zero", "larger than"),
            ["binary garbage"] = (Bytes("garbage.yaml", garbage), "garbage.yaml"),
            ["1 MB display name"] = (File("long.yaml", "apiVersion: openslm/v1\nkind: Service\nmetadata: {name: x, displayName: " + new string('x', 1_000_000) + "}\n"), "metadata.displayName"),
            ["NUL in an e-mail"] = (File("nul.yaml", "apiVersion: openslm/v1\nkind: Stakeholder\nmetadata: {name: eve}\nspec: {email: \"eve\\0@example.com\"}\n"), "spec.email"),
            ["escape codes in a name"] = (File("escape.yaml", "apiVersion: openslm/v1\nkind: Service\nmetadata: {name: x, displayName: \"\\e[31mred\"}\n"), "U+001B"),
            ["a duplicate key"] = (File("dup.yaml", "apiVersion: openslm/v1\nkind: Service\nmetadata: {name: x}\nmetadata: {name: y}\n"), "dup.yaml"),
            ["a holiday in year 0000"] = (File("year0.yaml", "apiVersion: openslm/v1\nkind: Calendar\nmetadata: {name: c}\nspec: {timeZone: UTC, holidays: [{date: 0000-01-01, name: x}]}\n"), "8999"),
            ["a list of 20,000 holidays"] = (File("many.yaml", "apiVersion: openslm/v1\nkind: Calendar\nmetadata: {name: c}\nspec:\n  timeZone: UTC\n  holidays:\n" +
                string.Concat(Enumerable.Range(0, 20_000).Select(i => $"    - {{date: {new DateOnly(2000, 1, 1).AddDays(i):yyyy-MM-dd}, name: h}}\n"))), "at most 10,000"),
        };
        var cases = new List<Case>();
        foreach (var (what, (path, expect)) in yaml)
        {
            cases.Add(new Case($"apply: {what}", ["apply", "-f", path, "--data", Path.Combine(dir, "store")], expect));
            cases.Add(new Case($"evaluate: {what}", ["evaluate", "-f", path, "-m", File("empty.csv", "timestamp,indicator,good,total\n")], expect));
            if (!expect.StartsWith("metadata.", StringComparison.Ordinal) && !expect.StartsWith("spec.", StringComparison.Ordinal) && what is not ("escape codes in a name" or "a holiday in year 0000" or "a list of 20,000 holidays"))
            {
                // SLO specs for rules are read with the same YAML limits; catalogue records are not theirs to check.
                cases.Add(new Case($"rules: {what}", ["rules", "prometheus", "-f", path], expect));
            }
        }

        var slo = File("slo.yaml", Slo);
        string policy0() => File("policy.yaml", ClocksCommandTests.Policy(string.Empty));
        var measurements = new Dictionary<string, (string Csv, string Expect)>
        {
            ["a repeated column"] = ("timestamp,indicator,good,good,total\n2025-01-01T00:00:00Z,web-ok,1,1,1\n", "'good' 2 times"),
            ["an instant in year 9999"] = ("timestamp,indicator,good,total\n9999-12-31T23:59:59.9999999Z,web-ok,1,1\n", "1970"),
            ["an instant in year 1 with +14:00"] = ("timestamp,indicator,good,total\n0001-01-01T00:00:00+14:00,web-ok,1,1\n", "1970"),
            ["a count of 2^62"] = ("timestamp,indicator,good,total\n2025-01-01T00:00:00Z,web-ok,4611686018427387904,4611686018427387904\n", "1,000,000,000,000"),
            ["a count past 64 bits"] = ("timestamp,indicator,good,total\n2025-01-01T00:00:00Z,web-ok,1,99999999999999999999999\n", "total"),
            ["a negative count"] = ("timestamp,indicator,good,total\n2025-01-01T00:00:00Z,web-ok,-5,10\n", "good"),
            ["binary garbage"] = (Encoding.Latin1.GetString(garbage), "garbage"),
        };
        var n = 0;
        foreach (var (what, (csv, expect)) in measurements)
        {
            var name = what == "binary garbage" ? "garbage.csv" : $"m{n++}.csv";
            var path = what == "binary garbage" ? Bytes(name, garbage) : File(name, csv);
            cases.Add(new Case($"evaluate -m: {what}", ["evaluate", "-f", slo, "-m", path, "--at", "2025-01-02T00:00:00Z"], expect == "garbage" ? name : expect));
        }
        cases.Add(new Case("evaluate --at: year 9999", ["evaluate", "-f", slo, "-m", File("ok.csv", "timestamp,indicator,good,total\n"), "--at", "9999-12-31T23:59:59Z"], "--at"));
        cases.Add(new Case("evaluate -m: a device that never ends", ["evaluate", "-f", slo, "-m", "/dev/zero"], "longer than 1,048,576"));
        cases.Add(new Case("clocks -e: a device that never ends", ["clocks", "-f", policy0(), "-e", "/dev/zero", "--preset", "servicenow"], "longer than 1,048,576"));

        var policy = policy0();
        var tickets = new Dictionary<string, (string Csv, string Expect)>
        {
            ["a repeated column"] = ("number,sys_updated_at,number\nINC1,01-01-2017 10:00,INC1\n", "'number' 2 times"),
            ["a time in year 0001"] = ("number,sys_updated_at,incident_state,priority\nINC1,01-01-0001 10:00,New,1 - Critical\n", "sys_updated_at"),
            ["a 300-character ticket id"] = ($"number,sys_updated_at,incident_state,priority\n{new string('I', 300)},01-01-2017 10:00,New,1 - Critical\n", "300 characters"),
            ["a control character in a field"] = ("number,sys_updated_at,incident_state,priority\nINC1,01-01-2017 10:00,\u0007New,1 - Critical\n", "U+0007"),
            ["one endless line"] = ("number,sys_updated_at\n" + new string('x', 2_000_000), "longer than 1,048,576"),
        };
        foreach (var (what, (csv, expect)) in tickets)
        {
            cases.Add(new Case($"clocks -e: {what}", ["clocks", "-f", policy, "-e", File($"t{n++}.csv", csv), "--preset", "servicenow"], expect));
        }
        foreach (var (what, (path, expect)) in yaml.Where(y => y.Key is "recursive alias" or "billion laughs" or "deep flow nesting" or "a device that never ends"))
        {
            cases.Add(new Case($"clocks -f: {what}", ["clocks", "-f", path, "-e", File($"t{n++}.csv", "number,sys_updated_at\n"), "--preset", "servicenow"], expect));
        }

        foreach (var bad in new[] { "0001-01", "9999-12", "2025-13", "0000", "0001-01-01..0001-01-02", "2025-01-01..9999-12-31" })
        {
            cases.Add(new Case($"report --period {bad}", ["report", "--agreement", "sla", "--period", bad, "--data", Path.Combine(dir, "store")], "--period"));
        }
        cases.Add(new Case("clocks --at: year 1", ["clocks", "-f", policy, "-e", File($"t{n++}.csv", "number,sys_updated_at\n"), "--preset", "servicenow", "--at", "0001-01-01T00:00:00Z"], "--at"));
        cases.Add(new Case("evaluate -m: no such file", ["evaluate", "-f", slo, "-m", Path.Combine(dir, "missing.csv")], "no file"));
        var nested = Directory.CreateDirectory(Path.Combine(dir, "tree", "deeper")).FullName;
        System.IO.File.Copy(yaml["billion laughs"].Path, Path.Combine(nested, "laughs.yaml"));
        cases.Add(new Case("apply -f: a directory with a bomb inside", ["apply", "-f", Path.Combine(dir, "tree"), "--data", Path.Combine(dir, "store")], "laughs.yaml"));

        const string Ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n{0}END:VCALENDAR\r\n";
        string Event(string body) => "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Holiday\r\n" + body + "END:VEVENT\r\n";
        cases.Add(new Case("holidays: expanded over 8,000 years", ["holidays", File("ok.ics", string.Format(System.Globalization.CultureInfo.InvariantCulture, Ics, Event("DTSTART;VALUE=DATE:20250101\r\nRRULE:FREQ=YEARLY\r\n"))), "--from", "1000", "--to", "9000"], "at most 100 years"));
        cases.Add(new Case("holidays: a daily rule", ["holidays", File("daily.ics", string.Format(System.Globalization.CultureInfo.InvariantCulture, Ics, Event("DTSTART;VALUE=DATE:20250101\r\nRRULE:FREQ=DAILY\r\n"))), "--from", "2025", "--to", "2124"], "10,000"));
        cases.Add(new Case("holidays: one event of 100,000 days", ["holidays", File("long.ics", string.Format(System.Globalization.CultureInfo.InvariantCulture, Ics, Event("DTSTART;VALUE=DATE:20250101\r\nDTEND;VALUE=DATE:22990101\r\n")))], "366 days"));
        cases.Add(new Case("holidays: binary garbage", ["holidays", Bytes("garbage.ics", garbage)], "garbage.ics"));
        cases.Add(new Case("holidays: a device that never ends", ["holidays", "/dev/zero"], "larger than"));
        cases.Add(new Case("holidays: --to before --from", ["holidays", Path.Combine(dir, "ok.ics"), "--from", "2030", "--to", "2020"], "--to"));
        return cases;
    }

    [Fact]
    public async Task Every_file_the_cli_reads_refuses_hostile_input_with_a_clear_error_in_bounded_time_and_memory()
    {
        var dir = SlmProcess.TempDir();
        var cases = Cases(dir);
        Assert.True(cases.Count >= 60, $"only {cases.Count} cases");
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var watch = Stopwatch.StartNew();
            using var process = SlmProcess.Start(c.Args);
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            var peak = 0L;
            while (!process.WaitForExit(50))
            {
                try
                {
                    process.Refresh();
                    peak = Math.Max(peak, process.WorkingSet64);
                }
                catch (InvalidOperationException)
                {
                    break;   // it has exited
                }
                if (watch.Elapsed > TimeSpan.FromSeconds(60))
                {
                    process.Kill(entireProcessTree: true);
                    break;
                }
            }
            await process.WaitForExitAsync();
            var (stdout, stderr) = (await output, await error);
            var said = stdout + stderr;
            if (process.ExitCode is not (1 or 2))
            {
                failures.Add($"{c}: exit {process.ExitCode}: {Cut(said)}");
            }
            else if (!stderr.Contains(c.Expect, StringComparison.Ordinal) || !stderr.Contains("error", StringComparison.Ordinal))
            {
                failures.Add($"{c}: the error does not name '{c.Expect}': {Cut(stderr)}");
            }
            if (said.Contains("Unhandled exception", StringComparison.Ordinal) || said.Contains("   at ", StringComparison.Ordinal))
            {
                failures.Add($"{c}: printed a stack trace: {Cut(said)}");
            }
            if (watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                failures.Add($"{c}: took {watch.Elapsed.TotalSeconds:0.0} s");
            }
            if (peak > 1L << 30)
            {
                failures.Add($"{c}: used {peak / (1 << 20):N0} MiB");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n{string.Join("\n", failures)}");
    }

    private static string Cut(string s) => s.Length > 400 ? s[..400] + "…" : s;
}
