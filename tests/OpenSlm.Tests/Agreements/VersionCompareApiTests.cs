using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenSlm.Tests.Api;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Agreements;

/// <summary>Issue 18, negotiation: two versions' terms side by side, on SQLite and PostgreSQL.</summary>
public sealed class VersionCompareApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_amendment_is_compared_with_the_version_before_it_term_by_term(string provider)
    {
        await using var api = await ReportApiTests.StartAsync(provider);
        var v1 = await api.GetJson("/api/v1/agreements/shop-sla/versions/1");
        var spec = v1["spec"]!.DeepClone().AsObject();
        spec.Remove("status");
        spec["objectives"]![0]!["target"] = 99.5;
        spec["credits"]!["tiers"] = JsonNode.Parse("""[{"below": 99.5, "credit": 5}]""");
        spec["description"] = "Availability eased after the March review.";
        var created = await api.Client.PostAsync("/api/v1/agreements/shop-sla/versions",
            new StringContent(new JsonObject { ["spec"] = spec }.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var compared = await api.GetJson("/api/v1/agreements/shop-sla/versions/2/compare");
        Assert.Equal((1, "Active", 2, "Draft"), ((int)compared["from"]!["number"]!, (string)compared["from"]!["status"]!, (int)compared["to"]!["number"]!, (string)compared["to"]!["status"]!));
        var changes = compared["changes"]!.AsArray().Select(c => ((string)c!["path"]!, (string?)c["before"], (string?)c["after"], (string)c["change"]!)).ToList();
        var objective = (string)v1["spec"]!["objectives"]![0]!["name"]!;
        Assert.Contains(($"objectives[{objective}].target", ReportText(v1["spec"]!["objectives"]![0]!["target"]!), "99.5", "Changed"), changes);
        Assert.Contains(("description", null, "Availability eased after the March review.", "Added"), changes);
        Assert.Contains(changes, c => c.Item1.StartsWith("credits.tiers[", StringComparison.Ordinal));
        Assert.DoesNotContain(changes, c => c.Item1 == "customer");
        // The lifecycle (Active, Draft) is the version's, not a term.
        Assert.DoesNotContain(changes, c => c.Item1 == "status");

        // The other way round mirrors it; a version against itself differs in nothing.
        var back = await api.GetJson("/api/v1/agreements/shop-sla/versions/1/compare?with=2");
        Assert.Contains(("description", "Availability eased after the March review.", (string?)null, "Removed"),
            back["changes"]!.AsArray().Select(c => ((string)c!["path"]!, (string?)c["before"], (string?)c["after"], (string)c["change"]!)));
        Assert.Empty((await api.GetJson("/api/v1/agreements/shop-sla/versions/2/compare?with=2"))["changes"]!.AsArray());

        var first = await api.Client.GetAsync("/api/v1/agreements/shop-sla/versions/1/compare");
        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Contains("version 1 is the first", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var bad = await api.Client.GetAsync("/api/v1/agreements/shop-sla/versions/2/compare?with=x");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"with\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/agreements/shop-sla/versions/2/compare?with=7")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/agreements/shop-sla/versions/9/compare")).StatusCode);
    }

    private static string ReportText(JsonNode value) => value.ToJsonString();
}
