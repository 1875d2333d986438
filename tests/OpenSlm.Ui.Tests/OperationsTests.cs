using Microsoft.Playwright;
using OpenSlm.Ui.Tests.Support;

namespace OpenSlm.Ui.Tests;

/// <summary>Day-to-day work in the UI: the ticket monitor, acknowledging alerts, diagnosing breaches.</summary>
public sealed class OperationsTests(Browser browser)
{
    [Fact]
    public async Task The_ticket_monitor_sorts_by_time_left_and_filters_by_priority_service_and_customer()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/tickets"));
        var rows = page.Locator("#clocks tbody tr");
        Assert.Equal(7, await rows.CountAsync());
        // The one past its deadline first; the paused one last.
        await Assertions.Expect(rows.First).ToContainTextAsync("past its deadline");
        await Assertions.Expect(rows.Last).ToContainTextAsync("paused");
        // Once the browser connects, the list keeps itself current.
        await Assertions.Expect(page.Locator("#live-status")).ToContainTextAsync("Live: read again every 30 s");

        await page.GetByLabel("Priority").SelectOptionAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        Assert.Equal(2, await rows.CountAsync());
        await Assertions.Expect(rows.First).ToContainTextAsync("INC0010041");

        await page.GotoAsync(slm.At("/tickets?customer=online-retail&service=web-shop"));
        Assert.Equal(2, await rows.CountAsync());
        foreach (var row in await rows.AllAsync())
        {
            await Assertions.Expect(row).ToContainTextAsync("web-shop");
        }
        await Browser.ShotAsync(page, "tickets-filtered");
    }

    [Fact]
    public async Task A_tickets_clock_timeline_explains_each_update_and_links_to_the_source_system()
    {
        await using var slm = await SlmServe.StartAsync("--ticket-url", "https://fernleaf.service-now.com/incident.do?sysparm_query=number={ticket}");
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            var page = await browser.NewPageAsync(width, height);
            await slm.SignInAsync(page);
            await page.GotoAsync(slm.At("/tickets"));
            // The monitor says how much of each target is used, and links each ticket to its page and its source.
            var row = page.Locator("#clocks tbody tr", new() { HasText = "INC0010043" });
            await Assertions.Expect(row.Locator(".badge")).ToContainTextAsync(" %");
            Assert.Equal("https://fernleaf.service-now.com/incident.do?sysparm_query=number=INC0010043", await row.GetByRole(AriaRole.Link, new() { Name = "INC0010043 in its source system" }).GetAttributeAsync("href"));
            await row.GetByRole(AriaRole.Link, new() { Name = "INC0010043", Exact = true }).ClickAsync();

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ticket INC0010043" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("Some card payments declined at checkout");
            var steps = page.Locator("#timeline tbody tr");
            // Opened at P3, passed to another team (no clock changed), raised to P2 (the target moves), worked on.
            await Assertions.Expect(steps.Nth(0)).ToContainTextAsync("started: target 3d for priority 3");
            await Assertions.Expect(steps.Nth(1)).ToContainTextAsync("no clock changed");
            await Assertions.Expect(steps.Nth(1)).ToContainTextAsync("assignment_group = payments-team");
            await Assertions.Expect(steps.Nth(2)).ToContainTextAsync("priority 3 → 2: target 3d → 8h");
            await Assertions.Expect(steps.Last).ToContainTextAsync("Read now");
            await Assertions.Expect(page.Locator("#ticket-clocks tbody tr")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#source-link")).ToHaveAttributeAsync("href", "https://fernleaf.service-now.com/incident.do?sysparm_query=number=INC0010043");
            await Browser.ShotAsync(page, "ticket-timeline" + (width < 600 ? "-phone" : ""));
            if (width < 600)
            {
                // An instant it cannot read is said, and the clocks are read now.
                await page.GotoAsync(slm.At("/tickets/INC0010043?at=yesterday"));
                await Assertions.Expect(page.Locator("#at-error")).ToContainTextAsync("'yesterday' is not an instant");
                await Assertions.Expect(steps.Last).ToContainTextAsync("Read now");
            }
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Times_show_in_the_browsers_time_zone_until_a_person_chooses_another()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync(timeZone: "Europe/Berlin");
        await slm.SignInAsync(page);
        // The first page learns the browser's zone; the pages after it show times there (CET in winter, CEST in summer).
        await page.GotoAsync(slm.At("/tickets/INC0010043"));
        await page.GotoAsync(slm.At("/tickets/INC0010043"));
        var when = page.Locator("#timeline tbody tr").First.Locator("td").First;
        await Assertions.Expect(when).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d CES?T$"));
        await Assertions.Expect(page.Locator("#timeline tbody tr").First).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"due \d{4}-\d\d-\d\d \d\d:\d\d CES?T"));

        // A choice on the settings page (the user name in the header leads there) wins over the browser's.
        await page.Locator("#signed-in-as").ClickAsync();
        await page.GetByLabel("Show times in").SelectOptionAsync("America/New_York");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToContainTextAsync("America/New_York");
        await page.GotoAsync(slm.At("/tickets"));
        await Assertions.Expect(page.Locator("#live-status")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"E[SD]T"));
        await page.GotoAsync(slm.At("/tickets/INC0010043"));
        await Assertions.Expect(when).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@" E[SD]T$"));

        // Back to the browser's zone.
        await page.GotoAsync(slm.At("/settings"));
        await page.GetByLabel("Show times in").SelectOptionAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GotoAsync(slm.At("/tickets/INC0010043"));
        await page.GotoAsync(slm.At("/tickets/INC0010043"));
        await Assertions.Expect(when).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@" CES?T$"));
    }

    [Fact]
    public async Task A_policy_recompute_says_which_clocks_it_would_change_before_it_runs()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/tickets"));
        await page.Locator("#policies").GetByRole(AriaRole.Link, new() { Name = "incident-resolution" }).ClickAsync();
        await Assertions.Expect(page.Locator("#targets")).ToContainTextAsync("4h");
        await Assertions.Expect(page.Locator("#preview-summary")).ToContainTextAsync("no clock would change");
        Assert.Equal(0, await page.Locator("#recompute").CountAsync());

        // P1 tightened to 2 h through the API: running clocks keep version 1, so a recompute would move every P1 clock.
        using var http = await slm.ApiAsync();
        var yaml = (await File.ReadAllTextAsync(Path.Combine(OpenSlm.Testing.RepositoryPaths.Repository, "src", "OpenSlm", "Demo", "fernleaf.yaml")))
            .Split("\n---\n").Single(d => d.Contains("kind: TicketPolicy", StringComparison.Ordinal)).Replace("within: 4h", "within: 2h", StringComparison.Ordinal);
        var applied = await http.PostAsync(slm.At("/api/v1/apply"), new StringContent(yaml, System.Text.Encoding.UTF8, "application/yaml"));
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync());
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#preview-summary")).ToContainTextAsync("would change");
        var row = page.Locator("#preview tbody tr", new() { HasText = "INC0010041" });
        await Assertions.Expect(row).ToContainTextAsync("target 4h → 2h");
        await Assertions.Expect(row).ToContainTextAsync("v1");
        await Browser.ShotAsync(page, "recompute-preview");

        await page.Locator("#recompute").ClickAsync();
        await Assertions.Expect(page.Locator("#recomputed")).ToContainTextAsync("Recomputed under version 2");
        await Assertions.Expect(page.Locator("#preview-summary")).ToContainTextAsync("no clock would change");
        var clock = await http.GetStringAsync(slm.At("/api/v1/tickets/INC0010041/clocks"));
        Assert.Contains("\"policyVersion\":2", clock, StringComparison.Ordinal);
        Assert.Contains("\"targetSeconds\":7200", clock, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_open_alert_is_acknowledged_from_the_alerts_page_under_the_users_name()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        // slm serve opens alerts in its first evaluation round after start.
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/alerts"));
        var buttons = page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Acknowledge alert") });
        await Assertions.Expect(buttons.First).ToBeVisibleAsync();
        var before = await buttons.CountAsync();
        await buttons.First.ClickAsync();
        await Assertions.Expect(page.Locator("#acknowledged")).ToContainTextAsync("acknowledged by manager");
        Assert.Equal(before - 1, await buttons.CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Acknowledged" }).ClickAsync();
        await Assertions.Expect(page.Locator("#alerts tbody tr")).ToHaveCountAsync(1);
        await Browser.ShotAsync(page, "alerts-acknowledged");
    }

    [Fact]
    public async Task Alerts_are_acknowledged_together_with_a_note_and_snoozed_with_a_reason()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/alerts"));
        var picks = page.GetByRole(AriaRole.Checkbox, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Select alert") });
        await Assertions.Expect(picks.First).ToBeVisibleAsync();
        var open = await picks.CountAsync();
        Assert.True(open >= 2, $"the demo opens {open} alerts");

        // Nothing ticked: refused, and said so.
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge selected" }).ClickAsync();
        await Assertions.Expect(page.Locator("#refused")).ToContainTextAsync("tick the alerts");

        await picks.Nth(0).CheckAsync();
        await picks.Nth(1).CheckAsync();
        await page.GetByLabel("Note", new() { Exact = true }).FillAsync("INC0010046: gateway failover in progress");
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge selected" }).ClickAsync();
        await Assertions.Expect(page.Locator("#acknowledged")).ToContainTextAsync("2 alerts");
        await Assertions.Expect(page.Locator("#acknowledged")).ToContainTextAsync("acknowledged by manager");
        await Assertions.Expect(picks).ToHaveCountAsync(open - 2);

        // Acknowledged, with the note; one of them snoozed for four hours, saying why.
        await page.GetByRole(AriaRole.Link, new() { Name = "Acknowledged" }).ClickAsync();
        var row = page.Locator("#alerts tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("INC0010046: gateway failover in progress");
        await row.Locator("summary", new() { HasText = "Snooze" }).ClickAsync();
        await row.GetByLabel("Quiet for").SelectOptionAsync("4 hours");
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Snooze alert") }).ClickAsync();
        // The reason is required: the browser keeps the form until it is given.
        Assert.Equal(0, await page.Locator("#snoozed").CountAsync());
        await row.GetByLabel("Why").FillAsync("Failover finishes by the afternoon");
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Snooze alert") }).ClickAsync();
        await Assertions.Expect(page.Locator("#snoozed")).ToContainTextAsync("by manager");
        await Assertions.Expect(page.Locator("#alerts tbody tr").First).ToContainTextAsync("snoozed until");
        await Assertions.Expect(page.Locator("#alerts tbody tr").First).ToContainTextAsync("Failover finishes by the afternoon");
        await Browser.ShotAsync(page, "alerts-snoozed");
    }

    [Fact]
    public async Task A_breach_gets_its_root_cause_and_the_agreements_report_carries_it()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/breaches"));
        // The newest checkout breach (last month's; the demo's older two are diagnosed already).
        var breach = page.Locator("section[id^=breach-]").Filter(new() { HasText = "checkout-success" }).First;
        await breach.GetByLabel("Cause category").SelectOptionAsync("Supplier");
        await breach.GetByLabel("Root cause").FillAsync("Card scheme outage at the acquirer, 10–16 of the month");
        await breach.GetByLabel("Refers to").FillAsync("INC0010043\nCHG0041");
        await breach.GetByLabel("payments").CheckAsync();
        await breach.GetByLabel("Actions").FillAsync("Second acquirer contracted");
        await breach.GetByRole(AriaRole.Button, new() { Name = "Save diagnosis" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToContainTextAsync("checkout-success");
        var saved = page.Locator("section[id^=breach-]").Filter(new() { HasText = "checkout-success" }).First;
        await Assertions.Expect(saved.GetByLabel("Root cause")).ToHaveValueAsync("Card scheme outage at the acquirer, 10–16 of the month");
        await Assertions.Expect(saved.GetByLabel("Cause category")).ToHaveValueAsync("Supplier");
        await Assertions.Expect(saved.GetByLabel("Refers to")).ToHaveValueAsync("INC0010043\nCHG0041");
        await Assertions.Expect(saved.GetByLabel("payments")).ToBeCheckedAsync();
        // Only the services the web shop's agreement covers and depends on are offered.
        await Assertions.Expect(saved.GetByLabel("store-tills")).ToHaveCountAsync(0);
        await Browser.ShotAsync(page, "breach-diagnosed");
        // Last month's report on the agreement page now gives the root cause.
        await page.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla"));
        await Assertions.Expect(page.Locator("div.report")).ToContainTextAsync("Card scheme outage at the acquirer");
    }
}
