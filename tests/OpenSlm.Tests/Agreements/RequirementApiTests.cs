using System.Net;
using System.Text.Json.Nodes;
using OpenSlm.Tests.Api;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Agreements;

/// <summary>Issue 18, negotiation: a customer's requirement and the Gold, Silver and Bronze offers that answer it, compared side by side, on SQLite and PostgreSQL.</summary>
public sealed class RequirementApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static string Offer(string name, decimal target, string? calendar, decimal price) => $$"""
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: {{name}}}
        spec:
          kind: SLA
          status: Draft
          customer: acme
          services: [shop]
          charge: {amount: {{price}}, currency: GBP}
          objectives:
            - {name: availability, indicator: shop-ok, target: {{target}}, window: {calendar: month}{{(calendar is null ? "" : $", calendar: {calendar}")}}}
        ---

        """;

    private const string Requirement = """
        apiVersion: openslm/v1
        kind: Requirement
        metadata: {name: acme-2027, displayName: Acme's needs for 2027}
        spec:
          customer: acme
          services: [shop]
          reason: Peak trading moves online in 2027.
          budget: {amount: 20000, currency: GBP}
          neededBy: 2027-01-01
          needs:
            - {name: availability, description: The shop open in trading hours, target: 99.9, calendar: london}
            - {name: p1-response, priority: P1, within: 30m}
          offers: [gold, silver, bronze]
          status: Offered
        """;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Offers_are_compared_with_the_requirement_need_by_need_and_against_the_budget(string provider)
    {
        await using var api = await ReportApiTests.StartAsync(provider);
        var applied = await api.Client.PostAsync("/api/v1/apply",
            ApiHost.Yaml(Offer("gold", 99.95m, "london", 25000) + Offer("silver", 99.9m, "london", 18000) + Offer("bronze", 99.5m, null, 9000) + Requirement));
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync());

        var compared = await api.GetJson("/api/v1/requirements/acme-2027/offers");
        var offers = compared["offers"]!.AsArray().ToDictionary(o => (string)o!["agreement"]!, o => o!);
        string Fit(string offer, string need) => (string)offers[offer]["answers"]!.AsArray().Single(a => (string)a!["need"]! == need)!["fit"]!;
        Assert.Equal(("Meets", "OverBudget"), (Fit("gold", "availability"), (string)offers["gold"]["price"]!));
        Assert.Equal(("Meets", "WithinBudget"), (Fit("silver", "availability"), (string)offers["silver"]["price"]!));
        Assert.Equal("FallsShort", Fit("bronze", "availability"));
        Assert.Contains("offers 99.5 % where 99.9 % is needed", (string)offers["bronze"]["answers"]![0]!["why"]!, StringComparison.Ordinal);
        Assert.Equal("NotCompared", Fit("silver", "p1-response"));
        Assert.Equal(["silver"], compared["meetAll"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("Draft", (string)offers["silver"]["status"]!);

        // An offer at all hours where the need is in trading hours is said to be over other hours, not taken as meeting it.
        Assert.True((await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Offer("silver", 99.9m, null, 18000)))).IsSuccessStatusCode);
        Assert.Equal("OtherHours", (string)(await api.GetJson("/api/v1/requirements/acme-2027/offers"))["offers"]![1]!["answers"]![0]!["fit"]!);
        Assert.Empty((await api.GetJson("/api/v1/requirements/acme-2027/offers"))["meetAll"]!.AsArray());

        // The customer accepts silver: recorded on the requirement, and refused at the field for an offer not listed.
        var accepted = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Requirement.Replace("status: Offered", "status: Accepted\n  accepted: silver", StringComparison.Ordinal)));
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        Assert.True((bool)(await api.GetJson("/api/v1/requirements/acme-2027/offers"))["offers"]![1]!["accepted"]!);
        var wrong = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Requirement.Replace("status: Offered", "status: Accepted\n  accepted: platinum", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("spec.accepted", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var missing = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Requirement.Replace("offers: [gold, silver, bronze]", "offers: [gold, platinum]", StringComparison.Ordinal)));
        Assert.False(missing.IsSuccessStatusCode);
        Assert.Contains("spec.offers[1]", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noNeeds = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml("apiVersion: openslm/v1\nkind: Requirement\nmetadata: {name: empty}\nspec: {customer: acme, services: [shop]}\n"));
        Assert.Equal(HttpStatusCode.BadRequest, noNeeds.StatusCode);
        Assert.Contains("spec.needs", await noNeeds.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // An offer cannot be retired while the requirement names it; an unknown requirement is 404.
        Assert.Equal(HttpStatusCode.Conflict, (await api.Client.DeleteAsync("/api/v1/agreements/bronze")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/requirements/nope/offers")).StatusCode);
        var listed = await api.GetJson("/api/v1/requirements");
        Assert.Equal("Acme's needs for 2027", (string)listed["items"]![0]!["metadata"]!["displayName"]!);
    }
}
