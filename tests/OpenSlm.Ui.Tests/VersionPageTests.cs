using Microsoft.Playwright;
using OpenSlm.Ui.Tests.Support;

namespace OpenSlm.Ui.Tests;

/// <summary>Issue 18, negotiation in Chromium against <c>slm serve --demo</c>: a Draft amendment's page with its terms,
/// compared with the Active version (the differences marked), replayed over the stored months (what if) and discussed
/// with the customer in comments.</summary>
public sealed class VersionPageTests(Browser browser)
{
    [Fact]
    public async Task A_draft_amendment_is_read_compared_with_the_version_in_force_and_replayed_over_the_stored_months()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        // A Draft that raises availability to 99.95 %, opened from the objective's edit form.
        await page.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit objective" }).First.ClickAsync();
        await page.GetByLabel("Target (%)").FillAsync("99.95");
        await page.GetByLabel("Warning level (%)").FillAsync("99.97");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToContainTextAsync("Draft version 2");

        // The versions table leads to the version's page; it opens compared with version 1, the changed terms marked.
        await page.GetByRole(AriaRole.Link, new() { Name = "v2: its terms, compared and replayed" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Online Retail web shop SLA, version 2");
        var target = page.Locator("#changes tr", new() { HasText = "objectives[availability].target" });
        await Assertions.Expect(target.Locator("del")).ToHaveTextAsync("99.9");
        await Assertions.Expect(target.Locator("ins")).ToHaveTextAsync("99.95");
        await Assertions.Expect(page.Locator("#changes tr", new() { HasText = "objectives[availability].warning" })).ToContainTextAsync("Changed");
        await Assertions.Expect(page.Locator("#changes tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#yaml")).ToContainTextAsync("target: 99.95");

        // Replayed over the last three closed months: a row per month, each objective's attainment and status, the credits.
        await page.GetByLabel("Months to replay").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();
        await Assertions.Expect(page.Locator("#whatif tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#whatif thead")).ToContainTextAsync("target 99.95 %");
        await Assertions.Expect(page.Locator("#whatif-summary")).ToContainTextAsync("Credits that would have been owed:");
        // The comparison stays as chosen while replaying.
        await Assertions.Expect(page.Locator("#changes tbody tr")).ToHaveCountAsync(2);
        await Browser.ShotAsync(page, "version-compare-whatif");

        // Months out of range are refused beside the form; a version against itself is never offered; version 1 compares with 2.
        await page.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla/versions/2?months=99"));
        await Assertions.Expect(page.Locator("section[aria-labelledby=h-whatif] .errors")).ToContainTextAsync("'99' is not 1 to 36");
        await page.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla/versions/1"));
        await Assertions.Expect(page.Locator("#with option")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#changes tr", new() { HasText = "objectives[availability].target" }).Locator("ins")).ToHaveTextAsync("99.95");
        await page.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla/versions/9"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("No such version");

        // The manager comments on a term: one the version does not have is refused, what was typed kept; then an open and an internal one.
        await page.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla/versions/2"));
        var comments = page.Locator("#comments-online-retail-web-shop-sla-2");
        await comments.GetByLabel("Your comment").FillAsync("99.95 % needs the new gateway live first.");
        await comments.GetByLabel("On the term (optional)").FillAsync("objectives[uptime].target");
        await comments.GetByRole(AriaRole.Button, new() { Name = "Comment" }).ClickAsync();
        await Assertions.Expect(comments.Locator(".errors")).ToContainTextAsync("'objectives[uptime].target' is not a term of this version");
        await Assertions.Expect(comments.GetByLabel("Your comment")).ToHaveValueAsync("99.95 % needs the new gateway live first.");
        await comments.GetByLabel("On the term (optional)").FillAsync("objectives[availability].target");
        await comments.GetByRole(AriaRole.Button, new() { Name = "Comment" }).ClickAsync();
        await Assertions.Expect(page.Locator("#commented-2")).ToHaveTextAsync("Your comment was added.");
        await comments.GetByLabel("Your comment").FillAsync("Our floor is 99.93 %.");
        await comments.GetByLabel("Internal: only the provider's staff read it").CheckAsync();
        await comments.GetByRole(AriaRole.Button, new() { Name = "Comment" }).ClickAsync();
        await Assertions.Expect(comments.Locator("li.comment")).ToHaveCountAsync(2);
        await Assertions.Expect(comments.Locator("li.comment.internal")).ToContainTextAsync("Our floor is 99.93 %.");
        await comments.ScreenshotAsync(new() { Path = Path.Combine(Browser.Screenshots, "version-comments.png") });

        // Proposed, the customer reads the open comment (not the internal one) in the portal and answers on the term.
        await page.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Move version 2 to Proposed" }).ClickAsync();
        await Assertions.Expect(page.Locator("#moved")).ToHaveTextAsync("Version 2 is now Proposed.");
        var customer = await browser.NewPageAsync(390, 844);
        await slm.SignInAsync(customer, "customer");
        await customer.GotoAsync(slm.At("/portal"));
        // Before signing, the customer reads what the proposal changes.
        await Assertions.Expect(customer.Locator("#changes-online-retail-web-shop-sla-2 tr", new() { HasText = "objectives[availability].target" }).Locator("ins")).ToHaveTextAsync("99.95");
        var theirs = customer.Locator("#comments-online-retail-web-shop-sla-2");
        await Assertions.Expect(theirs.Locator("li.comment")).ToHaveCountAsync(1);
        await Assertions.Expect(theirs).ToContainTextAsync("99.95 % needs the new gateway live first.");
        await Assertions.Expect(theirs).Not.ToContainTextAsync("floor");
        await Assertions.Expect(theirs.GetByLabel("Internal: only the provider's staff read it")).ToHaveCountAsync(0);
        await theirs.GetByLabel("Your comment").FillAsync("Agreed, if the weekend window stays.");
        await theirs.GetByLabel("On the term (optional)").FillAsync("objectives[availability]");
        await theirs.GetByRole(AriaRole.Button, new() { Name = "Comment" }).ClickAsync();
        await Assertions.Expect(customer.Locator("#commented-2")).ToHaveTextAsync("Your comment was added.");
        await Assertions.Expect(theirs.Locator("li.comment")).ToHaveCountAsync(2);
        Assert.True(await customer.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the portal scrolls sideways at 390 px");
        await Browser.ShotAsync(customer, "portal-comments-phone");

        // At phone size the page does not scroll sideways (the tables scroll inside their box).
        var phone = await browser.NewPageAsync(390, 844);
        await slm.SignInAsync(phone);
        await phone.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla/versions/2?months=3"));
        await Assertions.Expect(phone.Locator("#whatif tbody tr")).ToHaveCountAsync(3);
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the version page scrolls sideways at 390 px");
        await Browser.ShotAsync(phone, "version-compare-whatif-phone");
    }
}
