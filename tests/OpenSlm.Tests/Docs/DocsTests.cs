using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime;
using OpenSlm.Interop.Documents;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Testing;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Docs;

/// <summary>
/// The docs run: every YAML example of README.md and docs/ applies on an empty store (each page's examples together,
/// so each has the records it refers to); every <c>slm</c> line of a shell example names only commands and options
/// <c>slm</c> has; the complete ones (no placeholder) run and succeed, as do the <c>curl</c> examples against a real
/// <c>slm serve --demo</c>. Lines not run here (the build, the test run, a shell export) are named in
/// <see cref="NotRunHere"/>, so a new kind of line fails until someone decides.
/// </summary>
public sealed partial class DocsTests
{
    private sealed record Block(string File, int Line, string Language, string Text, string? Note)
    {
        public override string ToString() => $"{File}:{Line}";
    }

    /// <summary>Shell lines that are the build's and CI's own, or the reader's shell, not OpenSLM's: run by CI or by hand.</summary>
    private static readonly string[] NotRunHere = ["dotnet build", "dotnet test", "dotnet format", "dotnet run --project tools/", "bash .ci/run", "export ", "#"];

    private static IEnumerable<string> Pages() =>
        [Path.Combine(RepositoryPaths.Repository, "README.md"), .. Directory.GetFiles(Path.Combine(RepositoryPaths.Repository, "docs"), "*.md").Order(StringComparer.Ordinal)];

