namespace OpenSlm.TestSupport;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> package) on 127.0.0.1, over a TSDB built from
/// OpenMetrics text with <c>promtool tsdb create-blocks-from openmetrics</c>, as a user backfills one.
/// Without the package the test is skipped, unless <c>OPENSLM_REQUIRE_PROMETHEUS=1</c> (as in CI), where
/// it fails instead. Stopped (and its folder deleted) on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private PrometheusServer(ServerProcess process, Uri url) => (_process, Url) = (process, url);

    /// <summary>Prometheus' base address.</summary>
    public Uri Url { get; }

    /// <summary>Skips the test (or fails it, in CI) when Debian's prometheus package is not installed.</summary>
    public static void Require() =>
        ServerProcess.Require(File.Exists("/usr/bin/prometheus") && File.Exists("/usr/bin/promtool"), "OPENSLM_REQUIRE_PROMETHEUS",
            "No Prometheus for the tests: install Debian's prometheus package.");

    /// <summary>Runs promtool with the arguments; its exit code and everything it printed.</summary>
    public static Task<(int Code, string Output)> PromtoolAsync(params string[] args)
    {
        Require();
        return ServerProcess.RunAsync("/usr/bin/promtool", args);
    }

    /// <summary>
    /// Backfills <paramref name="openMetrics"/> (ending with <c># EOF</c>) and starts Prometheus over it, loading
    /// <paramref name="ruleFiles"/> (evaluated every second) when given.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(string openMetrics, IReadOnlyList<string>? ruleFiles = null)
    {
        Require();
        var dir = ServerProcess.NewDirectory("prometheus");
        var input = Path.Combine(dir, "data.om");
        await File.WriteAllTextAsync(input, openMetrics);
        var (code, output) = await ServerProcess.RunAsync("/usr/bin/promtool", "tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=744h", input, Path.Combine(dir, "tsdb"));
        if (code != 0)
        {
            throw new InvalidOperationException($"promtool failed ({code}): {output}");
        }
        var config = Path.Combine(dir, "prometheus.yml");
        var rules = ruleFiles is { Count: > 0 }
            ? "  evaluation_interval: 1s\nrule_files:\n" + string.Concat(ruleFiles.Select(f => $"  - {f}\n"))
            : string.Empty;
        await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1m\n" + rules);
        var port = ServerProcess.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var process = await ServerProcess.StartAsync("/usr/bin/prometheus",
            [
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(dir, "tsdb")}", $"--web.listen-address=127.0.0.1:{port}",
                "--storage.tsdb.retention.time=20y", "--log.level=warn",
            ],
            dir, ServerProcess.Answers(new Uri(url, "-/ready")));
        return new PrometheusServer(process, url);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
