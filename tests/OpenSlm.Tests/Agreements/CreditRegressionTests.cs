using System.Net;
using System.Text.Json.Nodes;
using OpenSlm.Tests.Api;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Agreements;

/// <summary>
/// Issue 18, finding 3, on SQLite and PostgreSQL: credit tiers belong to an objective; tiers that would charge an objective
/// whose target is under them are refused at the field, and a Met objective never earns a credit.
/// </summary>
public sealed class CreditRegressionTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static StringContent Body(JsonObject spec) =>
        new(new JsonObject { ["spec"] = spec.DeepClone() }.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Shared_tiers_above_an_objectives_target_are_refused_and_each_credit_line_says_why(string provider)
    {
        await using var api = await ReportApiTests.StartAsync(provider);
        // March 2025: availability 99.742 % against 99.9 (its tier, 5 %), resolution 66.7 % against 90 (its own tier, 15 %).
        var credits = (await api.GetJson("/api/v1/agreements/shop-sla/credits?period=2025-03")).AsArray().Single()!;
        Assert.Equal([("availability", 5m, "below 99.9 % (the agreement's tier): 5 % of the charge"), ("resolution", 15m, "below 90 % (its own tier): 15 % of the charge")],
            credits["lines"]!.AsArray().Select(l => ((string)l!["objective"]!, (decimal)l["credit"]!, (string)l["why"]!)));

        // The finding: the agreement's tiers (99.9, 99) over resolution, whose target is 90, would charge it by thresholds it never promised.
        var v1 = await api.GetJson("/api/v1/agreements/shop-sla/versions/1");
        var spec = v1["spec"]!.DeepClone().AsObject();
        spec.Remove("status");
        spec["objectives"]![1]!.AsObject().Remove("credits");
        var refused = await api.Client.PostAsync("/api/v1/agreements/shop-sla/versions",
            Body(spec));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await ApiHost.Json(refused))["errors"]!.AsObject();
        var message = (string)errors["spec.credits.tiers[0].below"]![0]!;
        Assert.Contains("above the target of objective 'resolution' (90)", message, StringComparison.Ordinal);
        Assert.Single((await api.GetJson("/api/v1/agreements/shop-sla/versions")).AsArray());

        // Tiers of resolution's own above its target: refused at that tier.
        spec["objectives"]![1]!["credits"] = JsonNode.Parse("""[{"below": 95, "credit": 10}]""");
        spec["credits"]!["objectives"] = new JsonArray("availability");
        var own = await api.Client.PostAsync("/api/v1/agreements/shop-sla/versions",
            Body(spec));
        Assert.Equal(HttpStatusCode.BadRequest, own.StatusCode);
        Assert.Contains("above the objective's target (90)", (string)(await ApiHost.Json(own))["errors"]!["spec.objectives[1].credits[0].below"]![0]!, StringComparison.Ordinal);

        // Asked with a version whose target was met (99.5 for availability), the same month earns nothing for it, and says so.
        spec["objectives"]![0]!["target"] = 99.5;
        spec["objectives"]![1]!["credits"] = JsonNode.Parse("""[{"below": 90, "credit": 15}]""");
        spec["credits"]!["tiers"] = JsonNode.Parse("""[{"below": 99.5, "credit": 5}]""");
        var amended = await api.Client.PostAsync("/api/v1/agreements/shop-sla/versions",
            Body(spec));
        Assert.Equal(HttpStatusCode.Created, amended.StatusCode);
        var met = (await api.GetJson("/api/v1/agreements/shop-sla/credits?period=2025-03&version=2")).AsArray().Single()!["lines"]!.AsArray()
            .Single(l => (string)l!["objective"]! == "availability")!;
        Assert.Equal((0m, "met its target of 99.5 %: no credit"), ((decimal)met["credit"]!, (string)met["why"]!));
    }
}
