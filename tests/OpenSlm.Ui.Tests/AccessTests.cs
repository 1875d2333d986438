using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OpenSlm.Ui.Tests.Support;

namespace OpenSlm.Ui.Tests;

/// <summary>
/// Signing in and out, the customer portal, and the pages where people manage tokens and users, in Chromium against the
/// real <c>slm serve --demo</c>, at desk and phone size.
/// </summary>
public sealed class AccessTests(Browser browser, DemoServer demo) : IClassFixture<DemoServer>
{
    [Fact]
    public async Task A_customer_signs_in_to_their_portal_and_sees_only_their_own_agreements_on_a_desk_and_a_phone()
    {
        var slm = await demo.StartedAsync();
        foreach (var (width, height, shot) in new[] { (1280, 900, "portal"), (390, 844, "portal-phone") })
        {
            var page = await browser.NewPageAsync(width, height);
            await page.GotoAsync(slm.At("/"));
            // Anonymous: the sign-in page.
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to OpenSLM");
            await page.GetByLabel("User name").FillAsync("customer");
            await page.GetByLabel("Password").FillAsync("openslm-demo");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your agreements");
            await Assertions.Expect(page.Locator("section#agreement-online-retail-web-shop-sla")).ToContainTextAsync("Checkouts completed");
            Assert.Equal(0, await page.Locator("section#agreement-store-tills-sla").CountAsync());
            Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Catalogue" }).CountAsync());
            // The breach of checkouts is listed with its statement (none written yet), never the internal notes.
            await Assertions.Expect(page.Locator("section#agreement-online-retail-web-shop-sla")).ToContainTextAsync("a statement will follow");
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), $"the portal scrolls sideways at {width} px");
            await Browser.ShotAsync(page, shot);
            // Last month's report downloads as a PDF with the customer's session.
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("section#agreement-online-retail-web-shop-sla").GetByRole(AriaRole.Link, new() { Name = "PDF" }).First.ClickAsync());
            Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
            // An internal page says access is denied.
            var denied = await page.GotoAsync(slm.At("/services"));
            Assert.Equal(403, denied!.Status);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Access denied");
        }
    }

    [Fact]
    public async Task A_wrong_password_gets_one_message_and_signing_out_ends_the_session()
    {
        var slm = await demo.StartedAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(slm.At("/agreements"));
        await page.GetByLabel("User name").FillAsync("viewer");
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#sign-in-error")).ToContainTextAsync("The user name or password is wrong");
        await page.GetByLabel("User name").FillAsync("viewer");
        await page.GetByLabel("Password").FillAsync("openslm-demo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Back where they were going.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Agreements");
        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync("viewer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to OpenSLM");
        await page.GotoAsync(slm.At("/agreements"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to OpenSLM");
    }

    [Fact]
    public async Task A_token_made_on_the_tokens_page_is_shown_once_works_and_stops_when_revoked()
    {
        var slm = await demo.StartedAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page, "viewer");
        await page.GotoAsync(slm.At("/tokens"));
        await page.GetByLabel("Name").FillAsync("dashboard");
        await page.GetByLabel("Viewer").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var text = (await page.Locator("#token-text").TextContentAsync())!.Trim();
        Assert.StartsWith("slm_", text, StringComparison.Ordinal);
        await Browser.ShotAsync(page, "tokens");

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", text);
        var me = JsonNode.Parse(await http.GetStringAsync(slm.At("/api/v1/me")))!;
        Assert.StartsWith("viewer (token #", (string)me["name"]!, StringComparison.Ordinal);

        // Shown once: a fresh look at the page lists it without its text.
        await page.GotoAsync(slm.At("/tokens"));
        Assert.Equal(0, await page.Locator("#token-text").CountAsync());
        var row = page.Locator("#tokens tbody tr").Filter(new() { HasText = "dashboard" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(page.Locator("#tokens tbody tr").Filter(new() { HasText = "dashboard" })).ToContainTextAsync("revoked by viewer");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync(slm.At("/api/v1/me"))).StatusCode);
    }

    [Fact]
    public async Task An_admin_adds_a_user_who_then_signs_in_with_the_password_shown_once()
    {
        var slm = await demo.StartedAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page, "admin");
        await page.GotoAsync(slm.At("/users"));
        await page.GetByLabel("User name").FillAsync("new-analyst");
        await page.GetByLabel("Roles", new() { Exact = true }).FillAsync("Viewer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        var notice = (await page.Locator("#users-notice").TextContentAsync())!;
        var password = notice[(notice.LastIndexOf(": ", StringComparison.Ordinal) + 2)..].Trim();
        await Assertions.Expect(page.Locator("#security-log")).ToContainTextAsync("UserCreated");
        await Browser.ShotAsync(page, "users");

        var other = await browser.NewPageAsync();
        await other.GotoAsync(slm.At("/sign-in"));
        await other.GetByLabel("User name").FillAsync("new-analyst");
        await other.GetByLabel("Password").FillAsync(password);
        await other.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(other.Locator("#signed-in-as")).ToHaveTextAsync("new-analyst");
    }
}
