using Microsoft.Playwright;
using OpenSlm.Testing;
using OpenSlm.TestSupport;

[assembly: AssemblyFixture(typeof(OpenSlm.Ui.Tests.Support.Browser))]

namespace OpenSlm.Ui.Tests.Support;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright for .NET: launched by its executable path (Playwright's own browser
/// download is neither needed nor reachable). One browser for the test run; each test opens its own context.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    /// <summary>Where Debian installs Chromium; OPENSLM_CHROMIUM overrides it.</summary>
    public static string Executable { get; } = Environment.GetEnvironmentVariable("OPENSLM_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>Where screenshots are kept as test artifacts.</summary>
    public static string Screenshots { get; } = Path.Combine(RepositoryPaths.Repository, "artifacts", "screenshots");

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            return;
        }
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            // As root, without a sandbox; no calls home (the network here is closed and Chromium would retry them).
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>
    /// A fresh browser context (its own cookies, or those of <paramref name="storageState"/>) with one page, at a desktop
    /// size unless told, in the time zone <paramref name="timeZone"/> (UTC unless told, so pages read the same on any machine).
    /// </summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, string? storageState = null, string timeZone = "UTC")
    {
        ServerProcess.Require(_browser is not null, "OPENSLM_REQUIRE_BROWSER", $"Chromium is not installed at {Executable} (Debian package chromium).");
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            Locale = "en-GB",
            TimezoneId = timeZone,
            StorageState = storageState,
        });
        // Generous, for a loaded CI machine: a journey that works waits no longer than it needs.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Keeps a full-page screenshot of <paramref name="page"/> as <c>artifacts/screenshots/NAME.png</c>.</summary>
    public static async Task<string> ShotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = Path.Combine(Screenshots, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
