using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace OpenSlm.TestSupport;

/// <summary>
/// A real SMTP server (Debian's python3-aiosmtpd) on 127.0.0.1 that stores what it receives in a Maildir. Without the
/// package the test is skipped, unless <c>OPENSLM_REQUIRE_SMTP=1</c> (as in CI), where it fails instead.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly string _directory;
    private Process? _process;

    private SmtpServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    /// <summary>The port it listens on (chosen free when created, kept across <see cref="StartAsync"/> calls).</summary>
    public int Port { get; }

    /// <summary>A server on a free port, not started yet (so that a test can show delivery waiting for it).</summary>
    public static SmtpServer Create()
    {
        var probe = new ProcessStartInfo(Python, "-c \"import aiosmtpd\"") { RedirectStandardError = true, UseShellExecute = false };
        var ok = File.Exists(Python) && Process.Start(probe) is { } p && p.WaitForExit(10_000) && p.ExitCode == 0;
        if (!ok)
        {
            const string why = "No SMTP server for the tests: install Debian's python3-aiosmtpd package.";
            if (Environment.GetEnvironmentVariable("OPENSLM_REQUIRE_SMTP") == "1")
            {
                throw new InvalidOperationException(why);
            }
            Assert.Skip(why);
        }
        var dir = Path.Combine(Path.GetTempPath(), "openslm-smtp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new SmtpServer(dir, ((IPEndPoint)listener.LocalEndpoint).Port);
    }

    /// <summary>Starts listening; returns once it accepts connections.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Path.Combine(_directory, "Maildir") })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Every message received so far, as raw RFC 5322 text.</summary>
    public IReadOnlyList<string> Messages()
    {
        var dir = Path.Combine(_directory, "Maildir", "new");
        return Directory.Exists(dir) ? [.. Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(File.ReadAllText)] : [];
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
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
