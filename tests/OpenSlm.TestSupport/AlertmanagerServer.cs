namespace OpenSlm.TestSupport;

/// <summary>
/// A real Prometheus Alertmanager (Debian's prometheus-alertmanager) on 127.0.0.1, clustering off, routing everything
/// to a receiver that sends nothing. Without the package the test is skipped, unless <c>OPENSLM_REQUIRE_ALERTMANAGER=1</c>
/// (as in CI), where it fails instead.
/// </summary>
public sealed class AlertmanagerServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/prometheus-alertmanager";
    private readonly ServerProcess _process;

    private AlertmanagerServer(ServerProcess process, Uri url) => (_process, Url) = (process, url);

    /// <summary>Alertmanager's base address.</summary>
    public Uri Url { get; }

    /// <summary>Starts it; returns once it answers ready.</summary>
    public static async Task<AlertmanagerServer> StartAsync()
    {
        ServerProcess.Require(File.Exists(Binary), "OPENSLM_REQUIRE_ALERTMANAGER", "No Alertmanager for the tests: install Debian's prometheus-alertmanager package.");
        var dir = ServerProcess.NewDirectory("alertmanager");
        var config = Path.Combine(dir, "alertmanager.yml");
        await File.WriteAllTextAsync(config, "route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n");
        var port = ServerProcess.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var process = await ServerProcess.StartAsync(Binary,
            [$"--config.file={config}", $"--storage.path={Path.Combine(dir, "data")}", $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn"],
            dir, ServerProcess.Answers(new Uri(url, "-/ready")));
        return new AlertmanagerServer(process, url);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
