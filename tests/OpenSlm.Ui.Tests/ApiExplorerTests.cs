using Microsoft.Playwright;
using OpenSlm.Ui.Tests.Support;

namespace OpenSlm.Ui.Tests;

/// <summary>The API explorer at /api renders OpenSLM's document and works on a network with no way out: every request it
/// makes stays on this machine, and the page's security policy lets it start (it had been blank: its inline start-up
/// script was refused).</summary>
public sealed class ApiExplorerTests(Browser browser)
{
    [Fact]
    public async Task The_api_explorer_renders_the_openslm_document_and_asks_nothing_of_another_host()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        var elsewhere = new List<string>();
        var errors = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.StartsWith("http", StringComparison.Ordinal) && new Uri(request.Url).Host is not ("127.0.0.1" or "localhost"))
            {
                elsewhere.Add(request.Url);
            }
        };
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && m.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                errors.Add(m.Text);
            }
        };
        await page.GotoAsync(slm.At("/api"));
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Requirements", new() { Timeout = 30_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(elsewhere.Count == 0, $"the explorer asked other hosts for: {string.Join(", ", elsewhere)}");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await Browser.ShotAsync(page, "api-explorer");
    }
}
