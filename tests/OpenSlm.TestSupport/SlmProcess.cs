using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpenSlm.TestSupport;

/// <summary>Runs the real <c>slm</c> executable (as built beside the tests) and captures what it prints.</summary>
public static class SlmProcess
{
    private static string Dll => Path.Combine(AppContext.BaseDirectory, "slm.dll");

    public sealed record Outcome(int ExitCode, string Output, string Error);

    public static Task<Outcome> RunAsync(params string[] args) => RunInAsync(null, args);

    /// <summary>Runs slm in <paramref name="directory"/> (the tests' own when null), as a user in that folder would.</summary>
    public static async Task<Outcome> RunInAsync(string? directory, params string[] args)
    {
        using var process = Start(directory, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Outcome(process.ExitCode, await output, await error);
    }

    public static Process Start(params string[] args) => Start(null, args);

    /// <summary>
    /// An API token on the SQLite store in <paramref name="data"/>, made as an operator does with <c>slm users add</c> and
    /// <c>slm tokens create</c>: a user "ops" with <paramref name="role"/> (created on the first call).
    /// </summary>
    public static async Task<string> TokenAsync(string data, string role = "ServiceLevelManager")
    {
        var user = "ops-" + role.ToLowerInvariant();
        var added = await RunAsync("users", "add", user, "--role", role, "--no-password", "--data", data);
        if (added.ExitCode != 0 && !added.Error.Contains("is taken", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"slm users add failed: {added.Error}");
        }
        var token = await RunAsync("tokens", "create", "--user", user, "--name", "tests", "--role", role, "--data", data);
        return token.ExitCode == 0 ? token.Output.Trim() : throw new InvalidOperationException($"slm tokens create failed: {token.Error}");
    }

    private static Process Start(string? directory, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment.Remove("OPENSLM_DATABASE");
        info.Environment.Remove("OPENSLM_SERVER");
        info.Environment.Remove("OPENSLM_TOKEN");
        return Process.Start(info)!;
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "openslm-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
