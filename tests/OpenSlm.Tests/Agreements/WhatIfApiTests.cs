using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenSlm.Tests.Api;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Agreements;

/// <summary>Issue 18, negotiation: a Draft's terms replayed over the stored months, on SQLite and PostgreSQL.</summary>
public sealed class WhatIfApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_draft_is_replayed_over_the_stored_months_with_its_credits_and_months_without_data_said(string provider)
    {
        await using var api = await ReportApiTests.StartAsync(provider);
        // A Draft lowering availability to 99.5 (its tiers with it): March 2025, 99.742 %, would have been met.
        var v1 = await api.GetJson("/api/v1/agreements/shop-sla/versions/1");
        var spec = v1["spec"]!.DeepClone().AsObject();
        spec.Remove("status");
        spec["objectives"]![0]!["target"] = 99.5;
        spec["credits"]!["tiers"] = JsonNode.Parse("""[{"below": 99.5, "credit": 5}]""");
        var created = await api.Client.PostAsync("/api/v1/agreements/shop-sla/versions",
            new StringContent(new JsonObject { ["spec"] = spec }.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var whatIf = await api.GetJson("/api/v1/agreements/shop-sla/versions/2/whatif?months=3");
        Assert.Equal(("2025-01", "2025-03"), ((string)whatIf["from"]!, (string)whatIf["to"]!));
        var availability = whatIf["objectives"]!.AsArray().Single(o => (string)o!["name"]! == "availability")!;
        Assert.Equal(["Met", "Met", "Met"], availability["months"]!.AsArray().Select(m => (string)m!["status"]!));
        Assert.Equal(0, (int)availability["monthsBreached"]!);
        // March at 99.742 % against 99.5 %: 0.258 of the 0.5 points the target allows, about half the month's error budget.
        var marchBudget = availability["months"]![2]!;
        Assert.InRange((decimal)marchBudget["budgetSpent"]!, 51m, 52.5m);
        Assert.Equal((decimal)marchBudget["units"]! * 0.005m, (decimal)marchBudget["budgetUnits"]!);
        // The same month as version 1 judged it, for comparison: breached there.
        var asIs = await api.GetJson("/api/v1/agreements/shop-sla/versions/1/whatif?months=3");
        var march = asIs["objectives"]!.AsArray().Single(o => (string)o!["name"]! == "availability")!["months"]![2]!;
        Assert.Equal("Breached", (string)march["status"]!);
        Assert.Equal(5m, (decimal)march["credit"]!["credit"]!);

        // Resolution (tickets) has data only in March: the other months say so, never 0 % or 100 %.
        var resolution = whatIf["objectives"]!.AsArray().Single(o => (string)o!["name"]! == "resolution")!;
        Assert.Equal(2, (int)resolution["monthsWithoutData"]!);
        Assert.Null(resolution["months"]![0]!["attainment"]);
        Assert.Contains(whatIf["notes"]!.AsArray(), n => ((string)n!).StartsWith("resolution: no data in 2 of 3 months", StringComparison.Ordinal));

        var bad = await api.Client.GetAsync("/api/v1/agreements/shop-sla/versions/2/whatif?months=99");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("expected 1 to 36", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/agreements/shop-sla/versions/9/whatif")).StatusCode);
    }

    [Fact]
    public async Task Slm_whatif_replays_a_stored_version_or_an_unsaved_document_and_says_which_months_had_no_data()
    {
        await using var api = await ReportApiTests.StartAsync("sqlite");
        // The CLI runs on the real clock: the last closed months are after the test data (March 2025), so they have none.
        var json = await SlmProcess.RunAsync("whatif", "--data", api.DataDirectory!, "-a", "shop-sla", "--months", "3", "--format", "json");
        Assert.True(json.ExitCode == 0, json.Error);
        var result = JsonNode.Parse(json.Output)!;
        var availability = result["objectives"]!.AsArray().Single(o => (string)o!["name"]! == "availability")!;
        Assert.Equal(3, (int)availability["monthsWithoutData"]!);
        Assert.All(availability["months"]!.AsArray(), m => Assert.Null(m!["attainment"]));
        Assert.Contains(result["notes"]!.AsArray(), n => ((string)n!).StartsWith("availability: indicator 'shop-ok' has no data in", StringComparison.Ordinal));

        var dir = SlmProcess.TempDir();
        var file = Path.Combine(dir, "draft.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: openslm/v1
            kind: Agreement
            metadata: {name: shop-sla-draft}
            spec:
              kind: SLA
              customer: acme
              services: [shop]
              objectives:
                - {name: availability, indicator: shop-ok, target: 99.5, window: {calendar: month}}
            """);
        var text = await SlmProcess.RunAsync("whatif", "--data", api.DataDirectory!, "-f", file, "-m", "2");
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains("What if shop-sla-draft as in", text.Output, StringComparison.Ordinal);
        Assert.Contains("availability (target 99.5 %): 0 months breached, 2 without data", text.Output, StringComparison.Ordinal);
        Assert.Contains("no data", text.Output, StringComparison.Ordinal);

        var months = await SlmProcess.RunAsync("whatif", "--data", api.DataDirectory!, "-a", "shop-sla", "-m", "99");
        Assert.Equal(2, months.ExitCode);
        Assert.Contains("--months: expected 1 to 36, not 99.", months.Error, StringComparison.Ordinal);
        var missing = await SlmProcess.RunAsync("whatif", "--data", api.DataDirectory!, "-a", "shop-sla", "--version", "9");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("--version: 'shop-sla' has no version 9 (it has 1)", missing.Error, StringComparison.Ordinal);
        var both = await SlmProcess.RunAsync("whatif", "--data", api.DataDirectory!, "-a", "shop-sla", "-f", file);
        Assert.NotEqual(0, both.ExitCode);
    }
}
