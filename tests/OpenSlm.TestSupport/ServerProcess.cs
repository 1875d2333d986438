using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace OpenSlm.TestSupport;

/// <summary>
/// A server the tests start from a Debian package, as a plain process on 127.0.0.1, with its own scratch folder:
/// started with its output drained, waited on until it answers, and stopped (its folder deleted) on dispose.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>
    /// How long a server may take to answer: sized for a loaded 2-core CI machine, where a cold <c>dotnet</c> start beside
    /// other test processes can take well over a minute. OPENSLM_SERVER_READY_SECONDS overrides it.
    /// </summary>
    public static TimeSpan ReadyWithin { get; } = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("OPENSLM_SERVER_READY_SECONDS"), out var s) && s > 0 ? s : 240);

    private const int TailLines = 40;
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private ServerProcess(Process process, string directory) => (_process, Directory) = (process, directory);

    /// <summary>
    /// The last lines the server printed (standard output and error interleaved, at most 40): what a failing test
    /// shows, rather than every information line of its run.
    /// </summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }

    /// <summary>The server's scratch folder.</summary>
    public string Directory { get; }

    /// <summary>
    /// Skips the test when <paramref name="present"/> is false, unless <paramref name="requireVariable"/> is set to 1 (as
    /// in CI), where it fails instead: a missing server must not pass for a green run there.
    /// </summary>
    public static void Require(bool present, string requireVariable, string why)
    {
        if (present)
        {
            return;
        }
        if (Environment.GetEnvironmentVariable(requireVariable) == "1")
        {
            throw new InvalidOperationException(why);
        }
        Assert.Skip(why);
    }

    /// <summary>A fresh scratch folder under the temp directory, named for <paramref name="kind"/>.</summary>
    public static string NewDirectory(string kind)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"openslm-{kind}", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts <paramref name="file"/> with <paramref name="args"/> and returns once <paramref name="ready"/> says so
    /// (polled every 100 ms for up to <see cref="ReadyWithin"/>); stopped again, with a clear error carrying the last lines it
    /// printed, when it exits or never gets ready.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string file, IEnumerable<string> args, string directory, Func<Task<bool>> ready)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(ready);
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        var server = new ServerProcess(process, directory);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await ready())
                {
                    return server;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or SocketException)
            {
                // not listening yet
            }
            if (process.HasExited || started.Elapsed > ReadyWithin)
            {
                var why = process.HasExited
                    ? $"{Path.GetFileName(file)} exited with code {process.ExitCode} before it was ready"
                    : $"{Path.GetFileName(file)} did not become ready within {ReadyWithin.TotalSeconds:0} s";
                var tail = server.Tail;
                await server.DisposeAsync();
                throw new InvalidOperationException($"{why}. Its last lines:\n{tail}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Ready when GET <paramref name="url"/> answers 200.</summary>
    public static Func<Task<bool>> Answers(Uri url) => async () =>
    {
        using var http = new HttpClient();
        return (await http.GetAsync(url)).StatusCode == HttpStatusCode.OK;
    };

    /// <summary>Ready when a TCP connection to <paramref name="port"/> on 127.0.0.1 is accepted.</summary>
    public static Func<Task<bool>> Accepts(int port) => async () =>
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        return true;
    };

    /// <summary>Runs a command to its end; its exit code and everything it printed.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
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
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // left for the OS to clean
        }
    }
}