    /// <summary>Every fenced block of the pages: its language and the HTML comment just above it, if any.</summary>
    private static List<Block> Blocks()
    {
        var blocks = new List<Block>();
        foreach (var page in Pages())
        {
            var lines = File.ReadAllLines(page);
            var name = Path.GetRelativePath(RepositoryPaths.Repository, page);
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("```", StringComparison.Ordinal) || lines[i].Length == 3)
                {
                    continue;
                }
                var language = lines[i][3..].Trim();
                var note = i > 0 && lines[i - 1].Trim() is var above && above.StartsWith("<!--", StringComparison.Ordinal) ? above.Trim('<', '!', '-', '>', ' ') : null;
                var start = i + 1;
                var text = new StringBuilder();
                for (i++; i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal); i++)
                {
                    text.Append(lines[i]).Append('\n');
                }
                blocks.Add(new Block(name, start, language, text.ToString(), note));
            }
        }
        return blocks;
    }

    [Fact]
    public async Task Every_yaml_example_applies_on_an_empty_store_with_the_records_of_its_page()
    {
        var yaml = Blocks().Where(b => b.Language == "yaml").ToList();
        Assert.True(yaml.Count >= 12, $"only {yaml.Count} YAML examples found");
        var failures = new List<string>();
        foreach (var page in yaml.GroupBy(b => b.File))
        {
            var documents = new List<Document>();
            foreach (var block in page)
            {
                // A block that is part of a spec (what slm holidays prints, say) says whose, in a comment above it.
                var text = block.Note is { } note && SpecOf().Match(note) is { Success: true } of
                    ? $"apiVersion: openslm/v1\nkind: {of.Groups[1].Value}\nmetadata: {{name: docs-example-{block.Line}}}\nspec:\n" + string.Concat(block.Text.Split('\n').Select(l => "  " + l + "\n"))
                    : block.Text;
                var read = DocumentReader.Read(text, block.ToString());
                if (!read.Ok)
                {
                    failures.AddRange(read.Errors.Select(e => $"{block}: {e}"));
                    continue;
                }
                if (read.Documents.Count == 0)
                {
                    failures.Add($"{block}: holds no document (a part of a spec says whose above it: <!-- spec of Calendar -->).");
                }
                documents.AddRange(read.Documents);
            }
            await using var db = await TestDatabase.CreateAsync("sqlite");
            var store = new CatalogueStore(db.Target, SystemClock.Instance);
            var applied = await store.ApplyAsync(documents, new Actor("docs", "apply"));
            failures.AddRange(applied.Errors.Select(e => $"{page.Key}: {e}"));
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_shell_example_names_real_commands_and_options_and_the_complete_ones_run()
    {
        var shell = Blocks().Where(b => b.Language == "sh").SelectMany(b => Lines(b).Select(l => (Block: b, Line: l))).ToList();
        Assert.True(shell.Count >= 20, $"only {shell.Count} shell lines found");
        var work = SlmProcess.TempDir();
        Fixtures(work);
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var failures = new List<string>();
        var ran = 0;
        Serve? serve = null;
        try
        {
            foreach (var (block, line) in shell)
            {
                var command = line.Split(" #", 2)[0].Trim();
                if (command.StartsWith("dotnet run --project src/OpenSlm -- ", StringComparison.Ordinal))
                {
                    command = "slm " + command["dotnet run --project src/OpenSlm -- ".Length..];
                }
                if (command.StartsWith("slm ", StringComparison.Ordinal))
                {
                    var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
                    var path = words.TakeWhile(w => Word().IsMatch(w)).ToList();
                    if (path.Count == 0)
                    {
                        failures.Add($"{block}: '{command}' names no command.");
                        continue;
                    }
                    var key = string.Join(' ', path);
                    if (!help.TryGetValue(key, out var text))
                    {
                        var run = await SlmProcess.RunAsync([.. path, "--help"]);
                        help[key] = text = run.ExitCode == 0 ? run.Output : string.Empty;
                        if (run.ExitCode != 0)
                        {
                            failures.Add($"{block}: 'slm {key}' is not a command: {run.Error.Trim()}");
                        }
                    }
                    foreach (var option in Options().Matches(command).Select(m => m.Groups[1].Value).Distinct())
                    {
                        if (!Regex.IsMatch(text, $@"(^|[\s,]){Regex.Escape(option)}([\s,<=]|$)", RegexOptions.Multiline))
                        {
                            failures.Add($"{block}: 'slm {key}' has no option {option}.");
                        }
                    }
                    if (Complete(command) && path[0] != "serve")
                    {
                        ran++;
                        var args = command.Replace("~/.local/share/openslm", Path.Combine(work, "data"), StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
                        var run = await SlmProcess.RunInAsync(work, args);
                        if (run.ExitCode != 0)
                        {
                            failures.Add($"{block}: '{command}' exited {run.ExitCode}: {run.Error.Trim()}");
                        }
                    }
                }
                else if (command.StartsWith("curl ", StringComparison.Ordinal))
                {
                    serve ??= await Serve.StartAsync();
                    ran++;
                    var (code, output) = await ServerProcess.RunAsync("curl", ["-s", "-f", "-o", "/dev/null", "-w", "%{http_code}",
                        .. Arguments(command.Replace("http://127.0.0.1:5080", serve.Url, StringComparison.Ordinal).Replace("$OPENSLM_TOKEN", serve.Token, StringComparison.Ordinal))[1..]]);
                    if (code != 0)
                    {
                        failures.Add($"{block}: '{command}' failed (curl exit {code}, HTTP {output}).");
                    }
                }
                else if (!NotRunHere.Any(p => command.StartsWith(p, StringComparison.Ordinal)))
                {
                    failures.Add($"{block}: '{command}' is neither an slm or curl line nor one of the lines CI runs itself; run it here or add it to NotRunHere.");
                }
            }
        }
        finally
        {
            if (serve is not null)
            {
                await serve.DisposeAsync();
            }
        }
        Assert.True(ran >= 3, $"only {ran} complete examples ran");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The files the docs' complete examples name, as a reader following the pages would have them.</summary>
    private static void Fixtures(string work)
    {
        File.Copy(RepositoryPaths.InData("servicenow", "servicenow-incident-event-log.csv"), Path.Combine(work, "servicenow-incident-event-log.csv"));
        var yaml = Blocks().Where(b => b.File == Path.Combine("docs", "yaml.md") && b.Language == "yaml").Select(b => b.Text).ToList();
        File.WriteAllText(Path.Combine(work, "policies.yaml"), string.Join("---\n", yaml.Where(t => t.Contains("kind: TicketPolicy", StringComparison.Ordinal) || t.Contains("kind: Calendar", StringComparison.Ordinal))));
        Directory.CreateDirectory(Path.Combine(work, "data"));
    }

    /// <summary>A shell block's commands, continuation lines joined.</summary>
    private static IEnumerable<string> Lines(Block block)
    {
        var pending = new StringBuilder();
        foreach (var raw in block.Text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 && pending.Length == 0)
            {
                continue;
            }
            if (line.EndsWith('\\'))
            {
                pending.Append(line[..^1]).Append(' ');
                continue;
            }
            if (pending.Length > 0 && (line.StartsWith('[') || line.StartsWith("--", StringComparison.Ordinal)) && !raw.StartsWith("slm", StringComparison.Ordinal))
            {
                // A synopsis continued on the next lines, indented.
                pending.Append(line).Append(' ');
                continue;
            }
            if (pending.Length > 0)
            {
                yield return pending.ToString().Trim();
                pending.Clear();
            }
            pending.Append(line).Append(' ');
        }
        if (pending.ToString().Trim() is { Length: > 0 } last)
        {
            yield return last;
        }
    }

    /// <summary>Whether a line is a command as typed (no placeholder, option list, variable or example host): then it runs.</summary>
    private static bool Complete(string command) =>
        !command.Contains('[', StringComparison.Ordinal) && !command.Contains('…', StringComparison.Ordinal) && !command.Contains('$', StringComparison.Ordinal)
        && !command.Contains('|', StringComparison.Ordinal) && !command.Contains('>', StringComparison.Ordinal) && !command.Contains("example.", StringComparison.Ordinal) && !Placeholder().IsMatch(command);

    /// <summary>A command line's words, with single and double quotes as a shell reads them.</summary>
    private static string[] Arguments(string command) =>
        [.. ShellWord().Matches(command).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value)];

    private sealed class Serve : IAsyncDisposable
    {
        private readonly Process _process;

        private Serve(Process process, string url, string token) => (_process, Url, Token) = (process, url, token);

        public string Url { get; }

        /// <summary>A service level manager's token on the demo, for the curl lines' $OPENSLM_TOKEN.</summary>
        public string Token { get; }

        public static async Task<Serve> StartAsync()
        {
            var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
            var data = SlmProcess.TempDir();
            var process = SlmProcess.Start("serve", "--demo", "--data", data, "--urls", url);
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            using var http = new HttpClient();
            for (var i = 0; i < 960; i++)
            {
                try
                {
                    if ((await http.GetAsync($"{url}/sign-in")).IsSuccessStatusCode)
                    {
                        var token = await SlmProcess.RunAsync("tokens", "create", "--user", "manager", "--name", "docs", "--role", "ServiceLevelManager", "--data", data);
                        Assert.True(token.ExitCode == 0, token.Error);
                        return new Serve(process, url, token.Output.Trim());
                    }
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(250);
            }
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("slm serve --demo did not answer within 4 minutes.");
        }

        public async ValueTask DisposeAsync()
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }

    [GeneratedRegex(@"^spec of (\w+)$")]
    private static partial Regex SpecOf();

    [GeneratedRegex(@"^[a-z]+(-[a-z]+)*$")]
    private static partial Regex Word();

    [GeneratedRegex(@"(?<![\w-])(--?[a-zA-Z][a-zA-Z-]*)")]
    private static partial Regex Options();

    [GeneratedRegex(@"\b[A-Z][A-Z_]{2,}\b")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"'([^']*)'|""([^""]*)""|(\S+)")]
    private static partial Regex ShellWord();
}
