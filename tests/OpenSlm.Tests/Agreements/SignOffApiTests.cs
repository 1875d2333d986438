using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenSlm.Core.Access;
using OpenSlm.Tests.Api;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Agreements;

/// <summary>
/// Issue 18, findings 1 and 4 through the API, on SQLite and PostgreSQL: an SLA amendment is signed off by the
/// Accountable of each party, takes effect from its activation (closed months keep their judgement, breaches, credits and
/// published reports), and a retroactive date is shown with what it re-judges before it is confirmed.
/// </summary>
public sealed class SignOffApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    /// <summary>dana owns the shop; carl signs for Acme.</summary>
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

    /// <summary>The March report setup (now 2 April 2025) with both parties named, and version 2 lowering availability to 99.5 as a Draft.</summary>
    private static async Task<ApiHost> AmendedAsync(string provider)
    {
        var api = await ReportApiTests.StartAsync(provider);
        var parties = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Parties));
        Assert.True(parties.IsSuccessStatusCode, await parties.Content.ReadAsStringAsync());
        var v1 = await api.GetJson("/api/v1/agreements/shop-sla/versions/1");
        var amended = v1["spec"]!.DeepClone().AsObject();
        amended.Remove("status");
        amended["objectives"]![0]!["target"] = 99.5;
        // Its credit tiers follow the lower target: none may sit above it.
        amended["credits"]!["tiers"] = JsonNode.Parse("""[{"below": 99.5, "credit": 5}, {"below": 99, "credit": 15}]""");
        var created = await api.Client.PostAsync("/api/v1/agreements/shop-sla/versions", Json(new JsonObject { ["spec"] = amended }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return api;
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Only_the_accountable_of_a_party_decides_each_once_and_a_rejection_needs_its_reason(string provider)
    {
        await using var api = await AmendedAsync(provider);
        Assert.True((await api.Client.PostAsync("/api/v1/agreements/shop-sla/versions/2/status", Json("""{"status":"Proposed"}"""))).IsSuccessStatusCode);

        var signOff = await api.GetJson("/api/v1/agreements/shop-sla/versions/2/approvals");
        Assert.True((bool)signOff["needed"]!);
        Assert.Equal(["Provider", "Customer"], signOff["pending"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(["dana"], signOff["parties"]!.AsArray().Single(p => (string)p!["party"]! == "Provider")!["accountable"]!.AsArray().Select(s => (string)s!));

        // alice (the manager, linked to no stakeholder) and eve (a stakeholder of neither party) are refused: 403, naming who signs.
        var alice = await api.Client.PostAsync("/api/v1/agreements/shop-sla/versions/2/approvals", Json("""{"decision":"approve"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, alice.StatusCode);
        Assert.Contains("not linked to a stakeholder", await alice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml("apiVersion: openslm/v1\nkind: Stakeholder\nmetadata: {name: eve}\n"))).IsSuccessStatusCode);
        var eve = await api.ApproveAsync("shop-sla", 2, "eve");
        Assert.Equal(HttpStatusCode.Forbidden, eve.StatusCode);
        Assert.Contains("the customer acme is signed off by carl", await eve.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A rejection without a reason is refused at the field; a bad decision too.
        var bare = await api.ApproveAsync("shop-sla", 2, "carl", approve: false);
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.NotNull((await ApiHost.Json(bare))["errors"]!["reason"]);
        using (var carlClient = api.ClientWith(await api.TokenAsync("carl@signoff.test", [Role.ServiceLevelManager], stakeholder: "carl")))
        {
            var odd = await carlClient.PostAsync("/api/v1/agreements/shop-sla/versions/2/approvals", Json("""{"decision":"maybe"}"""));
            Assert.Equal(HttpStatusCode.BadRequest, odd.StatusCode);
            Assert.Contains("expected approve or reject", await odd.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // carl approves; approving again is a conflict; dana rejects with the reason: back to Draft, both decisions kept.
        Assert.Equal(HttpStatusCode.OK, (await api.ApproveAsync("shop-sla", 2, "carl")).StatusCode);
        var twice = await api.ApproveAsync("shop-sla", 2, "carl");
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("already approved for the customer by carl", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var rejected = await api.ApproveAsync("shop-sla", 2, "dana", approve: false, reason: "99.5 is too low for checkout");
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var after = await ApiHost.Json(rejected);
        Assert.Equal("Draft", (string)after["status"]!);
        Assert.Equal([("carl", "Approved", (string?)null), ("dana", "Rejected", "99.5 is too low for checkout")],
            after["history"]!.AsArray().Select(h => ((string)h!["stakeholder"]!, (string)h["decision"]!, (string?)h["reason"])));
        Assert.StartsWith("carl@signoff.test (token #", (string)after["history"]![0]!["by"]!, StringComparison.Ordinal);

        // A Draft is not decided on.
        Assert.Equal(HttpStatusCode.Conflict, (await api.ApproveAsync("shop-sla", 2, "carl")).StatusCode);
        // Proposed again, it needs both approvals afresh.
        await api.SignOffAsync("shop-sla", 2, "carl", "dana");
        Assert.Equal("Agreed", (string)(await api.GetJson("/api/v1/agreements/shop-sla/versions/2"))["version"]!["status"]!);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_amendment_activated_today_leaves_the_closed_month_its_breaches_credits_and_publication_as_they_were(string provider)
    {
        await using var api = await AmendedAsync(provider);
        var march = await api.Client.GetStringAsync("/api/v1/reports/agreements/shop-sla?period=2025-03");
        var credits = await api.Client.GetStringAsync("/api/v1/agreements/shop-sla/credits?period=2025-03");
        var breaches = await api.Client.GetStringAsync("/api/v1/breaches");
        var publication = await api.Client.PostAsync("/api/v1/reports", Json("""{"agreement":"shop-sla","period":"2025-03"}"""));
        Assert.Equal(HttpStatusCode.Created, publication.StatusCode);
        var published = await ApiHost.Json(publication);

        await api.SignOffAsync("shop-sla", 2, "dana", "carl");
        var activated = await api.Client.PostAsync("/api/v1/agreements/shop-sla/versions/2/status", Json("""{"status":"Active"}"""));
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        var v2 = (await ApiHost.Json(activated))["version"]!;
        Assert.Equal("2025-04-02", (string?)v2["inForceFrom"]);
        Assert.Null(v2["retroactiveReason"]);

        // March is still judged by version 1: same report byte for byte, same credits, same breach records.
        Assert.Equal(march, await api.Client.GetStringAsync("/api/v1/reports/agreements/shop-sla?period=2025-03"));
        Assert.Equal(credits, await api.Client.GetStringAsync("/api/v1/agreements/shop-sla/credits?period=2025-03"));
        var round = await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null));
        Assert.Empty(round["breaches"]!.AsArray());
        Assert.Equal(breaches, await api.Client.GetStringAsync("/api/v1/breaches"));
        var again = await api.GetJson($"/api/v1/reports/{(long)published["id"]!}");
        Assert.False((bool)again["publication"]!["dataChanged"]!);
        Assert.Equal(1, (int)again["version"]!);
        // April, the period version 2 came in force in, is judged by it.
        Assert.Equal(2, (int)(await api.GetJson("/api/v1/reports/agreements/shop-sla?period=2025-04"))["version"]!);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_retroactive_date_lists_what_it_rejudges_and_takes_effect_only_confirmed_with_a_reason(string provider)
    {
        await using var api = await AmendedAsync(provider);
        await api.SignOffAsync("shop-sla", 2, "dana", "carl");
        var url = "/api/v1/agreements/shop-sla/versions/2/status";

        var noReason = await api.Client.PostAsync(url, Json("""{"status":"Active","effectiveFrom":"2025-03-01"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.NotNull((await ApiHost.Json(noReason))["errors"]!["reason"]);
        var tooFar = await api.Client.PostAsync(url, Json("""{"status":"Active","effectiveFrom":"2022-03-01","reason":"x"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, tooFar.StatusCode);
        Assert.NotNull((await ApiHost.Json(tooFar))["errors"]!["effectiveFrom"]);
        var notADay = await api.Client.PostAsync(url, Json("""{"status":"Active","effectiveFrom":"March"}"""));
        Assert.Contains("expected yyyy-MM-dd", await notADay.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var unconfirmed = await api.Client.PostAsync(url, Json("""{"status":"Active","effectiveFrom":"2025-03-01","reason":"Agreed in February, signed late"}"""));
        Assert.Equal(HttpStatusCode.Conflict, unconfirmed.StatusCode);
        var preview = await ApiHost.Json(unconfirmed);
        var change = Assert.Single(preview["rejudged"]!.AsArray(), c => (string)c!["objective"]! == "availability")!;
        Assert.Equal("2025-03", (string)change["period"]!);
        Assert.Equal((1, 99.9m, "Breached"), ((int)change["versionBefore"]!, (decimal)change["targetBefore"]!, (string)change["statusBefore"]!));
        Assert.Equal((2, 99.5m, "Met"), ((int)change["versionAfter"]!, (decimal)change["targetAfter"]!, (string)change["statusAfter"]!));
        Assert.True((decimal)change["creditBefore"]! > 0);
        Assert.Equal(0m, (decimal)change["creditAfter"]!);
        // Nothing moved yet.
        Assert.Equal("Agreed", (string)(await api.GetJson("/api/v1/agreements/shop-sla/versions/2"))["version"]!["status"]!);
        Assert.Equal(1, (int)(await api.GetJson("/api/v1/reports/agreements/shop-sla?period=2025-03"))["version"]!);

        var confirmed = await api.Client.PostAsync(url, Json("""{"status":"Active","effectiveFrom":"2025-03-01","reason":"Agreed in February, signed late","confirm":true}"""));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var v2 = (await ApiHost.Json(confirmed))["version"]!;
        Assert.Equal(("2025-03-01", "Agreed in February, signed late"), ((string?)v2["inForceFrom"], (string?)v2["retroactiveReason"]));
        var march = await api.GetJson("/api/v1/reports/agreements/shop-sla?period=2025-03");
        Assert.Equal(2, (int)march["version"]!);
        Assert.Equal(99.5m, (decimal)march["objectives"]![0]!["target"]!);
        // The audit keeps who did it, from when and why.
        var audit = await api.GetJson("/api/v1/audit?kind=Agreement&name=shop-sla");
        var entry = audit["items"]!.AsArray().First(a => (string)a!["action"]! == "StatusChanged")!;
        Assert.Equal(ApiHost.Actor, (string)entry["actor"]!);
        Assert.Contains("Agreed in February, signed late", entry.ToJsonString(), StringComparison.Ordinal);
    }
}
