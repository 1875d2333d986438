using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using OpenSlm.Jobs;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Api;

/// <summary>Alerts beyond burn rates: an objective's status, and ticket clocks crossing their warnings.</summary>
public sealed class EarlyWarningTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static readonly Instant Now = Instant.FromUtc(2025, 3, 3, 9, 0);

    /// <summary>Nothing is delivered in these tests (nobody listens at the webhook); the outbox shows what people would be told.</summary>
    private static readonly NotificationOptions Outbox = NotificationOptions.None with { Webhooks = [new WebhookTarget(new Uri("http://127.0.0.1:9/hook"), null, false)] };

    private const string Catalogue = """
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: desk}
        ---
        apiVersion: openslm/v1
        kind: TicketPolicy
        metadata: {name: resolution}
        spec:
          stop: [{field: state, in: [Resolved]}]
          targets: [{priority: "1", within: 4h}, {priority: "*", within: 3d}]
          warnings: [50, 75]
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: p1-resolved-in-time}
        spec:
          service: desk
          clocks: {policy: resolution, priorities: ["1"]}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: portal-ok}
        spec: {service: desk}
        ---
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: desk-sla}
        spec:
          kind: Expectation
          status: Active
          services: [desk]
          objectives:
            - {name: p1-resolution, indicator: p1-resolved-in-time, target: 90, window: {calendar: month}, alerting: {statusChanges: false}}
            - {name: portal, indicator: portal-ok, target: 99, warning: 99.5, window: {rolling: 1d}, alerting: {burnRates: []}}
        """;

    private static async Task<ApiHost> StartAsync(string provider)
    {
        var api = await ApiHost.StartAsync(provider, now: Now, notifications: Outbox);
        var applied = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue));
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync());
        return api;
    }

    private static async Task<JsonNode> EvaluateAt(ApiHost api, Instant at)
    {
        api.Clock.Now = at;
        return await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null));
    }

    private static IEnumerable<string> Of(JsonNode round, string list, string kind) =>
        round[list]!.AsArray().Where(a => (string)a!["kind"]! == kind).Select(a => $"{a!["subject"]} {a["level"]}".Trim());

    private static async Task<List<string>> Subjects(ApiHost api) =>
        [.. (await api.GetJson("/api/v1/notifications?pageSize=500"))["items"]!.AsArray().Select(n => (string)n!["subject"]!).Reverse()];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_ticket_warning_opens_at_its_first_threshold_is_told_again_at_each_next_and_resolves_when_the_ticket_does(string provider)
    {
        await using var api = await StartAsync(provider);
        // INC1 is a P1 opened at 09:00 (24x7: 50 % at 11:00, 75 % at 12:00, due 13:00); INC2 is a P3, which the objective does not count.
        var events = """
            [{"ticket": "INC1", "at": "2025-03-03T09:00:00Z", "fields": {"state": "New", "priority": "1"}},
             {"ticket": "INC2", "at": "2025-03-03T09:00:00Z", "fields": {"state": "New", "priority": "3"}}]
            """;
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/tickets/events", new StringContent(events, Encoding.UTF8, "application/json"))).StatusCode);

        Assert.Empty(Of(await EvaluateAt(api, Instant.FromUtc(2025, 3, 3, 10, 59)), "opened", "TicketWarning"));
        var first = await EvaluateAt(api, Instant.FromUtc(2025, 3, 3, 11, 1));
        Assert.Equal(["INC1 50%"], Of(first, "opened", "TicketWarning"));
        var alert = first["opened"]!.AsArray().Single(a => (string)a!["kind"]! == "TicketWarning")!;
        Assert.Equal(("p1-resolution", "Ticket"), ((string)alert["objective"]!, (string)alert["severity"]!));
        Assert.Contains("INC1 (1) crossed 50 % of its 4h target under resolution at 2025-03-03T11:00:00Z; deadline 2025-03-03T13:00:00Z.", (string)alert["reason"]!, StringComparison.Ordinal);

        Assert.Empty(Of(await EvaluateAt(api, Instant.FromUtc(2025, 3, 3, 11, 30)), "changed", "TicketWarning"));   // nothing new: no write, nobody told
        Assert.Equal(["INC1 75%"], Of(await EvaluateAt(api, Instant.FromUtc(2025, 3, 3, 12, 1)), "changed", "TicketWarning"));
        Assert.Equal(["INC1 breached"], Of(await EvaluateAt(api, Instant.FromUtc(2025, 3, 3, 13, 1)), "changed", "TicketWarning"));

        var resolvedAt = """[{"ticket": "INC1", "at": "2025-03-03T13:30:00Z", "fields": {"state": "Resolved"}}]""";
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/tickets/events", new StringContent(resolvedAt, Encoding.UTF8, "application/json"))).StatusCode);
        var last = await EvaluateAt(api, Instant.FromUtc(2025, 3, 3, 13, 31));
        Assert.Equal(["INC1 breached"], Of(last, "resolved", "TicketWarning"));
        Assert.DoesNotContain((await api.GetJson("/api/v1/alerts?state=Open"))["items"]!.AsArray(), a => (string)a!["kind"]! == "TicketWarning");

        // One alert record for the ticket, told four times: opened, changed twice, resolved.
        var told = (await Subjects(api)).Where(s => s.Contains("TicketWarning", StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            "[OpenSLM] Ticket opened: desk-sla/p1-resolution — TicketWarning INC1 (50%)",
            "[OpenSLM] Ticket changed: desk-sla/p1-resolution — TicketWarning INC1 (75%)",
            "[OpenSLM] Ticket changed: desk-sla/p1-resolution — TicketWarning INC1 (breached)",
            "[OpenSLM] Ticket resolved: desk-sla/p1-resolution — TicketWarning INC1",
        ], told);
        Assert.Single((await api.GetJson("/api/v1/alerts"))["items"]!.AsArray(), a => (string)a!["kind"]! == "TicketWarning");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_objective_at_risk_raises_a_ticket_that_changes_when_it_breaches_and_resolves_when_it_is_met_again(string provider)
    {
        await using var api = await StartAsync(provider);
        // 1,000 events a minute; the rolling day is judged against 99 % with a warning level of 99.5 %.
        await MinuteCsv.PostAsync(api, "portal-ok", Now, 600, _ => 7);                       // 99.3 %: at risk
        var atRisk = await EvaluateAt(api, Now);
        Assert.Equal(["AtRisk"], Of(atRisk, "opened", "Status"));

        await MinuteCsv.PostAsync(api, "portal-ok", Now + Duration.FromMinutes(600), 600, _ => 20);  // the day falls to 98.65 %
        Assert.Equal(["Breached"], Of(await EvaluateAt(api, Now + Duration.FromMinutes(600)), "changed", "Status"));

        await MinuteCsv.PostAsync(api, "portal-ok", Now + Duration.FromMinutes(2 * 1440), 1440, _ => 0);  // a clean day after
        Assert.Equal(["Breached"], Of(await EvaluateAt(api, Now + Duration.FromMinutes(2 * 1440)), "resolved", "Status"));

        Assert.Equal(
        [
            "[OpenSLM] Ticket opened: desk-sla/portal — Status (AtRisk)",
            "[OpenSLM] Ticket changed: desk-sla/portal — Status (Breached)",
            "[OpenSLM] Ticket resolved: desk-sla/portal — Status",
        ], await Subjects(api));
    }

    [Fact]
    public async Task An_objective_chooses_its_channels_and_whether_resolutions_are_told()
    {
        var options = NotificationOptions.None with
        {
            Webhooks = [new WebhookTarget(new Uri("http://127.0.0.1:9/plain"), null, false), new WebhookTarget(new Uri("http://127.0.0.1:9/slack"), null, true)],
        };
        await using var api = await ApiHost.StartAsync("sqlite", now: Now, notifications: options);
        var notifier = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Notifier>(api.Services);
        var alert = new Storage.Alerts.AlertRecord(1, "desk-sla", "portal", Core.Alerting.AlertKind.Status, Core.Alerting.AlertSeverity.Ticket,
            Core.Alerting.AlertState.Open, "At risk.", "{}", Now, Now, null, null, null, Level: "AtRisk");
        var nobody = new Notifier.Recipients([], []);

        Assert.Equal(["http://127.0.0.1:9/plain", "http://127.0.0.1:9/slack"], notifier.Drafts(alert, Storage.Alerts.AlertEvent.Opened, nobody).Select(d => d.Recipient));
        var slackOnly = new Core.Alerting.AlertPolicy { Channels = ["slack"], NotifyResolved = false };
        Assert.Equal(["http://127.0.0.1:9/slack"], notifier.Drafts(alert, Storage.Alerts.AlertEvent.Opened, nobody, slackOnly).Select(d => d.Recipient));
        Assert.Empty(notifier.Drafts(alert with { ResolvedAt = Now }, Storage.Alerts.AlertEvent.Resolved, nobody, slackOnly));
        Assert.Single(notifier.Drafts(alert with { ResolvedAt = Now }, Storage.Alerts.AlertEvent.Resolved, nobody, slackOnly with { NotifyResolved = true }));
    }
}
