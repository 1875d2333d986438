using System.Net;
using System.Text.Json.Nodes;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Api;

/// <summary>A breach's structured diagnosis: a cause from the taxonomy, references, services from its dependency chain; audited; kept as published once a report shows it.</summary>
public sealed class BreachDiagnosisTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_diagnosis_names_its_cause_references_and_contributing_services_is_audited_and_stays_as_published(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider, demo: true);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/alerts/evaluate", null)).StatusCode);
        var breach = (await api.GetJson("/api/v1/breaches?agreement=online-retail-web-shop-sla")).AsArray().First(b => (string)b!["objective"]! == "checkout-success")!;
        var id = (long)breach["id"]!;
        var path = $"/api/v1/breaches/{id}/diagnosis";

        // A cause outside the taxonomy, a service outside the web shop's chain, too many references: each named, nothing stored.
        var category = await api.SendJson(HttpMethod.Put, path, """{"category": "Gremlins"}""");
        Assert.Equal(HttpStatusCode.BadRequest, category.StatusCode);
        Assert.Contains("expected one of Change, Capacity, Supplier, SoftwareDefect, Configuration, HumanError, External, Unknown", await category.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var service = await api.SendJson(HttpMethod.Put, path, """{"category": "Supplier", "contributingServices": ["payments", "store-tills"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, service.StatusCode);
        var serviceText = await service.Content.ReadAsStringAsync();
        Assert.Contains("contributingServices[1]", serviceText, StringComparison.Ordinal);
        Assert.Contains("'store-tills' is not among the services the agreement covers or depends on", serviceText, StringComparison.Ordinal);
        var many = await api.SendJson(HttpMethod.Put, path, new JsonObject { ["references"] = new JsonArray([.. Enumerable.Range(0, 21).Select(i => (JsonNode)$"INC{i}")]) }.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        Assert.Null((await api.GetJson($"/api/v1/breaches/{id}"))["category"]);

        // Diagnosed: PayFlow timed out under the sale's load; the breach traces to payments on the cloud platform.
        var body = """{"category": "supplier", "rootCause": "PayFlow's gateway timed out under the sale's load.", "references": ["INC0010043", "https://itsm.example/change/CHG0041"], "contributingServices": ["payments", "cloud-platform"], "actions": "Agree a capacity plan with PayFlow.", "statement": "A supplier's outage slowed checkouts for a week."}""";
        var diagnosed = await ApiHost.Json(await api.SendJson(HttpMethod.Put, path, body));
        Assert.Equal("Supplier", (string)diagnosed["category"]!);
        Assert.Equal(["INC0010043", "https://itsm.example/change/CHG0041"], diagnosed["references"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(["payments", "cloud-platform"], (await api.GetJson($"/api/v1/breaches/{id}"))["contributingServices"]!.AsArray().Select(r => (string)r!));
        var audit = (await api.GetJson($"/api/v1/audit?kind=Breach&name={id}"))["items"]!.AsArray();
        var entry = Assert.Single(audit)!;
        Assert.Equal(("Diagnosed", ApiHost.Actor), ((string)entry["action"]!, (string)entry["actor"]!));
        Assert.Equal("Supplier", (string)entry["after"]!["category"]!);
        Assert.Null(entry["before"]);

        // The same diagnosis again changes nothing and is not audited again.
        Assert.Equal(HttpStatusCode.OK, (await api.SendJson(HttpMethod.Put, path, body)).StatusCode);
        Assert.Single((await api.GetJson($"/api/v1/audit?kind=Breach&name={id}"))["items"]!.AsArray());

        // Once last month's report is published, it shows this diagnosis, and so the diagnosis stays as it is.
        var month = (string)breach["periodStart"]!;
        var published = await api.PostJson("/api/v1/reports", new { agreement = "online-retail-web-shop-sla", period = month[..7] });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var frozen = await api.SendJson(HttpMethod.Put, path, body.Replace("supplier", "Capacity", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Conflict, frozen.StatusCode);
        Assert.Contains("a published report never changes", await frozen.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Supplier", (string)(await api.GetJson($"/api/v1/breaches/{id}"))["category"]!);
    }
}
