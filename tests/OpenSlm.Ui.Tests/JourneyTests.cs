using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenSlm.Ui.Tests.Support;
using UglyToad.PdfPig;

namespace OpenSlm.Ui.Tests;

/// <summary>
/// The main reading journeys through the web UI, in Debian's Chromium against the real <c>slm serve --demo</c>. They only
/// read, so the class shares one server (journeys that change data start their own).
/// </summary>
public sealed partial class JourneyTests(Browser browser, DemoServer demo) : IClassFixture<DemoServer>
{
    [Fact]
    public async Task The_home_page_puts_what_needs_attention_first_then_the_catalogue()
    {
        var page = await browser.NewPageAsync();
        var slm = await demo.StartedAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("What needs attention");

        // The demo's incident three days ago leaves the web shop at risk; the payments failing now burn fast.
        var objectives = page.Locator("section[aria-labelledby=h-objectives] tbody tr");
        await Assertions.Expect(objectives.Filter(new() { HasText = "Web shop availability" })).ToContainTextAsync("At risk");
        await Assertions.Expect(objectives.Filter(new() { HasText = "Authorisations answered within 3 s" })).ToContainTextAsync("At risk");
        // Tickets by time left, the most urgent first; reviews due; the breach that waits for a root cause.
        var tickets = page.Locator("section[aria-labelledby=h-tickets] li");
        await Assertions.Expect(tickets.First).ToContainTextAsync("past its deadline");
        await Assertions.Expect(page.Locator("section[aria-labelledby=h-reviews]")).ToContainTextAsync("store-tills-sla");
        await Assertions.Expect(page.Locator("section[aria-labelledby=h-breaches]")).ToContainTextAsync("checkout-success");
        // PayFlow's slow wear: met every month, lower in each of the last three, named before it breaches.
        await Assertions.Expect(page.Locator("#deteriorating")).ToContainTextAsync("payments-ola / authorisations: still met, but lower in each of the last 3 periods");
        // Then the catalogue at a glance, every service a tile, worst first.
        var tiles = page.Locator("ul.tiles li");
        Assert.True(await tiles.CountAsync() >= 13);
        await Assertions.Expect(tiles.First).ToHaveClassAsync(new Regex("st-breached|st-risk"));
        await Browser.ShotAsync(page, "home");
        // The leaders' scorecard is one link away.
        await page.GetByRole(AriaRole.Link, new() { Name = "The 12-month scorecard" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Scorecard");
    }

    [Fact]
    public async Task The_scorecard_shows_the_latest_month_first_inside_the_app_and_refuses_a_month_to_come()
    {
        var slm = await demo.StartedAsync();
        var lastClosed = new DateOnly(DemoDates.Today.Year, DemoDates.Today.Month, 1).AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            var page = await browser.NewPageAsync(width, height);
            await slm.SignInAsync(page);
            await page.GotoAsync(slm.At("/"));
            await page.GetByRole(AriaRole.Link, new() { Name = "Scorecard", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Scorecard");
            // The latest closed month is the first month shown, and the demo's breach (checkout success, last month) is in view.
            await Assertions.Expect(page.Locator("#h-heat")).ToContainTextAsync($"Objectives by month, {lastClosed} back to");
            var worst = page.Locator("#heat tbody tr").First;
            await Assertions.Expect(worst).ToContainTextAsync("checkout-success");
            await Assertions.Expect(worst.Locator("td.cell").First).ToHaveClassAsync(new Regex("st-breached"));
            await Assertions.Expect(page.Locator("#deteriorating")).ToContainTextAsync("payflow-gateway-uc / authorisations");
            await Assertions.Expect(page.Locator("#heat tbody tr").Filter(new() { HasText = "payments-ola" }).First).ToContainTextAsync("deteriorating: falling");
            var wide = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            await Browser.ShotAsync(page, "scorecard" + (width < 600 ? "-phone" : ""));
            Assert.True(wide <= width, $"at {width} px the page is {wide} px wide");
            await Browser.ShotAsync(page, "scorecard" + (width < 600 ? "-phone" : ""));
            await page.Context.CloseAsync();
        }

        // Six months, chosen by keyboard; a month that has not begun is refused beside its field.
        var desk = await browser.NewPageAsync(1440, 900);
        await slm.SignInAsync(desk);
        await desk.GotoAsync(slm.At("/scorecard"));
        await desk.GetByLabel("Months").SelectOptionAsync("6");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Show" }).PressAsync("Enter");
        await Assertions.Expect(desk.Locator("#heat thead th")).ToHaveCountAsync(1 + 6);
        await desk.GotoAsync(slm.At($"/scorecard?last={DemoDates.NextYear}-06"));
        await Assertions.Expect(desk.Locator("#last-error")).ToContainTextAsync("after today");
        await Assertions.Expect(desk.Locator("#heat")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_agreement_opens_from_the_list_with_its_objectives_charts_versions_and_report()
    {
        var page = await browser.NewPageAsync();
        var slm = await demo.StartedAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/agreements"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Online Retail web shop SLA" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Online Retail web shop SLA");
        await Assertions.Expect(page.Locator("section[aria-labelledby=h-objectives] table.data").First).ToContainTextAsync("Checkouts completed");
        // Per objective a burn-down chart, the SLI over time and the burn-rate history, drawn as SVG: the desk's one shown,
        // the phone's laid out apart.
        foreach (var chart in new[] { "budget", "sli", "burn" })
        {
            Assert.Equal(3, await page.Locator($"section[aria-labelledby=h-objectives] figure.chart[id^={chart}-] .chart-wide svg").CountAsync());
            Assert.Equal(3, await page.Locator($"section[aria-labelledby=h-objectives] figure.chart[id^={chart}-] svg:visible").CountAsync());
        }
        await Assertions.Expect(page.Locator("section[aria-labelledby=h-versions]")).ToContainTextAsync("Active");
        // Last month's report is on the page, with the breach of checkouts and its credits.
        var report = page.Locator("div.report");
        await Assertions.Expect(report).ToContainTextAsync("Checkouts completed");
        await Assertions.Expect(report).ToContainTextAsync("Breached");
        await Browser.ShotAsync(page, "agreement");
    }

    [Fact]
    public async Task The_sli_and_burn_rate_charts_show_the_range_picked_with_the_alerts_marked_at_desk_and_phone_size()
    {
        var slm = await demo.StartedAsync();
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            var page = await browser.NewPageAsync(width, height);
            await slm.SignInAsync(page);
            await page.GotoAsync(slm.At("/agreements/payments-ola"));
            // Seven days by default; the payments OLA burns fast in the last hours, so its page alert is marked.
            var sli = page.Locator("figure#sli-authorisations");
            await Assertions.Expect(sli.Locator("figcaption")).ToContainTextAsync("over the last 7 days");
            await Assertions.Expect(sli.Locator("figcaption")).ToContainTextAsync("page alert");
            await Assertions.Expect(page.Locator("figure#burn-authorisations figcaption")).ToContainTextAsync("page when over 14.4× for 1h and 5m");
            await Assertions.Expect(sli.Locator("svg:visible")).ToHaveCountAsync(1);
            await Assertions.Expect(sli.Locator("svg:visible")).ToContainTextAsync("target 99.95 %");
            await Assertions.Expect(page.Locator("figure#burn-authorisations svg:visible")).ToContainTextAsync("burn over 1h (page above 14.4)");
            // The range picker: a link per range, the one shown marked as current.
            await page.GetByRole(AriaRole.Link, new() { Name = "90 days" }).ClickAsync();
            await Assertions.Expect(sli.Locator("figcaption")).ToContainTextAsync("SLI per 12h over the last 90 days");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "90 days" })).ToHaveAttributeAsync("aria-current", "true");
            var wide = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(wide <= width, $"at {width} px the page is {wide} px wide");
            await Browser.ShotAsync(page, "agreement-charts" + (width < 600 ? "-phone" : ""));
            // A range the charts do not offer is named, and the default shown.
            await page.GotoAsync(slm.At("/agreements/payments-ola?range=2w"));
            await Assertions.Expect(page.Locator("#range-error")).ToContainTextAsync("expected one of 1d, 7d, 30d, 90d");
            await Assertions.Expect(sli.Locator("figcaption")).ToContainTextAsync("over the last 7 days");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_report_downloads_from_the_agreement_page_as_a_pdf_with_the_pages_numbers()
    {
        var page = await browser.NewPageAsync();
        var slm = await demo.StartedAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla"));
        var attained = await page.Locator("div.report table").First.InnerTextAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "PDF" }).ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".pdf");
        await download.SaveAsAsync(path);
        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
        using var pdf = PdfDocument.Open(path);
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        Assert.Contains("Online Retail web shop SLA", text, StringComparison.Ordinal);
        // The figures the page shows are the figures the PDF carries.
        foreach (var percent in Percent().Matches(attained).Select(m => m.Value).Distinct())
        {
            Assert.Contains(percent.Replace(" ", "", StringComparison.Ordinal), text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        // The CSV link names the same period.
        Assert.Contains("format=csv", await page.GetByRole(AriaRole.Link, new() { Name = "CSV" }).GetAttributeAsync("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_narrow_window_the_pages_fit_and_work_by_keyboard()
    {
        var page = await browser.NewPageAsync(width: 390, height: 844);
        var slm = await demo.StartedAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/"));
        // Nothing but wide tables scrolls sideways: the page itself fits the window.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"));
        // The first Tab reaches the skip link; Enter on it moves to the content.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator(":focus")).ToHaveTextAsync("Skip to content");
        // Tabbing on reaches the navigation; Enter follows a link.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator(":focus")).ToHaveTextAsync("Catalogue");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Agreements");
        await Browser.ShotAsync(page, "narrow-agreements");
    }

    [GeneratedRegex(@"\d+\.\d+ %")]
    private static partial Regex Percent();
}
