using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Api;

public sealed class ReportApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static readonly Instant April2 = Instant.FromUtc(2025, 4, 2, 9, 0);

    internal const string Catalogue = """
        apiVersion: openslm/v1
        kind: Customer
        metadata: {name: acme, displayName: Acme Ltd}
        ---
        apiVersion: openslm/v1
        kind: Stakeholder
        metadata: {name: dana}
        spec: {email: dana@example.com}
        ---
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: shop}
        ---
        apiVersion: openslm/v1
        kind: Calendar
        metadata: {name: london}
        spec:
          timeZone: Europe/London
          exclusions:
            - {name: db-upgrade, start: "2025-03-09T01:00:00Z", end: "2025-03-09T03:00:00Z", kind: PlannedMaintenance, reason: CHG-1042}
            - {name: other-service, start: "2025-03-10T01:00:00Z", end: "2025-03-10T02:00:00Z", services: [warehouse]}
        ---
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: warehouse}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: shop-ok}
        spec: {service: shop}
        ---
        apiVersion: openslm/v1
        kind: TicketPolicy
        metadata: {name: resolution}
        spec:
          stop: [{field: state, in: [Resolved]}]
          targets: [{priority: "1", within: 4h}, {priority: "2", within: 1d}]
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: tickets-in-time}
        spec:
          service: shop
          clocks: {policy: resolution}
        ---
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: shop-sla, displayName: Shop SLA}
        spec:
          kind: SLA
          status: Active
          customer: acme
          services: [shop]
          charge: {amount: 10000, currency: EUR}
          credits:
            cap: 20
            tiers: [{below: 99.9, credit: 5}, {below: 99, credit: 15}]
          objectives:
            - {name: availability, indicator: shop-ok, target: 99.9, window: {calendar: month}, calendar: london}
            - {name: resolution, indicator: tickets-in-time, target: 90, window: {calendar: month}, credits: [{below: 90, credit: 15}]}
          stakeholders:
            - {stakeholder: dana, role: Accountable}
        """;

    /// <summary>A measurement a day at noon UTC, 2024-03-01 to 2025-03-31, 10,000 events: 5 bad a day, 20 in March 2025, 200 on 15 March.</summary>
    internal static string Daily()
    {
        var csv = new StringBuilder("timestamp,indicator,bad,total\n");
        for (var d = new LocalDate(2024, 3, 1); d <= new LocalDate(2025, 3, 31); d = d.PlusDays(1))
        {
            var bad = d == new LocalDate(2025, 3, 15) ? 200 : d >= new LocalDate(2025, 3, 1) ? 20 : 5;
            csv.Append(InstantPattern.ExtendedIso.Format(d.At(new LocalTime(12, 0)).InUtc().ToInstant())).Append(",shop-ok,").Append(bad).Append(",10000\n");
        }
        return csv.ToString();
    }

    internal static async Task<ApiHost> StartAsync(string provider, OpenSlm.Jobs.NotificationOptions? notifications = null)
    {
        var api = await ApiHost.StartAsync(provider, now: April2, notifications: notifications);
        var applied = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue));
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/measurements", new StringContent(Daily(), Encoding.UTF8, "text/csv"))).StatusCode);
        var tickets = """
            [{"ticket": "INC1", "at": "2025-03-03T09:00:00Z", "fields": {"state": "New", "priority": "1"}},
             {"ticket": "INC1", "at": "2025-03-03T10:00:00Z", "fields": {"state": "Resolved"}},
             {"ticket": "INC2", "at": "2025-03-08T09:00:00Z", "fields": {"state": "New", "priority": "1"}},
             {"ticket": "INC2", "at": "2025-03-08T15:00:00Z", "fields": {"state": "Resolved"}},
             {"ticket": "INC3", "at": "2025-03-20T09:00:00Z", "fields": {"state": "New", "priority": "2"}},
             {"ticket": "INC3", "at": "2025-03-20T12:00:00Z", "fields": {"state": "Resolved"}}]
            """;
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/tickets/events", new StringContent(tickets, Encoding.UTF8, "application/json"))).StatusCode);
        // The alert round records March's breaches; one gets its diagnosis.
        var round = await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null));
        var availability = round["breaches"]!.AsArray().Single(b => (string)b!["objective"]! == "availability")!;
        var diagnosis = await api.Client.PutAsync($"/api/v1/breaches/{availability["id"]}/diagnosis",
            new StringContent("""{"rootCause": "Payment provider outage on 15 March", "actions": "Second provider contracted"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, diagnosis.StatusCode);
        return api;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_months_report_carries_the_same_numbers_as_json_and_csv(string provider)
    {
        await using var api = await StartAsync(provider);
        var json = await api.Client.GetStringAsync("/api/v1/reports/agreements/shop-sla?period=2025-03");
        var report = JsonNode.Parse(json)!;

        // London's March is (1 March 00:00 GMT, 31 March 23:00 UTC]: all 31 noon measurements. 800 bad of 310,000.
        var availability = report["objectives"]![0]!;
        Assert.Equal((310000m, 800m, "Breached"), ((decimal)availability["units"]!, (decimal)availability["badUnits"]!, (string)availability["status"]!));
        Assert.Equal(100m - (800m * 100m / 310000m), (decimal)availability["attainment"]!);
        Assert.Equal(12, availability["trend"]!.AsArray().Count);
        Assert.Equal(["db-upgrade"], report["exclusions"]!.AsArray().Select(e => (string)e!["name"]!));   // the warehouse's is not the shop's
        Assert.Equal("Payment provider outage on 15 March", (string)report["breaches"]!.AsArray().Single(b => (string)b!["objective"]! == "availability")!["rootCause"]!);
        Assert.Equal(["1: 1 met, 1 breached", "2: 1 met, 0 breached"],
            report["tickets"]!.AsArray().Select(t => $"{t!["priority"]}: {t["met"]} met, {t["breached"]} breached"));
        Assert.Equal(2000m, (decimal)report["creditsOwed"]!["amount"]!);   // 5 % + 15 % of EUR 10,000, at the cap of 20 %

        Golden.AssertMatches("report.shop-sla.2025-03.json", json);
        var csv = await api.Client.GetAsync("/api/v1/reports/agreements/shop-sla?period=2025-03&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Golden.AssertMatches("report.shop-sla.2025-03.csv", text);
        Assert.Contains($"shop-sla,1,objective,2025-03,availability,,99.9,{availability["attainment"]},Breached,310000,800,", text, StringComparison.Ordinal);

        var credits = JsonNode.Parse(await api.Client.GetStringAsync("/api/v1/agreements/shop-sla/credits?period=2025-Q1"))!.AsArray();
        Assert.Equal(["2025-01: 0", "2025-02: 0", "2025-03: 20"], credits.Select(c => $"{c!["month"]}: {c["owed"]}"));
    }

    [Fact]
    public async Task The_pdf_reads_back_with_the_same_numbers_and_renders_as_an_a4_page_with_ink_on_it()
    {
        await using var api = await StartAsync("sqlite");
        var response = await api.Client.GetAsync("/api/v1/reports/agreements/shop-sla?period=2025-03&format=pdf");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("shop-sla-2025-03.pdf", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var pdf = await response.Content.ReadAsByteArrayAsync();

        var pages = PdfPages.Text(pdf);
        var text = string.Join(' ', pages);
        Assert.Contains("Service level report: Shop SLA, March 2025", text, StringComparison.Ordinal);
        // Percentages are cut, not rounded: 99.7419… reads 99.741 %.
        Assert.Contains("availability 99.9 % 99.741 % Breached 258.064 % 310,000 800", text, StringComparison.Ordinal);
        Assert.Contains("resolution 90 % 66.666 % Breached", text, StringComparison.Ordinal);
        Assert.Contains("Root cause: Payment provider outage on 15 March Actions: Second provider contracted", text, StringComparison.Ordinal);
        Assert.Contains("db-upgrade 2025-03-09 2025-03-09 planned CHG-1042", text, StringComparison.Ordinal);
        Assert.Contains("Total owed for the period: EUR 2,000.00.", text, StringComparison.Ordinal);
        Assert.Contains($"page 1 of {pages.Count}", pages[0], StringComparison.Ordinal);
        var hash = (string)JsonNode.Parse(await api.Client.GetStringAsync("/api/v1/reports/agreements/shop-sla?period=2025-03"))!["dataHash"]!;
        Assert.Contains(hash[..16], pages[^1], StringComparison.Ordinal);

        // A4 (595.28 × 841.89 pt) at 50 dpi is 414 × 585 pixels; the first page carries text, a table and a chart.
        using var image = await PdfPages.RenderAsync(pdf, Path.Combine(AppContext.BaseDirectory, "artifacts"), "shop-sla-2025-03");
        Assert.Equal((414, 585), (image.Width, image.Height));
        Assert.InRange(PdfPages.Inked(image), 0.02, 0.5);
    }

    [Fact]
    public async Task The_html_is_a_standalone_page_with_the_same_numbers_and_a_chart_per_objective()
    {
        await using var api = await StartAsync("sqlite");
        var response = await api.Client.GetAsync("/api/v1/reports/agreements/shop-sla?period=2025-03&format=html");
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        var hash = (string)JsonNode.Parse(await api.Client.GetStringAsync("/api/v1/reports/agreements/shop-sla?period=2025-03"))!["dataHash"]!;

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Service level report: Shop SLA, March 2025</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<td>availability</td><td class=\"n\">99.9 %</td><td class=\"n\">99.741 %</td><td class=\"Breached\">Breached</td>", html, StringComparison.Ordinal);
        Assert.Equal(4, html.Split("<svg", StringSplitOptions.None).Length - 1);            // two objectives, each drawn wide and for a phone
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "<div class=\"chart-narrow\">\\s*(<\\?xml[^>]*>\\s*)?<svg"));
        Assert.Contains("<p>Root cause: Payment provider outage on 15 March</p>\n<p>Actions: Second provider contracted</p>", html, StringComparison.Ordinal);
        Assert.Contains($"data-hash=\"{hash}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);   // nothing fetched from elsewhere
    }

    [Fact]
    public async Task Slm_report_writes_the_same_numbers_from_the_store_in_every_format()
    {
        await using var api = await StartAsync("sqlite");
        var dir = SlmProcess.TempDir();
        var csv = Path.Combine(dir, "march.csv");
        var run = await SlmProcess.RunAsync("report", "--data", api.DataDirectory!, "--agreement", "shop-sla", "--period", "2025-03", "--format", "csv", "-o", csv);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("shop-sla 2025-03: 2 objectives, closed period; wrote", run.Error, StringComparison.Ordinal);
        Assert.Equal(await api.Client.GetStringAsync("/api/v1/reports/agreements/shop-sla?period=2025-03&format=csv"), await File.ReadAllTextAsync(csv));

        var pdf = await SlmProcess.RunAsync("report", "--data", api.DataDirectory!, "-a", "shop-sla", "-p", "2025-Q1", "-o", Path.Combine(dir, "q1.pdf"));
        Assert.True(pdf.ExitCode == 0, pdf.Error);
        Assert.Contains("Service level report: Shop SLA, Q1 2025", string.Join(' ', PdfPages.Text(await File.ReadAllBytesAsync(Path.Combine(dir, "q1.pdf")))), StringComparison.Ordinal);

        var bad = await SlmProcess.RunAsync("report", "--data", api.DataDirectory!, "-a", "shop-sla", "-p", "March");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--period: 'March' is not a period", bad.Error, StringComparison.Ordinal);
        var customer = await SlmProcess.RunAsync("report", "--data", api.DataDirectory!, "-c", "acme", "-p", "2025-03", "--format", "json", "-o", "-");
        Assert.True(customer.ExitCode == 0, customer.Error);
        Assert.Equal(["shop-sla"], JsonNode.Parse(customer.Output)!["agreements"]!.AsArray().Select(a => (string)a!["agreement"]!));
        var both = await SlmProcess.RunAsync("report", "--data", api.DataDirectory!, "-c", "acme", "-a", "shop-sla", "-p", "2025-03");
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("Give --agreement NAME or --customer NAME (one of the two).", both.Error + both.Output, StringComparison.Ordinal);
        var missing = await SlmProcess.RunAsync("report", "--data", api.DataDirectory!, "-a", "nothing", "-p", "2025-03");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("There is no agreement named 'nothing'", missing.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_published_report_keeps_its_numbers_and_flags_data_that_arrives_later_without_merging_it(string provider)
    {
        await using var api = await StartAsync(provider);
        var publish = await api.PostJson("/api/v1/reports", new { agreement = "shop-sla", period = "2025-03" });
        Assert.Equal(HttpStatusCode.Created, publish.StatusCode);
        var publication = await ApiHost.Json(publish);
        var id = (long)publication["id"]!;
        Assert.Equal($"/api/v1/reports/{id}", publish.Headers.Location!.OriginalString);
        Assert.Equal(ApiHost.Actor, (string)publication["publishedBy"]!);
        var live = JsonNode.Parse(await api.Client.GetStringAsync("/api/v1/reports/agreements/shop-sla?period=2025-03"))!;
        Assert.Equal((string)live["dataHash"]!, (string)publication["dataHash"]!);

        // Publishing the same data again is the same publication.
        var again = await api.PostJson("/api/v1/reports", new { agreement = "shop-sla", period = "2025-03" });
        Assert.Equal((HttpStatusCode.OK, id), (again.StatusCode, (long)(await ApiHost.Json(again))["id"]!));

        // A late measurement for 20 March: the published report keeps its numbers and says what changed.
        var late = "timestamp,indicator,bad,total\n2025-03-20T18:00:00Z,shop-ok,100,10000\n";
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/measurements", new StringContent(late, Encoding.UTF8, "text/csv"))).StatusCode);
        var response = await api.Client.GetAsync($"/api/v1/reports/{id}");
        Assert.Equal("true", response.Headers.GetValues("X-OpenSLM-Data-Changed").Single());
        var published = await ApiHost.Json(response);
        Assert.Equal((decimal)live["objectives"]![0]!["attainment"]!, (decimal)published["objectives"]![0]!["attainment"]!);
        Assert.Equal((string)live["dataHash"]!, (string)published["dataHash"]!);
        Assert.True((bool)published["publication"]!["dataChanged"]!);
        Assert.NotEqual((string)published["dataHash"]!, (string)published["publication"]!["currentDataHash"]!);
        var notices = published["notices"]!.AsArray().Select(n => (string)n!).ToList();
        Assert.StartsWith("Data changed after this report was published", notices[0], StringComparison.Ordinal);
        Assert.Contains("availability 2025-03: published 99.741 % (800 bad of 310000), now 99.718 % (900 bad of 320000).", notices);
        Assert.Contains("Data changed after this report was published", string.Join(' ', PdfPages.Text(await api.Client.GetByteArrayAsync($"/api/v1/reports/{id}?format=pdf"))), StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", await api.Client.GetStringAsync($"/api/v1/reports/{id}?format=html"), StringComparison.Ordinal);

        // An open period is not published; a listing shows what was.
        var open = await api.PostJson("/api/v1/reports", new { agreement = "shop-sla", period = "2025-04" });
        Assert.Equal(HttpStatusCode.Conflict, open.StatusCode);
        Assert.Contains("2025-04 is still open", await open.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var list = await api.GetJson("/api/v1/reports?agreement=shop-sla");
        Assert.Equal([id], list["items"]!.AsArray().Select(i => (long)i!["id"]!));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/reports/999")).StatusCode);
    }

    [Fact]
    public async Task A_customer_report_holds_each_of_its_agreements_reports_and_a_summary_across_them()
    {
        await using var api = await StartAsync("sqlite");
        var second = """
            apiVersion: openslm/v1
            kind: Agreement
            metadata: {name: shop-ola, displayName: Shop support}
            spec:
              kind: SLA
              status: Active
              customer: acme
              services: [shop]
              objectives:
                - {name: availability, indicator: shop-ok, target: 99.5, window: {calendar: month}}
            ---
            apiVersion: openslm/v1
            kind: Agreement
            metadata: {name: shop-draft}
            spec:
              kind: SLA
              status: Draft
              customer: acme
              services: [shop]
              objectives:
                - {name: availability, indicator: shop-ok, target: 99.99, window: {calendar: month}}
            """;
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(second))).StatusCode);

        var report = JsonNode.Parse(await api.Client.GetStringAsync("/api/v1/reports/customers/acme?period=2025-03"))!;
        Assert.Equal(["shop-ola", "shop-sla"], report["agreements"]!.AsArray().Select(a => (string)a!["agreement"]!));
        Assert.Equal(["shop-draft"], report["leftOut"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(
        [
            "2 agreements reported; 1 met every objective.",
            "Shop SLA: availability, resolution breached.",
            "Service credits owed: EUR 2,000.00.",
            "Not reported (no version in force): shop-draft.",
        ], report["summary"]!.AsArray().Select(l => (string)l!));
        // Each agreement's part is the agreement's own report.
        var alone = JsonNode.Parse(await api.Client.GetStringAsync("/api/v1/reports/agreements/shop-sla?period=2025-03"))!;
        Assert.Equal((string)alone["dataHash"]!, (string)report["agreements"]![1]!["dataHash"]!);

        var csv = await api.Client.GetStringAsync("/api/v1/reports/customers/acme?period=2025-03&format=csv");
        Assert.Equal(1, csv.Split('\n').Count(l => l.StartsWith("agreement,", StringComparison.Ordinal)));
        Assert.Contains("shop-ola,1,objective,2025-03,availability,", csv, StringComparison.Ordinal);
        var pdf = PdfPages.Text(await api.Client.GetByteArrayAsync("/api/v1/reports/customers/acme?period=2025-03&format=pdf"));
        Assert.Contains("Service level report: Acme Ltd, March 2025", pdf[0], StringComparison.Ordinal);
        Assert.Contains(pdf, page => page.Contains("Service level report: Shop support, March 2025", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/reports/customers/nobody?period=2025-03")).StatusCode);
    }

    [Fact]
    public async Task The_scorecard_puts_the_worst_first_and_names_reviews_due_uncovered_services_and_unmeasured_objectives()
    {
        await using var api = await StartAsync("sqlite");
        var more = """
            apiVersion: openslm/v1
            kind: Indicator
            metadata: {name: batch-ok}
            spec: {service: shop}
            ---
            apiVersion: openslm/v1
            kind: Agreement
            metadata: {name: shop-batch}
            spec:
              kind: Expectation
              status: Active
              services: [shop]
              review: {nextReview: 2025-04-20}
              objectives:
                - {name: nightly, indicator: batch-ok, target: 99, window: {calendar: month}}
            """;
        var applied = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(more));
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync());

        var card = JsonNode.Parse(await api.Client.GetStringAsync("/api/v1/reports/scorecard"))!;
        Assert.Equal(12, card["months"]!.AsArray().Count);
        Assert.Equal(("2024-04", "2025-03"), ((string)card["months"]![0]!, (string)card["months"]![11]!));   // the last closed month on 2 April 2025
        // Worst first: both shop-sla objectives missed March; resolution by 40 points, availability by 0.159; nightly has no data.
        Assert.Equal(["shop-sla/resolution", "shop-sla/availability", "shop-batch/nightly"],
            card["rows"]!.AsArray().Select(r => $"{r!["agreement"]}/{r["objective"]}"));
        var availability = card["rows"]![1]!;
        Assert.Equal((1, "Breached"), ((int)availability["breached"]!, (string)availability["months"]![11]!["status"]!));
        Assert.Equal(99.95m, (decimal)availability["months"]![10]!["attainment"]!);
        Assert.Equal(["shop-batch/nightly/batch-ok"], card["unmeasured"]!.AsArray().Select(u => $"{u!["agreement"]}/{u["objective"]}/{u["indicator"]}"));
        Assert.Equal(["warehouse"], card["servicesWithoutAgreement"]!.AsArray().Select(s => (string)s!));
        var review = Assert.Single(card["reviews"]!.AsArray())!;
        Assert.Equal(("shop-batch", "2025-04-20", false), ((string)review["agreement"]!, (string)review["nextReview"]!, (bool)review["overdue"]!));
        Assert.Equal(["shop", "warehouse"], card["services"]!.AsArray().Select(s => (string)s!["service"]!));
        Assert.Equal(3, (int)card["services"]![0]!["objectives"]!);

        var page = await api.Client.GetStringAsync("/api/v1/reports/scorecard?format=html");
        Assert.Contains("<h1>Service level scorecard, 2024-04 to 2025-03</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"cell Breached\" title=\"2025-03: Breached\">99.741 %</td>", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf("<td>resolution</td>", StringComparison.Ordinal) < page.IndexOf("<td>availability</td>", StringComparison.Ordinal));   // worst first
        Assert.Contains("Live services no agreement covers: warehouse.", page, StringComparison.Ordinal);

        var three = JsonNode.Parse(await api.Client.GetStringAsync("/api/v1/reports/scorecard?months=3&last=2025-02"))!;
        Assert.Equal(["2024-12", "2025-01", "2025-02"], three["months"]!.AsArray().Select(m => (string)m!));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Client.GetAsync("/api/v1/reports/scorecard?months=100")).StatusCode);
        Assert.Contains("is not a month", await (await api.Client.GetAsync("/api/v1/reports/scorecard?last=2025-Q1")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var future = await api.Client.GetAsync("/api/v1/reports/scorecard?last=2099-01");
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("2099-01 begins on 2099-01-01, after today", await future.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_requests_name_the_parameter_and_what_was_expected()
    {
        await using var api = await StartAsync("sqlite");
        async Task<(HttpStatusCode, string)> Get(string url)
        {
            var response = await api.Client.GetAsync(url);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        var (status, body) = await Get("/api/v1/reports/agreements/shop-sla");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"period\":[\"is required", body, StringComparison.Ordinal);
        (status, body) = await Get("/api/v1/reports/agreements/shop-sla?period=2025-13");
        Assert.Contains("'2025-13' is not a period", body, StringComparison.Ordinal);
        // Today is 2 April 2025: April is reported as far as it went, May has not begun.
        (status, body) = await Get("/api/v1/reports/agreements/shop-sla?period=2025-05");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("period: 2025-05 begins on 2025-05-01, after today (2025-04-02)", body, StringComparison.Ordinal);
        (status, _) = await Get("/api/v1/reports/customers/acme?period=2026");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await Get("/api/v1/reports/agreements/shop-sla?period=2025-04");
        Assert.Equal(HttpStatusCode.OK, status);
        (status, body) = await Get("/api/v1/reports/agreements/shop-sla?period=2025-03&format=docx");
        Assert.Contains("'docx' is not a report format", body, StringComparison.Ordinal);
        (status, _) = await Get("/api/v1/reports/agreements/nothing?period=2025-03");
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, body) = await Get("/api/v1/reports/agreements/shop-sla?period=2025-03&version=7");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no version 7", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_past_periods_report_uses_the_version_in_force_then_and_a_later_one_the_new_terms()
    {
        await using var api = await StartAsync("sqlite");
        // Version 1 ran until the end of March; version 2, from April, lowers the availability target to 99.5.
        var v1 = await ApiHost.Json(await api.Client.GetAsync("/api/v1/agreements/shop-sla/versions/1"));
        var amended = v1["spec"]!.DeepClone().AsObject();
        amended.Remove("status");
        amended["effective"] = new JsonObject { ["from"] = "2025-04-01" };
        amended["objectives"]![0]!["target"] = 99.5;
        // Its credit tiers follow the lower target: none may sit above it.
        amended["credits"]!["tiers"] = JsonNode.Parse("""[{"below": 99.5, "credit": 5}, {"below": 99, "credit": 15}]""");
        var created = await api.Client.PostAsync("/api/v1/agreements/shop-sla/versions",
            new StringContent(new JsonObject { ["spec"] = amended }.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // Both parties sign it off: dana owns the shop, carl is Accountable for Acme.
        var parties = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml("""
            apiVersion: openslm/v1
            kind: Stakeholder
            metadata: {name: carl}
            spec: {email: carl@acme.example}
            ---
            apiVersion: openslm/v1
            kind: Customer
            metadata: {name: acme, displayName: Acme Ltd}
            spec: {stakeholders: [{stakeholder: carl, role: Accountable}]}
            ---
            apiVersion: openslm/v1
            kind: Service
            metadata: {name: shop}
            spec: {owner: dana}
            """));
        Assert.True(parties.IsSuccessStatusCode, await parties.Content.ReadAsStringAsync());
        await api.SignOffAsync("shop-sla", 2, "dana", "carl");
        // The amendment takes effect back in April: a retroactive date is confirmed, with its reason.
        var activated = await api.Client.PostAsync("/api/v1/agreements/shop-sla/versions/2/status",
            new StringContent("""{"status": "Active", "effectiveFrom": "2025-04-01", "reason": "Signed on 28 March, filed late", "confirm": true}""", Encoding.UTF8, "application/json"));
        Assert.True(activated.IsSuccessStatusCode, await activated.Content.ReadAsStringAsync());

        // Version 1 gives no dates: it ran until version 2's first day.
        var march = await ApiHost.Json(await api.Client.GetAsync("/api/v1/reports/agreements/shop-sla?period=2025-03"));
        Assert.Equal(1, (int)march["version"]!);
        Assert.Equal(99.9m, (decimal)march["objectives"]![0]!["target"]!);
        var april = await ApiHost.Json(await api.Client.GetAsync("/api/v1/reports/agreements/shop-sla?period=2025-04"));
        Assert.Equal(2, (int)april["version"]!);
        Assert.Equal(99.5m, (decimal)april["objectives"]![0]!["target"]!);
        // Asked for by number, any version reports any period.
        var asked = await ApiHost.Json(await api.Client.GetAsync("/api/v1/reports/agreements/shop-sla?period=2025-03&version=2"));
        Assert.Equal(2, (int)asked["version"]!);
    }
}
