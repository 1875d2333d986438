using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OpenSlm.Tests.Api;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Agreements;

/// <summary>Issue 18: a confirmed retroactive version's judgement carries to the breach records of the months it re-judged
/// (withdrawn with the reason, never deleted; recorded again when a later one re-judges them breached), on SQLite and PostgreSQL.</summary>
public sealed class RetroactiveBreachTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private const string Parties = """
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
        """;

    private static async Task AmendAsync(ApiHost api, int number, decimal target, string tiers)
    {
        var latest = await api.GetJson($"/api/v1/agreements/shop-sla/versions/{number - 1}");
        var spec = latest["spec"]!.DeepClone().AsObject();
        spec.Remove("status");
        spec["objectives"]![0]!["target"] = target;
        spec["credits"]!["tiers"] = JsonNode.Parse(tiers);
        var created = await api.Client.PostAsync("/api/v1/agreements/shop-sla/versions",
            new StringContent(new JsonObject { ["spec"] = spec }.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        await api.SignOffAsync("shop-sla", number, "dana", "carl");
        var activated = await api.Client.PostAsync($"/api/v1/agreements/shop-sla/versions/{number}/status",
            new StringContent("""{"status": "Active", "effectiveFrom": "2025-03-01", "reason": "Agreed in February, filed late", "confirm": true}""", Encoding.UTF8, "application/json"));
        Assert.True(activated.IsSuccessStatusCode, await activated.Content.ReadAsStringAsync());
    }

    private static async Task<List<JsonNode>> AvailabilityBreachesAsync(ApiHost api, bool withdrawn = false) =>
        [.. (await api.GetJson($"/api/v1/breaches?agreement=shop-sla{(withdrawn ? "&includeWithdrawn=true" : "")}")).AsArray()
            .Where(b => (string)b!["objective"]! == "availability").Select(b => b!)];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Breach_records_follow_a_confirmed_retroactive_judgement_and_are_withdrawn_never_deleted(string provider)
    {
        await using var api = await ReportApiTests.StartAsync(provider);
        Assert.True((await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Parties))).IsSuccessStatusCode);
        // March 2025 closed at 99.742 % against 99.9 %: the alert round records the breach, which is diagnosed.
        Assert.True((await api.Client.PostAsync("/api/v1/alerts/evaluate", null)).IsSuccessStatusCode);
        var march = Assert.Single(await AvailabilityBreachesAsync(api));
        Assert.True((await api.Client.PutAsJsonAsync($"/api/v1/breaches/{(long)march["id"]!}/diagnosis", new { rootCause = "Load balancer failover" })).IsSuccessStatusCode);

        // Version 2 (99.5 %) is put in force from 1 March: March is Met under it, so its breach is withdrawn, with why, and kept.
        await AmendAsync(api, 2, 99.5m, """[{"below": 99.5, "credit": 5}]""");
        Assert.Empty(await AvailabilityBreachesAsync(api));
        var kept = Assert.Single(await AvailabilityBreachesAsync(api, withdrawn: true));
        Assert.Equal("Load balancer failover", (string)kept["rootCause"]!);
        Assert.StartsWith("Re-judged by version 2, in force from 2025-03-01: Agreed in February, filed late (Met against 99.5 %)", (string)kept["withdrawnReason"]!, StringComparison.Ordinal);
        var report = await api.GetJson("/api/v1/reports/agreements/shop-sla?period=2025-03");
        Assert.Equal(2, (int)report["version"]!);
        Assert.DoesNotContain(report["breaches"]!.AsArray(), b => (string)b!["objective"]! == "availability");

        // Version 3 (99.95 %) from the same day judges March breached again: the same record stands again, against 99.95 %, its diagnosis kept.
        await AmendAsync(api, 3, 99.95m, """[{"below": 99.95, "credit": 5}]""");
        var again = Assert.Single(await AvailabilityBreachesAsync(api));
        Assert.Equal(((long)march["id"]!, 99.95m, "Load balancer failover"), ((long)again["id"]!, (decimal)again["target"]!, (string)again["rootCause"]!));
        Assert.Null(again["withdrawnAt"]);
    }
}
