using Microsoft.Playwright;
using OpenSlm.Ui.Tests.Support;

namespace OpenSlm.Ui.Tests;

/// <summary>Issue 18, reviews in Chromium against <c>slm serve --demo</c>: the demo's review with its actions, following
/// one up, recording a review (refused at its field, then saved), the agreements list and the customer's portal.</summary>
public sealed class ReviewTests(Browser browser)
{
    [Fact]
    public async Task A_review_is_followed_up_and_recorded_on_the_agreement_page_and_the_customer_reads_it_without_the_notes()
    {
        await using var slm = await SlmServe.StartAsync();
        // Held yesterday (the server runs on the real clock, as the demo does); the terms review every six months.
        var held = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var next = held.AddMonths(6).ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var due = held.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla"));
        var reviews = page.Locator("section#reviews");
        // The demo's review: three weeks ago, one action done, one overdue, one to come; the internal notes shown here.
        await Assertions.Expect(reviews.Locator("article.review")).ToHaveCountAsync(1);
        await Assertions.Expect(reviews).ToContainTextAsync("Keep availability at 99.9 % for the renewal");
        await Assertions.Expect(reviews).ToContainTextAsync("1 action overdue");
        await Assertions.Expect(reviews).ToContainTextAsync("Notes (internal): Online Retail asked about price");
        await Browser.ShotAsync(page, "agreement-reviews");

        // The overdue action is marked done.
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark 'Propose the checkout latency objective as a draft amendment' Done" }).ClickAsync();
        await Assertions.Expect(page.Locator("#review-saved")).ToContainTextAsync("is now Done");
        await Assertions.Expect(page.Locator("section#reviews #next-review")).Not.ToContainTextAsync("overdue");

        // A review with a day that is not one and an action due before it is refused at the fields, keeping what was typed.
        await page.Locator("#record-review summary").ClickAsync();
        await page.GetByLabel("Attendees").FillAsync("Amara Okafor\nPriya Shah (Online Retail)");
        await page.GetByLabel("Actions").FillAsync("Renew the contract | amara-okafor | 2020-01-01");
        await page.GetByLabel("Held on").FillAsync(held.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Next review").EvaluateAsync("e => { e.type = 'text'; e.value = 'soon'; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync();
        await Assertions.Expect(page.Locator("#nextReview-error")).ToContainTextAsync("'soon' is not a day");
        await Assertions.Expect(page.GetByLabel("Attendees")).ToHaveValueAsync("Amara Okafor\nPriya Shah (Online Retail)");
        await page.GetByLabel("Next review").EvaluateAsync("e => { e.value = ''; e.type = 'date'; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync();
        await Assertions.Expect(page.Locator("#actions-error")).ToContainTextAsync("line 1, due: is 2020-01-01");
        await Browser.ShotAsync(page, "record-review-error");
        await reviews.ScreenshotAsync(new() { Path = Path.Combine(Browser.Screenshots, "record-review-error-section.png") });

        // Corrected, it saves; the next review is six months on (the terms' interval) and the new review comes first.
        await page.GetByLabel("Actions").FillAsync($"Renew the contract | amara-okafor | {due}");
        await page.GetByLabel("Decisions").FillAsync("Renew on the same terms");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync();
        await Assertions.Expect(page.Locator("#review-saved")).ToContainTextAsync("the next review is on");
        await Assertions.Expect(page.Locator("section#reviews #next-review")).ToContainTextAsync(next);
        await Assertions.Expect(reviews.Locator("article.review").First).ToContainTextAsync("Renew on the same terms");
        await reviews.ScreenshotAsync(new() { Path = Path.Combine(Browser.Screenshots, "reviews-section.png") });

        // The agreements list shows the next review; the customer's portal the last review, without the internal notes.
        await page.GotoAsync(slm.At("/agreements"));
        await Assertions.Expect(page.Locator("tr", new() { HasText = "Online Retail web shop SLA" })).ToContainTextAsync(next);
        foreach (var (width, height, shot) in new[] { (1280, 900, "portal-review"), (390, 844, "portal-review-phone") })
        {
            var customer = await browser.NewPageAsync(width, height);
            await slm.SignInAsync(customer, "customer");
            await customer.GotoAsync(slm.At("/portal"));
            var section = customer.Locator("section#agreement-online-retail-web-shop-sla");
            await section.Locator("details.review summary").ClickAsync();
            await Assertions.Expect(section.Locator("details.review")).ToContainTextAsync("Renew on the same terms");
            await Assertions.Expect(section).Not.ToContainTextAsync("asked about price");
            await Assertions.Expect(section).ToContainTextAsync($"Next review {next}");
            Assert.True(await customer.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), $"the portal scrolls sideways at {width} px");
            await Browser.ShotAsync(customer, shot);
        }

        // The SLA runs two years from the first of the month a year ago: Renew opens a Draft of its terms for the two after.
        var renewed = DemoDates.WebShopSlaFrom.AddMonths(24);
        await page.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla"));
        await page.GetByRole(AriaRole.Button, new() { Name = $"Renew version 1 from {DemoDates.Written(renewed)}" }).ClickAsync();
        await Assertions.Expect(page.Locator("#moved")).ToContainTextAsync($"Renewal opened as a Draft, in force {DemoDates.Written(renewed)} – {DemoDates.Written(renewed.AddMonths(24).AddDays(-1))}");
        await Assertions.Expect(page.Locator("section[aria-labelledby=h-versions] tbody tr").Filter(new() { HasText = "v2" })).ToContainTextAsync("Draft");
    }
}
