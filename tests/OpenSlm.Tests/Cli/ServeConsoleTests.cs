using System.Net;
using System.Net.Sockets;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Cli;

/// <summary>What a person sees in the terminal: a quiet server, and one clear line for the usual mistakes.</summary>
public sealed class ServeConsoleTests
{
    [Fact]
    public async Task A_port_in_use_is_one_line_naming_it_and_how_to_choose_another()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var run = await SlmProcess.RunAsync("serve", "--urls", $"http://127.0.0.1:{port}", "--data", SlmProcess.TempDir());
        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains($"http://127.0.0.1:{port}", error, StringComparison.Ordinal);
        Assert.Contains("in use", error, StringComparison.Ordinal);
        Assert.Contains("--urls", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_that_names_a_file_says_so()
    {
        var dir = SlmProcess.TempDir();
        var file = Path.Combine(dir, "openslm.db");
        await File.WriteAllTextAsync(file, "not a directory");
        var run = await SlmProcess.RunAsync("export", "--data", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"'{file}' is the database file; give its folder, {dir}.", run.Error, StringComparison.Ordinal);
        var other = Path.Combine(dir, "notes.txt");
        await File.WriteAllTextAsync(other, "x");
        var second = await SlmProcess.RunAsync("export", "--data", other);
        Assert.Contains("is a file, not a directory", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_are_not_logged_unless_asked_for_and_no_token_is_ever_logged()
    {
        var tokens = new List<string>();
        async Task<string> ServeAndAskAsync(params string[] extra)
        {
            var port = ServerProcess.FreePort();
            var data = SlmProcess.TempDir();
            var token = await SlmProcess.TokenAsync(data, "Viewer");
            tokens.Add(token);
            using var process = SlmProcess.Start(["serve", "--urls", $"http://127.0.0.1:{port}", "--data", data, .. extra]);
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var answered = false;
            for (var i = 0; i < 960 && !answered; i++)
            {
                try
                {
                    answered = (await http.GetAsync("/api/v1/services")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(250);
                }
            }
            Assert.True(answered, "slm serve did not answer");
            await http.GetAsync("/api/v1/agreements");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return await output + await error;
        }

        var quiet = await ServeAndAskAsync();
        Assert.Contains("OpenSLM: listening on", quiet, StringComparison.Ordinal);
        Assert.DoesNotContain("Request starting", quiet, StringComparison.Ordinal);
        Assert.DoesNotContain("info: Microsoft", quiet, StringComparison.Ordinal);
        Assert.DoesNotContain("XML encryptor", quiet, StringComparison.Ordinal);

        var loud = await ServeAndAskAsync("--log-level", "Debug");
        Assert.Contains("Request starting HTTP/1.1 GET", loud, StringComparison.Ordinal);
        // Even at Debug, with every request logged, no token's secret reaches the log.
        Assert.All(tokens, t => Assert.DoesNotContain(t[(t.IndexOf('_', 4) + 1)..], quiet + loud, StringComparison.Ordinal));
    }
}
