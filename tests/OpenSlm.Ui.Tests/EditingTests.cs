using Microsoft.Playwright;
using OpenSlm.Ui.Tests.Support;

namespace OpenSlm.Ui.Tests;

/// <summary>Editing services, calendars, agreements and objectives in the UI: the write path's rules beside the fields, then the change stored and audited. Each journey starts its own server.</summary>
public sealed class EditingTests(Browser browser)
{
    [Fact]
    public async Task A_record_of_any_kind_is_created_from_its_example_and_retired_after_a_confirmation()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/new/service"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Write it in YAML instead" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("New service");
        var yaml = page.GetByLabel("service in YAML");
        await Assertions.Expect(yaml).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("name: new-cloud-platform"));

        // A mistake is refused by its line, and nothing is created.
        var text = await yaml.InputValueAsync();
        await yaml.FillAsync(text.Replace("tier: 1", "tier: first", StringComparison.Ordinal));
        await page.Locator("#create").ClickAsync();
        await Assertions.Expect(page.Locator("#refused")).ToContainTextAsync("Line ");
        await Assertions.Expect(page.Locator("#refused")).ToContainTextAsync("tier");

        await page.GetByLabel("service in YAML").FillAsync(text.Replace("new-cloud-platform", "edge-cdn", StringComparison.Ordinal));
        await page.Locator("#create").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("edge-cdn");
        Assert.EndsWith("/services/edge-cdn?saved=true", page.Url, StringComparison.Ordinal);

        // Retiring asks first, says what happens, and then retires.
        await page.GetByRole(AriaRole.Link, new() { Name = "Retire service…" }).ClickAsync();
        await Assertions.Expect(page.Locator("#consequence")).ToContainTextAsync("leaves the catalogue");
        await page.Locator("#confirm-retire").ClickAsync();
        await Assertions.Expect(page.Locator("#retired")).ToContainTextAsync("edge-cdn is retired");
        await page.GotoAsync(slm.At("/services"));
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("edge-cdn");

        // A service agreements still cover is not retired: the refusal names why.
        await page.GotoAsync(slm.At("/retire/Service/checkout"));
        await page.Locator("#confirm-retire").ClickAsync();
        await Assertions.Expect(page.Locator("#refused")).ToBeVisibleAsync();
        await Browser.ShotAsync(page, "retire-refused");

        // Any other kind starts from its own example.
        await page.GotoAsync(slm.At("/new?kind=Stakeholder"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("New stakeholder");
        await Assertions.Expect(page.GetByLabel("stakeholder in YAML")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("kind: Stakeholder"));
    }

    [Fact]
    public async Task A_service_stakeholder_customer_calendar_and_agreement_are_created_field_by_field_with_refusals_beside_their_fields()
    {
        await using var slm = await SlmServe.StartAsync();
        foreach (var (width, height, suffix) in new[] { (1440, 900, "desk"), (390, 844, "phone") })
        {
            var page = await browser.NewPageAsync(width, height);
            await slm.SignInAsync(page);

            // A stakeholder first: a bad email is refused beside its field, and nothing is created.
            await page.GotoAsync(slm.At("/services"));
            await page.Locator("#new-stakeholder").ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("New stakeholder");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync($"ana-lopez-{suffix}");
            await page.GetByLabel("Display name").FillAsync($"Ana López ({suffix})");
            await page.GetByLabel("Email").FillAsync("ana at example");
            await page.Locator("#create").ClickAsync();
            await Assertions.Expect(page.Locator("#email-error")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByLabel("Display name")).ToHaveValueAsync($"Ana López ({suffix})");
            await page.GetByLabel("Email").FillAsync("ana.lopez@example.com");
            await page.GetByLabel("Team").FillAsync("Gift cards");
            await page.Locator("#create").ClickAsync();
            await Assertions.Expect(page.Locator("#created")).ToContainTextAsync($"ana-lopez-{suffix}");
            await Assertions.Expect(page.Locator("#stakeholders")).ToContainTextAsync("ana.lopez@example.com");

            // A service she owns, depending on payments; a name already taken is refused at the name.
            await page.Locator("#new-service").ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("New service");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync("checkout");
            await page.GetByLabel("Owner").SelectOptionAsync($"ana-lopez-{suffix}");
            await page.GetByLabel("Tier").FillAsync("2");
            await page.GetByLabel("payments").CheckAsync();
            await page.Locator("#save").ClickAsync();
            await Assertions.Expect(page.Locator("#name-error")).ToContainTextAsync("checkout");
            await Assertions.Expect(page.GetByLabel("payments")).ToBeCheckedAsync();
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync($"gift-cards-{suffix}");
            await page.GetByLabel("Monthly cost").FillAsync("1200,50");
            await page.Locator("#save").ClickAsync();
            await Assertions.Expect(page.Locator("#costAmount-error")).ToContainTextAsync("write decimals with a point (1200.50)");
            await page.GetByLabel("Monthly cost").FillAsync("1200.50");
            await page.GetByLabel("Currency").FillAsync("GBP");
            await page.Locator("#save").ClickAsync();
            Assert.EndsWith($"/services/gift-cards-{suffix}?saved=true", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync($"ana-lopez-{suffix}");
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("payments");

            // A customer, with who speaks for it.
            await page.GotoAsync(slm.At("/new/customer"));
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync($"gift-card-buyers-{suffix}");
            await page.GetByLabel($"Role of ana-lopez-{suffix}").SelectOptionAsync("Accountable");
            await page.Locator("#create").ClickAsync();
            await Assertions.Expect(page.Locator("#parties")).ToContainTextAsync($"ana-lopez-{suffix} (Accountable)");
            var wide = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(wide <= width, $"at {width} px the catalogue is {wide} px wide");
            await Browser.ShotAsync(page, "catalogue-parties-" + suffix);
            await page.Context.CloseAsync();
        }
        // Each creation is audited under the identity that made it.
        using var http = await slm.ApiAsync();
        var audit = await http.GetStringAsync(slm.At("/api/v1/audit?kind=Service&name=gift-cards-desk"));
        Assert.Contains("manager", audit, StringComparison.Ordinal);

        // A calendar starts as office hours; a bad range and a bad holiday date are refused beside their fields.
        var desk = await browser.NewPageAsync();
        await slm.SignInAsync(desk);
        await desk.GotoAsync(slm.At("/calendars"));
        await desk.Locator("#new-calendar").ClickAsync();
        await Assertions.Expect(desk.Locator("h1")).ToHaveTextAsync("New calendar");
        await Assertions.Expect(desk.GetByLabel("Monday")).ToHaveValueAsync("09:00-17:00");
        await desk.GetByLabel("Name", new() { Exact = true }).FillAsync("gift-card-desk-hours");
        await desk.GetByLabel("Saturday").FillAsync("10:00-09:00");
        await desk.GetByLabel("Holiday 1 date").FillAsync("2027-02-30");
        await desk.GetByLabel("Holiday 1 name").FillAsync("Stocktake");
        await desk.Locator("#save").ClickAsync();
        await Assertions.Expect(desk.Locator("#hours-saturday-error")).ToContainTextAsync("ends before it starts");
        await Assertions.Expect(desk.GetByLabel("Holiday 1 name")).ToHaveValueAsync("Stocktake");
        // The reader stops at the first value it cannot read: with the hours mended, the date is named, on its row.
        await desk.GetByLabel("Saturday").FillAsync("10:00-14:00");
        await desk.Locator("#save").ClickAsync();
        await Assertions.Expect(desk.Locator("#holiday-0-date-error")).ToContainTextAsync("is not a date");
        await desk.GetByLabel("Holiday 1 date").FillAsync("2027-02-26");
        await desk.Locator("#save").ClickAsync();
        Assert.EndsWith("/calendars/gift-card-desk-hours/edit?saved=true", desk.Url, StringComparison.Ordinal);
        var calendar = await http.GetStringAsync(slm.At("/api/v1/calendars/gift-card-desk-hours"));
        Assert.Contains("10:00-14:00", calendar, StringComparison.Ordinal);
        Assert.Contains("Stocktake", calendar, StringComparison.Ordinal);

        // An SLA with its customer and services, as a Draft: an SLA without its customer is refused at the customer.
        await desk.GotoAsync(slm.At("/agreements"));
        await desk.Locator("#new-agreement").ClickAsync();
        await Assertions.Expect(desk.Locator("h1")).ToHaveTextAsync("New agreement");
        await desk.GetByLabel("Name", new() { Exact = true }).FillAsync("gift-cards-sla");
        await desk.GetByLabel("Display name").FillAsync("Gift cards SLA");
        await desk.GetByLabel("gift-cards-desk").CheckAsync();
        await desk.GetByLabel("Accountable").SelectOptionAsync("ana-lopez-desk");
        await desk.GetByLabel("Review every (months)").FillAsync("6");
        await desk.Locator("#create").ClickAsync();
        await Assertions.Expect(desk.Locator("#customer-error")).ToContainTextAsync("customer");
        await Assertions.Expect(desk.GetByLabel("gift-cards-desk")).ToBeCheckedAsync();
        await desk.GetByLabel("Customer", new() { Exact = true }).SelectOptionAsync("gift-card-buyers-desk");
        await desk.Locator("#create").ClickAsync();
        await Assertions.Expect(desk.Locator("h1")).ToHaveTextAsync("Gift cards SLA");
        await Assertions.Expect(desk.Locator("section[aria-labelledby=h-versions]")).ToContainTextAsync("Draft");
        await Assertions.Expect(desk.GetByRole(AriaRole.Link, new() { Name = "Add objective" })).ToBeVisibleAsync();
        var agreement = await http.GetStringAsync(slm.At("/api/v1/agreements/gift-cards-sla/versions/1"));
        Assert.Contains("\"customer\":\"gift-card-buyers-desk\"", agreement, StringComparison.Ordinal);
        Assert.Contains("\"intervalMonths\":6", agreement, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_edit_that_would_make_a_dependency_cycle_is_refused_at_the_field_and_a_valid_one_is_saved()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/services/cloud-platform"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit service" }).ClickAsync();
        // Cloud Platform is what everything rests on: making it depend on the web shop closes a cycle.
        await page.GetByLabel("web-shop").CheckAsync();
        await page.GetByLabel("Tier").FillAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#form-errors")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#tier-error")).ToContainTextAsync("4");
        await Assertions.Expect(page.GetByLabel("Tier")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("web-shop")).ToBeCheckedAsync();
        await Browser.ShotAsync(page, "edit-service-error");

        await page.GetByLabel("Tier").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#dependsOn-error")).ToContainTextAsync("cycle");

        await page.GetByLabel("web-shop").UncheckAsync();
        await page.GetByLabel("Monthly cost").FillAsync("41000");
        await page.GetByLabel("Currency").FillAsync("GBP");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("GBP 41,000.00");
        using var http = await slm.ApiAsync();
        Assert.Contains("\"web\"", await http.GetStringAsync(slm.At("/api/v1/audit?kind=Service&name=cloud-platform")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_calendar_editor_checks_weekly_hours_and_holidays_and_saves_them()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/calendars"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit uk-business-hours" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Monday")).ToHaveValueAsync("08:00-18:00");

        // Saturday morning opening, with a range that ends before it starts, and a holiday on a date that is not one.
        var rows = page.Locator("table.holidays tbody tr");
        var added = await rows.CountAsync();   // the blank row after the demo's holidays
        var listed = await page.GetByLabel("Holiday 1 date").InputValueAsync();
        await page.GetByLabel("Saturday").FillAsync("09:00-08:00");
        var blank = rows.Last;
        await blank.Locator("input").First.FillAsync("2026-13-01");
        await blank.Locator("input").Last.FillAsync("Staff day");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#form-errors")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#hours-saturday-error")).ToContainTextAsync("ends before it starts");
        await Assertions.Expect(page.GetByLabel("Saturday")).ToHaveValueAsync("09:00-08:00");
        await Assertions.Expect(page.GetByLabel($"Holiday {added} date")).ToHaveValueAsync("2026-13-01");
        await Browser.ShotAsync(page, "edit-calendar-error");

        // The reader stops at the first value it cannot read: with the hours mended, the date is named, on its row.
        await page.GetByLabel("Saturday").FillAsync("09:00-13:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator($"#holiday-{added - 1}-date-error")).ToContainTextAsync("is not a date");

        // A date the calendar lists already is refused by the calendar's own rule.
        await page.GetByLabel($"Holiday {added} date").FillAsync(listed);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#form-errors")).ToBeVisibleAsync();

        var staffDay = DemoDates.Iso(new DateOnly(DemoDates.NextYear + 1, 6, 15));   // after the demo's last listed holiday
        await page.GetByLabel($"Holiday {added} date").FillAsync(staffDay);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Saturday")).ToHaveValueAsync("09:00-13:00");
        using var http = await slm.ApiAsync();
        var stored = await http.GetStringAsync(slm.At("/api/v1/calendars/uk-business-hours"));
        Assert.Contains("\"saturday\":[\"09:00-13:00\"]", stored, StringComparison.Ordinal);
        Assert.Contains($"{{\"date\":\"{staffDay}\",\"name\":\"Staff day\"}}", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_calendars_exclusions_are_edited_in_its_local_time_and_a_time_the_clocks_skip_is_refused_at_its_cell()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/calendars/always-on/edit"));

        // The demo's maintenance window is shown in London time, and reads back as stored: nothing to save.
        await Assertions.Expect(page.GetByLabel("Exclusion 1 name")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^db-upgrade-"));
        await Assertions.Expect(page.GetByLabel("Exclusion 1 start")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d{2}-15 0[12]:00$"));
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page.Locator("#unchanged")).ToBeVisibleAsync();

        // Next year's spring change in London: the clocks go from 01:00 to 02:00 on the last Sunday of March.
        var change = new DateOnly(DemoDates.NextYear, 3, 31);
        while (change.DayOfWeek != DayOfWeek.Sunday)
        {
            change = change.AddDays(-1);
        }
        var day = DemoDates.Iso(change);
        await page.GetByLabel("Exclusion 2 name").FillAsync("store-network-swap");
        await page.GetByLabel("Exclusion 2 start").FillAsync($"{day} 01:30");
        await page.GetByLabel("Exclusion 2 end").FillAsync($"{day} 05:00");
        await page.GetByLabel("Exclusion 2 kind").SelectOptionAsync("AgreedDisruption");
        await page.GetByLabel("Exclusion 2 reason").FillAsync("CHG0100 store network swap");
        await page.GetByLabel("Exclusion 2 services").FillAsync("checkout, no-such-service");
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page.Locator("#exclusion-1-start-error")).ToContainTextAsync("the clocks go forward");
        await Assertions.Expect(page.GetByLabel("Exclusion 2 kind")).ToHaveValueAsync("AgreedDisruption");
        await Browser.ShotAsync(page, "edit-calendar-exclusion-error");

        // With the time mended, the unknown service is named at its cell.
        await page.GetByLabel("Exclusion 2 start").FillAsync($"{day} 00:30");
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page.Locator("#exclusion-1-services-error")).ToContainTextAsync("no-such-service");

        await page.GetByLabel("Exclusion 2 services").FillAsync("checkout");
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Exclusion 2 end")).ToHaveValueAsync($"{day} 05:00");
        using var http = await slm.ApiAsync();
        var stored = await http.GetStringAsync(slm.At("/api/v1/calendars/always-on"));
        Assert.Contains($"\"start\":\"{day}T00:30:00Z\",\"end\":\"{day}T04:00:00Z\",\"kind\":\"AgreedDisruption\"", stored, StringComparison.Ordinal);

        // Six columns of rows fit a desk and, as cards, a phone: nothing scrolls sideways.
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            var sized = await browser.NewPageAsync(width, height);
            await slm.SignInAsync(sized);
            await sized.GotoAsync(slm.At("/calendars/always-on/edit"));
            await Assertions.Expect(sized.GetByLabel("Exclusion 2 name")).ToHaveValueAsync("store-network-swap");
            var wide = await sized.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(wide <= width, $"at {width} px the calendar editor is {wide} px wide");
            await Browser.ShotAsync(sized, "edit-calendar-exclusions-" + width);
            await sized.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task An_indicator_is_created_from_its_service_page_its_source_fields_checked_and_an_owner_kept_to_their_services()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/services/web-shop"));
        await Assertions.Expect(page.Locator("#indicators")).ToContainTextAsync("Prometheus queries");
        await Assertions.Expect(page.Locator("#indicators")).ToContainTextAsync("Web shop page latency");
        await page.Locator("#new-indicator").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("New indicator");
        await Assertions.Expect(page.GetByLabel("Service", new() { Exact = true })).ToHaveValueAsync("web-shop");

        // A field of a source not chosen is refused, not dropped unseen.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("web-shop-search-errors");
        await page.GetByLabel("Measured from").SelectOptionAsync("prometheus");
        await page.GetByLabel("Good events query").FillAsync("search_requests_total{code!~\"5..\"}");
        await page.GetByLabel("Observed from").FillAsync("2026-01-01 00:00");
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page.Locator("#observedFrom-error")).ToContainTextAsync("is filled, but the indicator is measured from Prometheus queries");

        // The spec's own rule: a ratio needs its total.
        await page.GetByLabel("Observed from").FillAsync(string.Empty);
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page.Locator("#total-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Good events query")).ToHaveValueAsync("search_requests_total{code!~\"5..\"}");

        await page.GetByLabel("Total events query").FillAsync("search_requests_total");
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToBeVisibleAsync();
        Assert.EndsWith("/indicators/web-shop-search-errors/edit?saved=true", page.Url, StringComparison.Ordinal);

        // Measured from outages instead: an Availability indicator, its first instant in the display zone.
        await page.GetByLabel("Type").SelectOptionAsync("Availability");
        await page.GetByLabel("Measured from").SelectOptionAsync("outages");
        await page.GetByLabel("Good events query").FillAsync(string.Empty);
        await page.GetByLabel("Total events query").FillAsync(string.Empty);
        await page.GetByLabel("Observed from").FillAsync("2026-02-01 00:00Z");
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToBeVisibleAsync();
        using var http = await slm.ApiAsync();
        var stored = await http.GetStringAsync(slm.At("/api/v1/indicators/web-shop-search-errors"));
        Assert.Contains("\"outages\":{\"observedFrom\":\"2026-02-01T00:00:00Z\"}", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("\"source\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"web\"", await http.GetStringAsync(slm.At("/api/v1/audit?kind=Indicator&name=web-shop-search-errors")), StringComparison.Ordinal);

        // Tom Reilly owns the web shop and checkout: he is offered those, and an indicator of payments is not his to change.
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            var owner = await browser.NewPageAsync(width, height);
            await slm.SignInAsync(owner, "owner");
            await owner.GotoAsync(slm.At("/new/indicator"));
            var offered = await owner.Locator("#service option").AllTextContentsAsync();
            Assert.Contains("checkout", offered);
            Assert.DoesNotContain("payments", offered);
            var wide = await owner.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(wide <= width, $"at {width} px the indicator form is {wide} px wide");
            await owner.GotoAsync(slm.At("/indicators/payments-authorised/edit"));
            await Assertions.Expect(owner.Locator("#not-yours")).ToContainTextAsync("payments, which is not one of your services");
            await Assertions.Expect(owner.GetByLabel("Service", new() { Exact = true })).ToHaveValueAsync("payments");
            await owner.GetByLabel("Description").FillAsync("Mine now");
            await owner.Locator("#save").ClickAsync();
            await Assertions.Expect(owner.Locator("#service-error")).ToContainTextAsync("services you own");
            await Browser.ShotAsync(owner, "edit-indicator-not-owned-" + width);
            await owner.Context.CloseAsync();
        }
        Assert.DoesNotContain("Mine now", await http.GetStringAsync(slm.At("/api/v1/indicators/payments-authorised")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ticket_policy_is_created_and_edited_field_by_field_its_conditions_and_targets_checked_on_their_rows()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);

        // The demo's policy opens as stored and saves as nothing changed.
        await page.GotoAsync(slm.At("/ticketpolicies/incident-resolution"));
        await page.Locator("#edit-policy").ClickAsync();
        await Assertions.Expect(page.GetByLabel("Stops condition 1 field")).ToHaveValueAsync("state");
        await Assertions.Expect(page.GetByLabel("Stops condition 1 values")).ToHaveValueAsync("Resolved, Closed");
        await Assertions.Expect(page.GetByLabel("Target 3 within")).ToHaveValueAsync("3d");
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page.Locator("#unchanged")).ToBeVisibleAsync();

        // A new policy from the ticket monitor: a test given no values, then a target that is no duration, each on its row.
        await page.GotoAsync(slm.At("/tickets"));
        await page.Locator("#new-policy").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("New ticket policy");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("major-incident-response");
        await page.GetByLabel("Applies to condition 1 field").FillAsync("major");
        await page.GetByLabel("Applies to condition 1 values").FillAsync("yes");
        await page.GetByLabel("Stops condition 1 field").FillAsync("state");
        await page.GetByLabel("Stops condition 2 field").FillAsync("assigned_to");
        await page.GetByLabel("Stops condition 2 test").SelectOptionAsync("notEmpty");
        await page.GetByLabel("Restarts from zero condition 1 field").FillAsync("assignment_group");
        await page.GetByLabel("Restarts from zero condition 1 test").SelectOptionAsync("changed");
        await page.GetByLabel("Target 1 within").FillAsync("15 minutes");
        await page.GetByLabel("Calendar").SelectOptionAsync("always-on");
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page.Locator("#cond-stop-0-values-error")).ToContainTextAsync("needs the values");
        await Assertions.Expect(page.GetByLabel("Restarts from zero condition 1 test")).ToHaveValueAsync("changed");

        await page.GetByLabel("Stops condition 1 values").FillAsync("Resolved, Closed");
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page.Locator("#target-0-within-error")).ToContainTextAsync("is not a positive duration");
        await Browser.ShotAsync(page, "new-ticket-policy-error");

        await page.GetByLabel("Target 1 within").FillAsync("15m");
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("assignment_group");
        using var http = await slm.ApiAsync();
        var stored = (await http.GetStringAsync(slm.At("/api/v1/ticketpolicies/major-incident-response"))).Replace(" ", "", StringComparison.Ordinal);
        Assert.Contains("\"stop\":[{\"field\":\"state\",\"in\":[\"Resolved\",\"Closed\"]},{\"field\":\"assigned_to\",\"empty\":false}]", stored, StringComparison.Ordinal);
        Assert.Contains("\"reset\":[{\"field\":\"assignment_group\",\"changed\":true}]", stored, StringComparison.Ordinal);
        Assert.Contains("{\"priority\":\"*\",\"within\":\"15m\"}", stored, StringComparison.Ordinal);

        // The form fits a phone: conditions and targets become cards.
        var phone = await browser.NewPageAsync(390, 844);
        await slm.SignInAsync(phone);
        await phone.GotoAsync(slm.At("/ticketpolicies/major-incident-response/edit"));
        await Assertions.Expect(phone.GetByLabel("Stops condition 2 test")).ToHaveValueAsync("notEmpty");
        var wide = await phone.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(wide <= 390, $"at 390 px the policy editor is {wide} px wide");
        await Browser.ShotAsync(phone, "edit-ticket-policy-phone");
    }

    [Fact]
    public async Task An_agreements_terms_are_edited_into_a_draft_amendment_with_dates_checked_at_their_fields()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/agreements/store-tills-sla"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit terms" }).ClickAsync();
        await page.GetByLabel("In force until").FillAsync("2025-01-31");
        await page.GetByLabel("Next review").FillAsync("31/03/2027");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        // The reader names the date it cannot read first; then the agreement's own rule on the dates.
        await Assertions.Expect(page.Locator("#nextReview-error")).ToContainTextAsync("not a date");
        await page.GetByLabel("Next review").FillAsync("2027-03-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#effectiveTo-error")).ToContainTextAsync("before from");
        await page.GetByLabel("In force until").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToContainTextAsync("Draft version 2");
        using var http = await slm.ApiAsync();
        Assert.Contains("\"nextReview\":\"2027-03-31\"", await http.GetStringAsync(slm.At("/api/v1/agreements/store-tills-sla/versions/2")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_objective_is_added_to_an_agreement_with_its_name_checked_like_any_other_field()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Add objective" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("New objective");
        // A name the agreement already has is refused beside the name.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("availability");
        await page.GetByLabel("Indicator").SelectOptionAsync("checkout-success");
        await page.GetByLabel("Target (%)").FillAsync("99");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#name-error")).ToContainTextAsync("availability");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("checkout-daily");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToContainTextAsync("Draft version 2");
        using var http = await slm.ApiAsync();
        var draft = await http.GetStringAsync(slm.At("/api/v1/agreements/online-retail-web-shop-sla/versions/2"));
        Assert.Contains("\"name\":\"checkout-daily\"", draft, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_an_objective_shows_the_rule_beside_the_field_then_saves_a_draft_amendment()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit objective" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Edit objective Web shop availability");

        // A target over 100 % is refused by the same rule as YAML and the API, said beside the field.
        await page.GetByLabel("Target (%)").FillAsync("100.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var error = page.Locator("#target-error");
        await Assertions.Expect(error).ToContainTextAsync("(0, 100]");
        await Assertions.Expect(page.GetByLabel("Target (%)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Target (%)")).ToHaveValueAsync("100.5");
        // What was typed and chosen is kept for the correction, the calendar window among it.
        await Assertions.Expect(page.GetByLabel("Window", new() { Exact = true })).ToHaveValueAsync("calendar");
        await Assertions.Expect(page.GetByLabel("Business calendar")).ToHaveValueAsync("always-on");
        await Browser.ShotAsync(page, "edit-objective-error");

        // Text where a number belongs is named too, not lost.
        await page.GetByLabel("Target (%)").FillAsync("ninety");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#target-error")).ToBeVisibleAsync();

        // A valid target saves: the Active version stays, a Draft amendment holds the change, audited as from the web.
        await page.GetByLabel("Target (%)").FillAsync("99.95");
        await page.GetByLabel("Warning level (%)").FillAsync("99.97");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToContainTextAsync("Draft version 2");
        await Assertions.Expect(page.Locator("section[aria-labelledby=h-versions]")).ToContainTextAsync("Draft");
        using var http = await slm.ApiAsync();
        var draft = await http.GetStringAsync(slm.At("/api/v1/agreements/online-retail-web-shop-sla/versions/2"));
        Assert.Contains("\"target\":99.95", draft.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var audit = await http.GetStringAsync(slm.At("/api/v1/audit?kind=Agreement&name=online-retail-web-shop-sla"));
        Assert.Contains("\"web\"", audit, StringComparison.Ordinal);
        await Browser.ShotAsync(page, "edit-objective-saved");

        // The draft is proposed from the versions table; an SLA is never moved to Agreed by hand: its parties sign it off.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Move version 2 to Agreed" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Move version 2 to Proposed" }).ClickAsync();
        await Assertions.Expect(page.Locator("#moved")).ToHaveTextAsync("Version 2 is now Proposed.");
        await Assertions.Expect(page.Locator("#signoff-2")).ToContainTextAsync("Waiting for the provider (tom-reilly) and the customer (dan-whitaker)");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Approve version 2" })).ToHaveCountAsync(0);

        // Tom Reilly, who owns the web shop and checkout, approves for the provider on the agreement's page.
        var owner = await browser.NewPageAsync();
        await slm.SignInAsync(owner, "owner");
        await owner.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla"));
        await owner.GetByRole(AriaRole.Button, new() { Name = "Approve version 2" }).ClickAsync();
        await Assertions.Expect(owner.Locator("#decided-2")).ToContainTextAsync("it waits for the customer");

        // Dan Whitaker, Accountable for Online Retail, first rejects without a reason (refused, said why), then approves in the portal.
        var customer = await browser.NewPageAsync();
        await slm.SignInAsync(customer, "customer");
        await customer.GotoAsync(slm.At("/portal"));
        await customer.GetByRole(AriaRole.Button, new() { Name = "Reject version 2" }).ClickAsync();
        await Assertions.Expect(customer.Locator("#signoff-errors-2")).ToContainTextAsync("is required to reject");
        await customer.GetByRole(AriaRole.Button, new() { Name = "Approve version 2" }).ClickAsync();
        await Assertions.Expect(customer.Locator("#decided-2")).ToContainTextAsync("approved by every party and is now Agreed");
        await Browser.ShotAsync(customer, "portal-sign-off");

        // Back with the manager: activating it (from today) supersedes version 1.
        await page.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla"));
        await Assertions.Expect(page.Locator("#signoff-2")).ToContainTextAsync("approved by dan-whitaker");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move version 2 to Active" }).ClickAsync();
        await Assertions.Expect(page.Locator("#moved")).ToHaveTextAsync("Version 2 is now Active.");
        await Browser.ShotAsync(page, "agreement-amended");
        var versions = page.Locator("section[aria-labelledby=h-versions] tbody tr");
        await Assertions.Expect(versions.Filter(new() { HasText = "v1" })).ToContainTextAsync("Superseded");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("version 2 (Active)");
        await Assertions.Expect(page.Locator("section[aria-labelledby=h-objectives] table.data").First).ToContainTextAsync("99.95 %");
    }
    [Fact]
    public async Task An_objectives_own_credit_tiers_are_edited_on_its_form_and_one_above_its_target_is_refused_beside_the_field()
    {
        await using var slm = await SlmServe.StartAsync();
        var page = await browser.NewPageAsync();
        await slm.SignInAsync(page);
        await page.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla/objectives/availability/edit"));
        // The demo's tiers, one a line, highest first.
        await Assertions.Expect(page.GetByLabel("Credit tiers")).ToHaveValueAsync("99.9: 5\n99.5: 15\n99.0: 30");

        // Saving with nothing changed says so, and opens no amendment.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#unchanged")).ToContainTextAsync("Nothing to save");
        await Assertions.Expect(page.Locator("section[aria-labelledby=h-versions]")).ToHaveCountAsync(0);
        await page.GotoAsync(slm.At("/services/checkout/edit"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#unchanged")).ToContainTextAsync("Nothing to save");
        await page.GotoAsync(slm.At("/agreements/online-retail-web-shop-sla/objectives/availability/edit"));

        // A decimal comma is never read as thousands (99,95 is not 9995): refused with how to write it.
        await page.GetByLabel("Target (%)").FillAsync("99,95");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#target-error")).ToContainTextAsync("'99,95' is not a number here: write decimals with a point (99.95)");
        await page.GetByLabel("Target (%)").FillAsync("99.9");

        // A line that is no tier, then a tier above the 99.9 % target: each refused beside the field, what was typed kept.
        await page.GetByLabel("Credit tiers").FillAsync("99.9: 5\nfive percent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#credits-error")).ToContainTextAsync("line 2: 'five percent' is not a tier");
        await page.GetByLabel("Credit tiers").FillAsync("99.95: 5\n99.5: 20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#credits-error")).ToContainTextAsync("above");
        await Assertions.Expect(page.GetByLabel("Credit tiers")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Credit tiers")).ToHaveValueAsync("99.95: 5\n99.5: 20");

        await page.GetByLabel("Credit tiers").FillAsync("99.9: 10\n99.5: 20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToContainTextAsync("Draft version 2");
        using var http = await slm.ApiAsync();
        var draft = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(slm.At("/api/v1/agreements/online-retail-web-shop-sla/versions/2")))!;
        var tiers = draft["spec"]!["objectives"]![0]!["credits"]!.AsArray().Select(t => ((decimal)t!["below"]!, (decimal)t["credit"]!));
        Assert.Equal([(99.9m, 10m), (99.5m, 20m)], tiers);
    }
}
