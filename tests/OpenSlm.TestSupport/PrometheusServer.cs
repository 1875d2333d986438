using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace OpenSlm.TestSupport;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> package) on 127.0.0.1, over a TSDB built from
/// OpenMetrics text with <c>promtool tsdb create-blocks-from openmetrics</c>, as a user backfills one.
/// Without the package the test is skipped, unless <c>OPENSLM_REQUIRE_PROMETHEUS=1</c> (as in CI), where
/// it fails instead. Stopped (and its folder deleted) on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private PrometheusServer(Process process, string directory, Uri url)
    {
        _process = process;
        _directory = directory;
        Url = url;
    }

    /// <summary>Prometheus' base address.</summary>
    public Uri Url { get; }

    /// <summary>Skips the test (or fails it, in CI) when Debian's prometheus package is not installed.</summary>
    public static void Require()
    {
        if (!File.Exists("/usr/bin/prometheus") || !File.Exists("/usr/bin/promtool"))
        {
            const string why = "No Prometheus for the tests: install Debian's prometheus package.";
            if (Environment.GetEnvironmentVariable("OPENSLM_REQUIRE_PROMETHEUS") == "1")
            {
                throw new InvalidOperationException(why);
            }
            Assert.Skip(why);
        }
    }

    /// <summary>Runs promtool with the arguments; its exit code and everything it printed.</summary>
    public static Task<(int Code, string Output)> PromtoolAsync(params string[] args)
    {
        Require();
        return RunAsync("/usr/bin/promtool", args);
    }

    /// <summary>
    /// Backfills <paramref name="openMetrics"/> (ending with <c># EOF</c>) and starts Prometheus over it, loading
    /// <paramref name="ruleFiles"/> (evaluated every second) when given.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(string openMetrics, IReadOnlyList<string>? ruleFiles = null)
    {
        Require();
        var dir = Path.Combine(Path.GetTempPath(), "openslm-prometheus", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, "data.om");
        await File.WriteAllTextAsync(input, openMetrics);
        var (code, output) = await RunAsync("/usr/bin/promtool", "tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=744h", input, Path.Combine(dir, "tsdb"));
        if (code != 0)
        {
            throw new InvalidOperationException($"promtool failed ({code}): {output}");
        }
        var config = Path.Combine(dir, "prometheus.yml");
        var rules = ruleFiles is { Count: > 0 }
            ? "  evaluation_interval: 1s\nrule_files:\n" + string.Concat(ruleFiles.Select(f => $"  - {f}\n"))
            : string.Empty;
        await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1m\n" + rules);
        var port = FreePort();
        var start = new ProcessStartInfo("/usr/bin/prometheus")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(dir, "tsdb")}", $"--web.listen-address=127.0.0.1:{port}",
            "--storage.tsdb.retention.time=20y", "--log.level=warn",
        })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, dir, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = server.Url };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await http.GetAsync("-/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException("Prometheus did not become ready within 60 s.");
            }
            await Task.Delay(200);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // left for the OS to clean
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
