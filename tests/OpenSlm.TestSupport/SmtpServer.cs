using System.Diagnostics;

namespace OpenSlm.TestSupport;

/// <summary>
/// A real SMTP server (Debian's python3-aiosmtpd) on 127.0.0.1 that stores what it receives in a Maildir. Without the
/// package the test is skipped, unless <c>OPENSLM_REQUIRE_SMTP=1</c> (as in CI), where it fails instead.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly string _directory;
    private ServerProcess? _process;

    private SmtpServer(string directory, int port) => (_directory, Port) = (directory, port);

    /// <summary>The port it listens on (chosen free when created, kept for <see cref="StartAsync"/>).</summary>
    public int Port { get; }

    /// <summary>A server on a free port, not started yet (so that a test can show delivery waiting for it).</summary>
    public static SmtpServer Create()
    {
        var probe = new ProcessStartInfo(Python, "-c \"import aiosmtpd\"") { RedirectStandardError = true, UseShellExecute = false };
        var present = File.Exists(Python) && Process.Start(probe) is { } p && p.WaitForExit(10_000) && p.ExitCode == 0;
        ServerProcess.Require(present, "OPENSLM_REQUIRE_SMTP", "No SMTP server for the tests: install Debian's python3-aiosmtpd package.");
        return new SmtpServer(ServerProcess.NewDirectory("smtp"), ServerProcess.FreePort());
    }

    /// <summary>Starts listening; returns once it accepts connections.</summary>
    public async Task StartAsync() =>
        _process = await ServerProcess.StartAsync(Python,
            ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Path.Combine(_directory, "Maildir")],
            _directory, ServerProcess.Accepts(Port));

    /// <summary>Every message received so far, as raw RFC 5322 text, in Maildir file-name order (delivery order only to the second).</summary>
    public IReadOnlyList<string> Messages()
    {
        var dir = Path.Combine(_directory, "Maildir", "new");
        return Directory.Exists(dir) ? [.. Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(File.ReadAllText)] : [];
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();       // deletes the folder too
        }
        else if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
