using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NodaTime;
using OpenSlm.Jobs;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Agreements;

/// <summary>Issue 18: notices before an agreement ends and before its notice period closes, and renewal as a new version; on SQLite and PostgreSQL.</summary>
public sealed class RenewalApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private const string Catalogue = """
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
        kind: Indicator
        metadata: {name: shop-ok}
        spec: {service: shop}
        ---
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: shop-ola}
        spec:
          kind: Expectation
          status: Active
          services: [shop]
          effective: {from: "2025-01-01", to: "2025-12-31", noticeDays: 60}
          objectives:
            - {name: availability, indicator: shop-ok, target: 99.9, window: {calendar: month}}
          stakeholders:
            - {stakeholder: dana, role: Accountable}
        """;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_parties_are_told_before_the_notice_period_closes_and_before_the_end_until_a_renewal_is_in_force(string provider)
    {
        await using var smtp = SmtpServer.Create();
        await smtp.StartAsync();
        await using var api = await ApiHost.StartAsync(provider, now: Instant.FromUtc(2025, 12, 2, 9, 0), notifications: new NotificationOptions("127.0.0.1", smtp.Port, "slm@example.com", []));
        var applied = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue));
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync());
        var reminders = api.Services.GetRequiredService<AgreementReminder>();

        // Notice is due by 1 November (60 days before 31 December): told on 20 October, once.
        Assert.Equal(["notice:shop-ola:1:2025-11-01"], (await reminders.RunOnceAsync(Instant.FromUtc(2025, 10, 20, 9, 0), default)).Select(r => r.Key));
        Assert.Empty(await reminders.RunOnceAsync(Instant.FromUtc(2025, 10, 21, 9, 0), default));
        // 1 December: it ends within 30 days.
        Assert.Equal(["expiry:shop-ola:1:2025-12-31"], (await reminders.RunOnceAsync(Instant.FromUtc(2025, 12, 1, 9, 0), default)).Select(r => r.Key));
        Assert.Equal((2, 0), await api.Services.GetRequiredService<NotificationDispatcher>().RunOnceAsync(Instant.FromUtc(2025, 12, 1, 9, 1), default));
        var subjects = smtp.Messages().Select(m => { using var mail = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m))); return mail.Subject; }).Order(StringComparer.Ordinal);
        Assert.Equal(["[OpenSLM] Notice on shop-ola is due by 2025-11-01", "[OpenSLM] shop-ola ends on 2025-12-31"], subjects);

        // The renewal: a Draft of the same terms for the next year (or as many months as asked), then put in force from its first day.
        var bad = await api.Client.PostAsync("/api/v1/agreements/shop-ola/versions/1/renew", new StringContent("""{"months": 0}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"months\":", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Client.PostAsync("/api/v1/agreements/shop-ola/versions/1/renew", new StringContent("""{"years": 1}""", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.PostAsync("/api/v1/agreements/shop-ola/versions/7/renew", null)).StatusCode);
        var renewed = await api.Client.PostAsync("/api/v1/agreements/shop-ola/versions/1/renew", null);
        Assert.Equal(HttpStatusCode.Created, renewed.StatusCode);
        var draft = await ApiHost.Json(renewed);
        Assert.Equal((2, "Draft", "2026-01-01", "2026-12-31", 60), ((int)draft["version"]!["number"]!, (string)draft["version"]!["status"]!,
            (string)draft["spec"]!["effective"]!["from"]!, (string)draft["spec"]!["effective"]!["to"]!, (int)draft["spec"]!["effective"]!["noticeDays"]!));
        Assert.Equal(HttpStatusCode.Conflict, (await api.Client.PostAsync("/api/v1/agreements/shop-ola/versions/1/renew", null)).StatusCode);   // a Draft is open
        foreach (var status in new[] { "Proposed", "Agreed", "Active" })
        {
            var moved = await api.SendJson(HttpMethod.Post, "/api/v1/agreements/shop-ola/versions/2/status", $$"""{"status": "{{status}}"}""");
            Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        }
        var versions = (await api.GetJson("/api/v1/agreements/shop-ola/versions")).AsArray();
        var second = versions.Single(v => (int)v!["number"]! == 2)!;
        Assert.Equal(("Agreed", true, "2026-01-01"), ((string)second["status"]!, (bool)second["scheduled"]!, (string)second["inForceFrom"]!));
        // Renewed: no more notices about version 1's end.
        Assert.Empty(await reminders.RunOnceAsync(Instant.FromUtc(2025, 12, 20, 9, 0), default));
        // A version without an end is not renewed.
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.PostAsync("/api/v1/agreements/nope/versions/1/renew", null)).StatusCode);
    }
}
