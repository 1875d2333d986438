using Microsoft.Playwright;
using OpenSlm.Ui.Tests.Support;

namespace OpenSlm.Ui.Tests;

/// <summary>Issue 18, negotiation in Chromium against <c>slm serve --demo</c>: the demo customer's requirement for next year
/// with the offer that answers it, need by need and against the budget.</summary>
public sealed class RequirementTests(Browser browser)
{
    [Fact]
    public async Task A_requirement_shows_each_offer_need_by_need_and_against_the_budget()
    {
        await using var slm = await SlmServe.StartAsync();
        foreach (var (width, height, shot) in new[] { (1280, 900, "requirement-offers"), (390, 844, "requirement-offers-phone") })
        {
            var page = await browser.NewPageAsync(width, height);
            await slm.SignInAsync(page);
            await page.GotoAsync(slm.At("/agreements"));
            await page.GetByRole(AriaRole.Link, new() { Name = "Requirements" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = $"Online Retail's needs for {DemoDates.NextYear}" }).ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync($"Online Retail's needs for {DemoDates.NextYear}");

            // The web-shop SLA as it stands: availability at all times (not trading hours), checkout below the 99.7 % needed, over budget.
            var offers = page.Locator("#offers");
            await Assertions.Expect(offers.Locator("tr", new() { HasText = "availability" }).Locator("td")).ToContainTextAsync("Other hours");
            await Assertions.Expect(offers.Locator("tr", new() { HasText = "page-latency" }).Locator("td")).ToContainTextAsync("Meets");
            await Assertions.Expect(offers.Locator("tr", new() { HasText = "checkout-success" }).Locator("td")).ToContainTextAsync("offers 99.5 % where 99.7 % is needed");
            await Assertions.Expect(offers.Locator("tr", new() { HasText = "p1-response" }).Locator("td")).ToContainTextAsync("Not compared");
            await Assertions.Expect(offers.Locator("tr", new() { HasText = "Price" }).Locator("td")).ToContainTextAsync("over budget");
            await Assertions.Expect(page.Locator("#meet-all")).ToHaveTextAsync("No offer meets every need within the budget.");
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), $"the requirement page scrolls sideways at {width} px");
            await Browser.ShotAsync(page, shot);
        }

        // An address that is no page says so, as a page with a way back (not the API's JSON).
        var lost = await browser.NewPageAsync();
        await slm.SignInAsync(lost);
        var answer = await lost.GotoAsync(slm.At($"/requirement/online-retail-{DemoDates.NextYear}"));
        Assert.Equal(404, answer!.Status);
        await Assertions.Expect(lost.Locator("h1")).ToHaveTextAsync("Page not found");
        await lost.GetByRole(AriaRole.Link, new() { Name = "Start page" }).ClickAsync();
        await Assertions.Expect(lost.Locator("h1")).Not.ToHaveTextAsync("Page not found");
    }
}
