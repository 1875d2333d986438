using OpenSlm.TestSupport;

namespace OpenSlm.Ui.Tests.Support;

/// <summary>The real <c>slm serve --demo</c> on a fresh SQLite store and a free port on 127.0.0.1.</summary>
public sealed class SlmServe : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private readonly string _data;

    private SlmServe(ServerProcess process, Uri url, string data) => (_process, Url, _data) = (process, url, data);

    /// <summary>Where it listens, ending in a slash.</summary>
    public Uri Url { get; }

    /// <summary>An absolute address on the server.</summary>
    public string At(string path) => new Uri(Url, path.TrimStart('/')).ToString();

    /// <summary>Starts the server; <paramref name="options"/> are more <c>slm serve</c> options.</summary>
    public static async Task<SlmServe> StartAsync(params string[] options)
    {
        var data = ServerProcess.NewDirectory("ui");
        var url = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}/");
        var process = await ServerProcess.StartAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "slm.dll"), "serve", "--demo", "--data", data, "--urls", url.ToString().TrimEnd('/'), .. options],
            data, ServerProcess.Answers(new Uri(url, "sign-in")));
        return new SlmServe(process, url, data);
    }

    /// <summary>Signs <paramref name="page"/> in as a demo user (the service level manager unless told), through the sign-in form as a person does.</summary>
    public async Task SignInAsync(Microsoft.Playwright.IPage page, string user = "manager")
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(At("/sign-in"));
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync("openslm-demo");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync(user);
    }

    /// <summary>An HTTP client for the API with a service level manager's token, made by <c>slm tokens create</c> on the server's data.</summary>
    public async Task<HttpClient> ApiAsync()
    {
        var (code, output) = await ServerProcess.RunAsync("dotnet", Path.Combine(AppContext.BaseDirectory, "slm.dll"), "tokens", "create", "--user", "manager",
            "--name", "ui tests", "--role", "ServiceLevelManager", "--data", _data);
        Assert.True(code == 0, output);
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", output.Split('\n')[0].Trim());
        return http;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
