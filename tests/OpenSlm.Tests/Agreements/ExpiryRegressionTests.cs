using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Agreements;

/// <summary>
/// Issue 18, finding 2: an agreement past its end stops being evaluated and alerting, expires on its own (audited), and
/// the months it was in force still report. On SQLite and PostgreSQL.
/// </summary>
public sealed class ExpiryRegressionTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static readonly Instant Now = Instant.FromUtc(2025, 3, 20, 12, 0);

    private const string Catalogue = """
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: gateway}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: gateway-ok}
        spec: {service: gateway}
        ---
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: gateway-contract}
        spec:
          kind: Expectation
          status: Active
          services: [gateway]
          effective: {from: 2024-10-01, to: 2025-02-28}
          objectives:
            - {name: availability, indicator: gateway-ok, target: 99.9, window: {calendar: month}}
        """;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_agreement_past_its_end_records_its_last_breach_alerts_on_nothing_expires_and_still_reports_its_months(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider, now: Now);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue))).StatusCode);
        // February (its last month) closed at 99 %, and in March the gateway fails hard: a burn that would page.
        var csv = new StringBuilder("timestamp,indicator,bad,total\n");
        for (var day = 1; day <= 28; day++)
        {
            csv.Append(InstantPattern.ExtendedIso.Format(Instant.FromUtc(2025, 2, day, 12, 0))).Append(",gateway-ok,10,1000\n");
        }
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/measurements", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).StatusCode);
        await MinuteCsv.PostAsync(api, "gateway-ok", Now, 3 * 24 * 60, ago => ago < 60 ? 50 : 0);

        var round = await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null));
        Assert.Empty(round["opened"]!.AsArray());
        var breach = Assert.Single(round["breaches"]!.AsArray())!;
        Assert.Equal("2025-02-01T00:00:00Z", (string)breach["periodStart"]!);

        // Expired by the round, audited as such; the next round evaluates it no more.
        var versions = (await api.GetJson("/api/v1/agreements/gateway-contract/versions")).AsArray();
        Assert.Equal("Expired", (string)versions.Single()!["status"]!);
        var audit = (await api.GetJson("/api/v1/audit?kind=Agreement&name=gateway-contract"))["items"]![0]!;
        Assert.Equal("expiry", (string)audit["via"]!);
        var again = await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null));
        Assert.Empty(again["opened"]!.AsArray());
        Assert.Equal(0, (int)again["objectives"]!);

        // The months it was in force still report, by the version that was in force then.
        var february = await api.GetJson("/api/v1/reports/agreements/gateway-contract?period=2025-02");
        Assert.Equal(1, (int)february["version"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await api.Client.GetAsync("/api/v1/reports/agreements/gateway-contract?period=2025-03")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_version_past_its_end_is_not_evaluated_even_before_a_round_expires_it(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider, now: Now);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue))).StatusCode);
        var active = await api.Services.GetRequiredService<OpenSlm.Storage.Catalogue.CatalogueStore>().ActiveAgreementsAsync();
        Assert.DoesNotContain(active, a => a.Record.Document.Metadata.Name == "gateway-contract");
        api.Clock.Now = Instant.FromUtc(2025, 2, 28, 23, 0);
        active = await api.Services.GetRequiredService<OpenSlm.Storage.Catalogue.CatalogueStore>().ActiveAgreementsAsync();
        Assert.Contains(active, a => a.Record.Document.Metadata.Name == "gateway-contract");
    }
}
