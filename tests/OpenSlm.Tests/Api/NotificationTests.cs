using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Jobs;
using OpenSlm.Storage.Jobs;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Api;

/// <summary>Alert notifications to a real SMTP server and a webhook, through the outbox.</summary>
public sealed class NotificationTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static readonly Instant Now = Instant.FromUtc(2025, 3, 20, 12, 0);

    private const string Catalogue = """
        apiVersion: openslm/v1
        kind: Stakeholder
        metadata: {name: alice}
        spec: {email: alice@example.com}
        ---
        apiVersion: openslm/v1
        kind: Stakeholder
        metadata: {name: bob}
        spec: {email: bob@example.com}
        ---
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: web-shop}
        spec:
          stakeholders: [{stakeholder: bob, role: Informed}]
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: web-ok}
        spec: {service: web-shop}
        ---
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: web-shop-slo}
        spec:
          kind: Expectation
          status: Active
          services: [web-shop]
          stakeholders: [{stakeholder: alice, role: Responsible}]
          objectives:
            - {name: availability, indicator: web-ok, target: 99.9, window: {rolling: 30d}}
        """;

    /// <summary>A day and an hour of one measurement a minute, the last hour 2 % failing: one page (the day burns at 0.8, no ticket).</summary>
    private static Task FastBurn(ApiHost api) => MinuteCsv.PostAsync(api, "web-ok", Now, 1500, ago => ago < 60 ? 20 : 0);

    private static async Task<ApiHost> StartAsync(string provider, NotificationOptions notifications)
    {
        var api = await ApiHost.StartAsync(provider, now: Now, notifications: notifications);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue))).StatusCode);
        await FastBurn(api);
        Assert.Single((await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null)))["opened"]!.AsArray());
        return api;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_page_is_mailed_to_the_responsible_stakeholder_and_posted_signed_to_the_webhook_once(string provider)
    {
        await using var smtp = SmtpServer.Create();
        await smtp.StartAsync();
        await using var hook = await WebhookReceiver.StartAsync();
        await using var api = await StartAsync(provider, new NotificationOptions("127.0.0.1", smtp.Port, "slm@example.com", [new WebhookTarget(hook.Url, "s3cret", Slack: false)]));
        var dispatcher = api.Services.GetRequiredService<NotificationDispatcher>();

        Assert.Equal((2, 0), await dispatcher.RunOnceAsync(Now, default));
        Assert.Equal((0, 0), await dispatcher.RunOnceAsync(Now + Duration.FromMinutes(1), default));   // nothing twice

        var mail = Assert.Single(smtp.Messages());                 // alice (Responsible); bob is only Informed
        Assert.Contains("To: alice@example.com", mail, StringComparison.Ordinal);
        Assert.Contains("Subject: [OpenSLM] Page opened: web-shop-slo/availability", mail, StringComparison.Ordinal);
        Assert.Contains("2 % of the error budget would burn in 1h", mail, StringComparison.Ordinal);
        var post = Assert.Single(hook.Received);
        Assert.Equal("sha256=" + NotificationDispatcher.Signature("s3cret", post.Body), post.Signature);
        Assert.Contains("\"event\":\"alert.opened\"", post.Body, StringComparison.Ordinal);
        var sent = await api.GetJson("/api/v1/notifications?state=Sent");
        Assert.Equal(2, (int)sent["total"]!);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task While_the_mail_server_is_down_the_mail_waits_and_after_a_restart_it_is_delivered_once(string provider)
    {
        await using var smtp = SmtpServer.Create();               // not started: connections are refused
        await using var api = await StartAsync(provider, new NotificationOptions("127.0.0.1", smtp.Port, "slm@example.com", []));
        var first = api.Services.GetRequiredService<NotificationDispatcher>();
        Assert.Equal((0, 1), await first.RunOnceAsync(Now, default));
        var pending = (await api.GetJson("/api/v1/notifications?state=Pending"))["items"]![0]!;
        Assert.Equal(1, (int)pending["attempts"]!);
        Assert.Equal("2025-03-20T12:00:30Z", (string)pending["nextAttemptAt"]!);
        Assert.False(string.IsNullOrEmpty((string?)pending["lastError"]));

        // The instance stops; another (a restarted slm serve) takes over once the first one's lease lapses.
        await smtp.StartAsync();
        var restarted = ActivatorUtilities.CreateInstance<NotificationDispatcher>(api.Services);
        Assert.Null(await restarted.RunOnceAsync(Now + JobLeases.Length - Duration.FromSeconds(1), default));   // the lease still runs
        Assert.Equal((1, 0), await restarted.RunOnceAsync(Now + JobLeases.Length + Duration.FromSeconds(11), default));   // lapsed, and the retry is due
        Assert.Equal((0, 0), await restarted.RunOnceAsync(Now + Duration.FromMinutes(4), default));
        Assert.Single(smtp.Messages());
        Assert.Equal(0, (int)(await api.GetJson("/api/v1/notifications?state=Pending"))["total"]!);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_page_reaches_a_real_alertmanager_and_leaves_it_when_resolved(string provider)
    {
        await using var alertmanager = await AlertmanagerServer.StartAsync();
        await using var api = await StartAsync(provider, new NotificationOptions(null, 25, "slm@example.com", [], alertmanager.Url));
        var dispatcher = api.Services.GetRequiredService<NotificationDispatcher>();
        Assert.Equal((1, 0), await dispatcher.RunOnceAsync(Now, default));
        using var http = new HttpClient { BaseAddress = alertmanager.Url };
        var active = (await ApiHost.Json(await http.GetAsync("api/v2/alerts"))).AsArray();
        var labels = Assert.Single(active)!["labels"]!;
        Assert.Equal(("SLOBurnRate", "web-shop-slo", "availability", "page"),
            ((string)labels["alertname"]!, (string)labels["agreement"]!, (string)labels["objective"]!, (string)labels["severity"]!));

        // Ten clean minutes: the page resolves, and Alertmanager is told so (endsAt).
        api.Clock.Advance(Duration.FromMinutes(10));
        await MinuteCsv.PostAsync(api, "web-ok", Now + Duration.FromMinutes(10), 10, _ => 0);
        Assert.Single((await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null)))["resolved"]!.AsArray());
        Assert.Equal((1, 0), await dispatcher.RunOnceAsync(Now + Duration.FromMinutes(10), default));
        Assert.Empty((await ApiHost.Json(await http.GetAsync("api/v2/alerts?active=true"))).AsArray());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_alert_left_open_and_unacknowledged_is_mailed_again_after_its_interval_and_not_once_acknowledged(string provider)
    {
        await using var smtp = SmtpServer.Create();
        await smtp.StartAsync();
        var catalogue = Catalogue.Replace("window: {rolling: 30d}}", "window: {rolling: 30d}, alerting: {renotifyAfter: 10m}}", StringComparison.Ordinal);
        await using var api = await ApiHost.StartAsync(provider, now: Now, notifications: new NotificationOptions("127.0.0.1", smtp.Port, "slm@example.com", []));
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(catalogue))).StatusCode);
        await FastBurn(api);
        var page = Assert.Single((await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null)))["opened"]!.AsArray())!;
        var dispatcher = api.Services.GetRequiredService<NotificationDispatcher>();

        async Task<int> MinutesLater(int minutes)
        {
            // Still burning: the next minutes fail as the last hour did.
            await MinuteCsv.PostAsync(api, "web-ok", api.Clock.Now + Duration.FromMinutes(minutes), minutes, _ => 20);
            api.Clock.Advance(Duration.FromMinutes(minutes));
            return (int)(await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null)))["reminded"]!;
        }

        Assert.Equal(0, await MinutesLater(5));                         // within the interval
        Assert.Equal(1, await MinutesLater(6));                         // 11 minutes after the page was sent
        Assert.Equal(0, await MinutesLater(1));                         // the reminder reset the interval
        await dispatcher.RunOnceAsync(api.Clock.Now, default);
        // The Maildir does not keep the order of two mails delivered within one round: look for each.
        Assert.Equal(2, smtp.Messages().Count);
        Assert.Single(smtp.Messages(), m => m.Contains("Subject: [OpenSLM] Page opened", StringComparison.Ordinal));
        Assert.Single(smtp.Messages(), m => m.Contains("Subject: [OpenSLM] Page still open", StringComparison.Ordinal));

        // Snoozed for 20 minutes: no reminder while the snooze holds, then reminders again.
        var snooze = await api.SendJson(HttpMethod.Post, $"/api/v1/alerts/{(long)page["id"]!}/snooze",
            $$"""{"until": "{{NodaTime.Text.InstantPattern.ExtendedIso.Format(api.Clock.Now + Duration.FromMinutes(20))}}", "reason": "the fix is deploying"}""");
        Assert.Equal(HttpStatusCode.OK, snooze.StatusCode);
        async Task<int> PageReminders() => (await api.GetJson("/api/v1/notifications?pageSize=500"))["items"]!.AsArray()
            .Count(n => ((string)n!["subject"]!).Contains("Page still open", StringComparison.Ordinal));
        Assert.Equal(1, await PageReminders());
        await MinutesLater(11);                                         // due, but snoozed
        await MinutesLater(8);                                          // still snoozed, 19 minutes on
        Assert.Equal(1, await PageReminders());
        await MinutesLater(2);                                          // the snooze is over
        Assert.Equal(2, await PageReminders());

        await api.Client.PostAsync($"/api/v1/alerts/{(long)page["id"]!}/acknowledge", null);
        await MinutesLater(15);                                         // someone is on it
        Assert.Equal(2, await PageReminders());
    }
}
