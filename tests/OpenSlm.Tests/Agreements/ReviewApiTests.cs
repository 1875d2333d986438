using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NodaTime;
using OpenSlm.Core.Access;
using OpenSlm.Jobs;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Agreements;

/// <summary>Issue 18, reviews: recorded with decisions and actions, the next review set, reminders sent once; on SQLite and PostgreSQL.</summary>
public sealed class ReviewApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static readonly Instant April2 = Instant.FromUtc(2025, 4, 2, 9, 0);

    private const string Catalogue = """
        apiVersion: openslm/v1
        kind: Stakeholder
        metadata: {name: dana}
        spec: {email: dana@example.com}
        ---
        apiVersion: openslm/v1
        kind: Stakeholder
        metadata: {name: erin}
        spec: {email: erin@example.com}
        ---
        apiVersion: openslm/v1
        kind: Customer
        metadata: {name: acme}
        ---
        apiVersion: openslm/v1
        kind: Customer
        metadata: {name: globex}
        ---
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: shop}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: shop-ok}
        spec: {service: shop}
        ---
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: shop-sla}
        spec:
          kind: SLA
          status: Active
          customer: acme
          services: [shop]
          review: {intervalMonths: 3, nextReview: "2025-04-10"}
          objectives:
            - {name: availability, indicator: shop-ok, target: 99.9, window: {calendar: month}}
          stakeholders:
            - {stakeholder: dana, role: Accountable}
        ---
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: globex-sla}
        spec:
          kind: SLA
          status: Active
          customer: globex
          services: [shop]
          objectives:
            - {name: availability, indicator: shop-ok, target: 99.5, window: {calendar: month}}
        """;

    private static async Task<ApiHost> StartAsync(string provider, NotificationOptions? notifications = null)
    {
        var api = await ApiHost.StartAsync(provider, now: April2, notifications: notifications);
        var applied = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue));
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync());
        return api;
    }

    private const string Held = """
        {"heldOn": "2025-04-01", "period": "2025-Q1", "attendees": ["dana", "Sam (Acme)"],
         "decisions": ["Keep the 99.9 % target", "Add checkout latency next quarter"],
         "actions": [{"title": "Draft a checkout latency objective", "owner": "erin", "due": "2025-04-15"},
                     {"title": "Share the Q1 report with Acme's board"}],
         "notes": "Acme hinted at a price review."}
        """;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_review_records_decisions_and_actions_sets_the_next_review_and_its_actions_are_followed_up(string provider)
    {
        await using var api = await StartAsync(provider);
        var before = await api.GetJson("/api/v1/agreements/shop-sla/reviews");
        Assert.Equal(("2025-04-10", "DueSoon", 0), ((string)before["nextReview"]!, (string)before["standing"]!, before["reviews"]!.AsArray().Count));

        var recorded = await api.Client.PostAsync("/api/v1/agreements/shop-sla/reviews", new StringContent(Held, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var review = await ApiHost.Json(recorded);
        // The next review comes from the terms' interval; the version reviewed is the one in force that day; the report is linked.
        Assert.Equal(("2025-07-01", 1, "2025-Q1"), ((string)review["nextReview"]!, (int)review["version"]!, (string)review["period"]!));
        Assert.Equal("/api/v1/reports/agreements/shop-sla?period=2025-Q1&version=1", (string)review["report"]!);
        Assert.Equal(ApiHost.Actor, (string)review["recordedBy"]!);
        var id = (long)review["id"]!;

        var after = await api.GetJson("/api/v1/agreements/shop-sla/reviews");
        Assert.Equal(("2025-07-01", "Scheduled"), ((string)after["nextReview"]!, (string)after["standing"]!));
        Assert.Equal(2, after["reviews"]![0]!["decisions"]!.AsArray().Count);
        var outlook = (await api.GetJson("/api/v1/reviews")).AsArray().Single(o => (string)o!["agreement"]! == "shop-sla")!;
        Assert.Equal(("2025-07-01", "Scheduled", 0), ((string)outlook["nextReview"]!, (string)outlook["standing"]!, (int)outlook["overdueActions"]!));
        Assert.Equal("NotScheduled", (string)(await api.GetJson("/api/v1/reviews")).AsArray().Single(o => (string)o!["agreement"]! == "globex-sla")!["standing"]!);

        // Past its due day the first action is overdue, here and across agreements.
        api.Clock.Now = Instant.FromUtc(2025, 4, 20, 9, 0);
        var late = await api.GetJson($"/api/v1/agreements/shop-sla/reviews/{id}");
        Assert.True((bool)late["actions"]![0]!["overdue"]!);
        Assert.False((bool)late["actions"]![1]!["overdue"]!);   // no due day: never overdue
        Assert.Equal(1, (int)(await api.GetJson("/api/v1/reviews?standing=Scheduled")).AsArray().Single(o => (string)o!["agreement"]! == "shop-sla")!["overdueActions"]!);

        // Marked done with the review's ETag; a stale ETag is refused, and names who changed it.
        var tag = (await api.Client.GetAsync($"/api/v1/agreements/shop-sla/reviews/{id}")).Headers.ETag!.Tag;
        var done = await api.SendJson(HttpMethod.Patch, $"/api/v1/agreements/shop-sla/reviews/{id}/actions/0", """{"status": "Done"}""", tag);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var updated = await ApiHost.Json(done);
        Assert.Equal(("Done", false, ApiHost.Actor), ((string)updated["actions"]![0]!["status"]!, (bool)updated["actions"]![0]!["overdue"]!, (string)updated["updatedBy"]!));
        var stale = await api.SendJson(HttpMethod.Patch, $"/api/v1/agreements/shop-sla/reviews/{id}/actions/1", """{"status": "Dropped"}""", tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendJson(HttpMethod.Patch, $"/api/v1/agreements/shop-sla/reviews/{id}/actions/7", """{"status": "Done"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendJson(HttpMethod.Patch, $"/api/v1/agreements/globex-sla/reviews/{id}/actions/0", """{"status": "Done"}""")).StatusCode);
        Assert.Equal(0, (int)(await api.GetJson("/api/v1/reviews")).AsArray().Single(o => (string)o!["agreement"]! == "shop-sla")!["overdueActions"]!);

        // The customer reads their agreement's reviews without the internal notes, and nobody else's; they record none.
        var customer = api.ClientWith(await api.TokenAsync("sam@acme.example", [Role.Customer], customers: ["acme"]));
        var theirs = await ApiHost.Json(await customer.GetAsync("/api/v1/agreements/shop-sla/reviews"));
        Assert.Equal("Keep the 99.9 % target", (string)theirs["reviews"]![0]!["decisions"]![0]!);
        Assert.Null(theirs["reviews"]![0]!["notes"]);
        Assert.Equal("Acme hinted at a price review.", (string)(await api.GetJson($"/api/v1/agreements/shop-sla/reviews/{id}"))["notes"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await customer.GetAsync("/api/v1/agreements/globex-sla/reviews")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsync("/api/v1/agreements/shop-sla/reviews", new StringContent(Held, Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/reviews")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_review_that_is_not_one_is_refused_at_its_field_and_nothing_is_recorded(string provider)
    {
        await using var api = await StartAsync(provider);
        async Task<string> Refused(string agreement, string json)
        {
            var response = await api.Client.PostAsync($"/api/v1/agreements/{agreement}/reviews", new StringContent(json, Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
            Assert.Contains("application/problem+json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            return body;
        }
        var future = await Refused("shop-sla", """{"heldOn": "2025-04-03", "attendees": ["dana"]}""");
        Assert.Contains("\"heldOn\":[\"is 2025-04-03, after today (2025-04-02)", future, StringComparison.Ordinal);
        var many = await Refused("shop-sla", """{"heldOn": "2025-04-01", "period": "2025-04", "attendees": [], "actions": [{"owner": "erin", "due": "2025-03-01"}], "nextReview": "2025-03-31"}""");
        Assert.Contains("\"period\":[\"ends on 2025-04-30, not before the review", many, StringComparison.Ordinal);
        Assert.Contains("\"attendees\":[\"is required", many, StringComparison.Ordinal);
        Assert.Contains("\"actions[0].title\":[\"is required", many, StringComparison.Ordinal);
        Assert.Contains("\"actions[0].due\":[\"is 2025-03-01; expected a day from the review (2025-04-01)", many, StringComparison.Ordinal);
        Assert.Contains("\"nextReview\":[\"is 2025-03-31; expected a day after the review", many, StringComparison.Ordinal);
        // No interval in the terms: the next review must be given.
        Assert.Contains("\"nextReview\":[\"is required", await Refused("globex-sla", """{"heldOn": "2025-04-01", "attendees": ["dana"]}"""), StringComparison.Ordinal);
        // Wrong types and unknown fields name the field.
        var notADay = await Refused("shop-sla", """{"heldOn": "1 April", "attendees": ["dana"]}""");
        Assert.Contains("\"heldOn\":", notADay, StringComparison.Ordinal);
        Assert.Contains("\"attendees\":[\"has the wrong type: expected a list.", await Refused("shop-sla", """{"heldOn": "2025-04-01", "attendees": "dana"}"""), StringComparison.Ordinal);
        Assert.Contains("\"actions[0].status\":", await Refused("shop-sla", """{"heldOn": "2025-04-01", "attendees": ["dana"], "actions": [{"title": "x", "status": "Finished"}]}"""), StringComparison.Ordinal);
        Assert.Contains("\"minutes\":[\"unknown field 'minutes'", await Refused("shop-sla", """{"heldOn": "2025-04-01", "attendees": ["dana"], "minutes": "…"}"""), StringComparison.Ordinal);
        Assert.Contains("\"attendees\":[\"has 51 entries", await Refused("shop-sla",
            new JsonObject { ["heldOn"] = "2025-04-01", ["attendees"] = new JsonArray([.. Enumerable.Range(0, 51).Select(i => (JsonNode)$"p{i}")]) }.ToJsonString()), StringComparison.Ordinal);
        Assert.Contains("\"decisions[0]\":[\"holds the control character", await Refused("shop-sla", """{"heldOn": "2025-04-01", "attendees": ["dana"], "decisions": ["a\u0000b"]}"""), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Client.PostAsync("/api/v1/agreements/shop-sla/reviews", new StringContent("[1]", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.PostAsync("/api/v1/agreements/nope/reviews", new StringContent(Held, Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Empty((await api.GetJson("/api/v1/agreements/shop-sla/reviews"))["reviews"]!.AsArray());

        var id = (long)(await ApiHost.Json(await api.Client.PostAsync("/api/v1/agreements/shop-sla/reviews", new StringContent(Held, Encoding.UTF8, "application/json"))))["id"]!;
        var badStatus = await api.SendJson(HttpMethod.Patch, $"/api/v1/agreements/shop-sla/reviews/{id}/actions/0", """{"due": "2024-01-01"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Contains("\"due\":[\"is 2024-01-01", await badStatus.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("nothing to change", await (await api.SendJson(HttpMethod.Patch, $"/api/v1/agreements/shop-sla/reviews/{id}/actions/0", "{}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Open", (string)(await api.GetJson($"/api/v1/agreements/shop-sla/reviews/{id}"))["actions"]![0]!["status"]!);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Reminders_go_to_the_accountable_before_a_review_is_due_when_it_is_overdue_and_to_an_overdue_actions_owner_each_once(string provider)
    {
        await using var smtp = SmtpServer.Create();
        await smtp.StartAsync();
        await using var api = await StartAsync(provider, new NotificationOptions("127.0.0.1", smtp.Port, "slm@example.com", []));
        var reminders = api.Services.GetRequiredService<AgreementReminder>();

        // 2 April: the review of 10 April is within 14 days.
        var first = Assert.Single(await reminders.RunOnceAsync(April2, default));
        Assert.Equal(("review-due:shop-sla:2025-04-10", 1), (first.Key, first.Notifications));
        Assert.Empty(await reminders.RunOnceAsync(April2 + Duration.FromHours(1), default));   // once
        // 11 April, no review recorded: overdue.
        Assert.Equal(["review-overdue:shop-sla:2025-04-10"], (await reminders.RunOnceAsync(Instant.FromUtc(2025, 4, 11, 9, 0), default)).Select(r => r.Key));

        // A review recorded on the 11th moves the next one to July; its action due on the 15th is overdue on the 16th: dana and its owner erin are told.
        api.Clock.Now = Instant.FromUtc(2025, 4, 11, 9, 0);
        var held = Held.Replace("2025-04-01", "2025-04-11", StringComparison.Ordinal);
        var review = await ApiHost.Json(await api.Client.PostAsync("/api/v1/agreements/shop-sla/reviews", new StringContent(held, Encoding.UTF8, "application/json")));
        Assert.Equal("2025-07-11", (string)review["nextReview"]!);
        var late = Assert.Single(await reminders.RunOnceAsync(Instant.FromUtc(2025, 4, 16, 9, 0), default));
        Assert.Equal(($"action-overdue:{review["id"]}:0:2025-04-15", 2), (late.Key, late.Notifications));
        Assert.Empty(await reminders.RunOnceAsync(Instant.FromUtc(2025, 4, 17, 9, 0), default));

        var dispatcher = api.Services.GetRequiredService<NotificationDispatcher>();
        Assert.Equal((4, 0), await dispatcher.RunOnceAsync(Instant.FromUtc(2025, 4, 16, 9, 1), default));
        var mails = smtp.Messages().Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m)))).ToList();
        Assert.Equal(["[OpenSLM] Review action overdue: Draft a checkout latency objective", "[OpenSLM] Review action overdue: Draft a checkout latency objective",
            "[OpenSLM] Review of shop-sla due on 2025-04-10", "[OpenSLM] Review of shop-sla overdue since 2025-04-10"],
            mails.Select(m => m.Subject).Order(StringComparer.Ordinal));
        Assert.Equal(["dana@example.com", "erin@example.com"], mails.Where(m => (m.Subject ?? "").Contains("action", StringComparison.Ordinal)).Select(m => m.To.Mailboxes.Single().Address!).Order(StringComparer.Ordinal));
        foreach (var mail in mails)
        {
            mail.Dispose();
        }
    }
}
