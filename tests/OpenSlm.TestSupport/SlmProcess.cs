using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpenSlm.TestSupport;

/// <summary>Runs the real <c>slm</c> executable (as built beside the tests) and captures what it prints.</summary>
public static class SlmProcess
{
    private static string Dll => Path.Combine(AppContext.BaseDirectory, "slm.dll");

    public sealed record Outcome(int ExitCode, string Output, string Error);

    public static async Task<Outcome> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Outcome(process.ExitCode, await output, await error);
    }

    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
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
        return Process.Start(info)!;
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "openslm-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
