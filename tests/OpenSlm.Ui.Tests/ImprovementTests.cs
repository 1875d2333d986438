using Microsoft.Playwright;
using OpenSlm.Ui.Tests.Support;

namespace OpenSlm.Ui.Tests;

/// <summary>Issue 20 in Chromium against <c>slm serve --demo</c>: from the recurring checkout breaches to the plan whose effect shows, and an action marked done.</summary>
public sealed class ImprovementTests(Browser browser)
{
    [Fact]
    public async Task The_improvement_page_leads_from_recurring_breaches_to_a_plan_whose_measured_effect_shows()
    {
        await using var slm = await SlmServe.StartAsync();
        foreach (var (width, height, shot) in new[] { (1280, 900, "improvement"), (390, 844, "improvement-phone") })
        {
            var page = await browser.NewPageAsync(width, height);
            await slm.SignInAsync(page);
            await page.GotoAsync(slm.At("/"));
            await page.GetByRole(AriaRole.Link, new() { Name = "Improvement", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("#recurring")).ToContainTextAsync("online-retail-web-shop-sla/checkout-success");
            await Assertions.Expect(page.Locator("#recurring")).ToContainTextAsync("Breached in 3 of its last 6 periods");
            await Assertions.Expect(page.Locator("#pareto tbody tr").First).ToContainTextAsync("Capacity");
            await Assertions.Expect(page.Locator("#plans tr", new() { HasText = "Authorisations hold" })).ToContainTextAsync("(1 overdue)");
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), $"the improvement page scrolls sideways at {width} px");
            await Browser.ShotAsync(page, shot);

            await page.GetByRole(AriaRole.Link, new() { Name = "Checkout holds up under promotions" }).ClickAsync();
            await Assertions.Expect(page.Locator("#effect")).ToContainTextAsync("improved by 0.375 points, significant");
            await Assertions.Expect(page.Locator("#goal")).ToContainTextAsync("Met");
            await Assertions.Expect(page.Locator("#sides")).ToContainTextAsync("0.688 %");
            await Assertions.Expect(page.Locator("#linked-breaches li")).ToHaveCountAsync(3);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), $"the plan page scrolls sideways at {width} px");
            await Browser.ShotAsync(page, shot + "-plan");
        }

        // Plans are listed on their agreement's page and their services'; the scorecard counts open actions and names the plans that worked.
        var lists = await browser.NewPageAsync();
        await slm.SignInAsync(lists);
        await lists.GotoAsync(slm.At("/agreements/payments-ola"));
        await Assertions.Expect(lists.Locator("#plans")).ToContainTextAsync("Authorisations hold when PayFlow is slow");
        await Assertions.Expect(lists.Locator("#plans")).ToContainTextAsync("2 (1 overdue)");
        await lists.GotoAsync(slm.At("/services/checkout"));
        await Assertions.Expect(lists.Locator("#plans")).ToContainTextAsync("Checkout holds up under promotions");
        await lists.GotoAsync(slm.At("/scorecard"));
        await Assertions.Expect(lists.Locator("#value tr", new() { HasText = "checkout" }).First).ToContainTextAsync("Checkout holds up under promotions");
        await Assertions.Expect(lists.Locator("#value tr", new() { HasText = "payments" }).First).ToContainTextAsync("2 (1 overdue)");

        // An editor marks PayFlow's capacity review done: saved under their name, the effect now has a before.
        var edit = await browser.NewPageAsync();
        await slm.SignInAsync(edit);
        await edit.GotoAsync(slm.At("/improvementplans/payflow-resilience"));
        var row = edit.Locator("#actions tr", new() { HasText = "capacity-review" });
        await Assertions.Expect(row).ToContainTextAsync("(overdue)");
        await row.GetByLabel("Status of capacity-review").SelectOptionAsync("Done");
        await row.GetByLabel("Notes").FillAsync("PayFlow doubled the gateway's pool.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(edit.Locator("#saved")).ToBeVisibleAsync();
        var done = edit.Locator("#actions tr", new() { HasText = "capacity-review" });
        await Assertions.Expect(done).ToContainTextAsync("done on");
        await Assertions.Expect(done).Not.ToContainTextAsync("(overdue)");
        await Assertions.Expect(edit.Locator("#goal")).ToContainTextAsync("1 action is still open");

        // A day that does not read is refused at the field, nothing saved.
        var other = edit.Locator("#actions tr", new() { HasText = "timeout-fallback" });
        await other.GetByLabel("Status of timeout-fallback").SelectOptionAsync("Done");
        await other.GetByLabel("Done on").EvaluateAsync("e => { e.type = 'text'; e.value = '31/02/2026'; }");
        await other.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(edit.Locator("#refused")).ToContainTextAsync("spec.actions[1].done");
        await Assertions.Expect(edit.Locator("#actions tr", new() { HasText = "timeout-fallback" })).ToContainTextAsync("planned");
    }
}
