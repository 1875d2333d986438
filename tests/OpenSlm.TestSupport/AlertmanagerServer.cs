using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace OpenSlm.TestSupport;

/// <summary>
/// A real Prometheus Alertmanager (Debian's prometheus-alertmanager) on 127.0.0.1, clustering off, routing everything
/// to a receiver that sends nothing. Without the package the test is skipped, unless <c>OPENSLM_REQUIRE_ALERTMANAGER=1</c>
/// (as in CI), where it fails instead.
/// </summary>
public sealed class AlertmanagerServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/prometheus-alertmanager";
    private readonly Process _process;
    private readonly string _directory;

    private AlertmanagerServer(Process process, string directory, Uri url) => (_process, _directory, Url) = (process, directory, url);

    /// <summary>Alertmanager's base address.</summary>
    public Uri Url { get; }

    /// <summary>Starts it; returns once it answers ready.</summary>
    public static async Task<AlertmanagerServer> StartAsync()
    {
        if (!File.Exists(Binary))
        {
            const string why = "No Alertmanager for the tests: install Debian's prometheus-alertmanager package.";
            if (Environment.GetEnvironmentVariable("OPENSLM_REQUIRE_ALERTMANAGER") == "1")
            {
                throw new InvalidOperationException(why);
            }
            Assert.Skip(why);
        }
        var dir = Path.Combine(Path.GetTempPath(), "openslm-alertmanager", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var config = Path.Combine(dir, "alertmanager.yml");
        await File.WriteAllTextAsync(config, "route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n");
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { $"--config.file={config}", $"--storage.path={Path.Combine(dir, "data")}", $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn" })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new AlertmanagerServer(process, dir, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = server.Url };
        var deadline = DateTime.UtcNow.AddSeconds(30);
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
                throw new InvalidOperationException("Alertmanager did not become ready within 30 s.");
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
}
