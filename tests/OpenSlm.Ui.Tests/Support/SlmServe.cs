using OpenSlm.TestSupport;

namespace OpenSlm.Ui.Tests.Support;

/// <summary>The real <c>slm serve --demo</c> on a fresh SQLite store and a free port on 127.0.0.1.</summary>
public sealed class SlmServe : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private SlmServe(ServerProcess process, Uri url) => (_process, Url) = (process, url);

    /// <summary>Where it listens, ending in a slash.</summary>
    public Uri Url { get; }

    /// <summary>An absolute address on the server.</summary>
    public string At(string path) => new Uri(Url, path.TrimStart('/')).ToString();

    public static async Task<SlmServe> StartAsync()
    {
        var data = ServerProcess.NewDirectory("ui");
        var url = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}/");
        var process = await ServerProcess.StartAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "slm.dll"), "serve", "--demo", "--data", data, "--urls", url.ToString().TrimEnd('/')],
            data, ServerProcess.Answers(new Uri(url, "api/v1/services")));
        return new SlmServe(process, url);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
