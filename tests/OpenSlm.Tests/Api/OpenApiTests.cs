using OpenSlm.Tests.Support;

namespace OpenSlm.Tests.Api;

public sealed class OpenApiTests
{
    [Fact]
    public async Task The_openapi_document_lists_every_kind_and_describes_instants_as_strings()
    {
        await using var api = await ApiHost.StartAsync("sqlite");
        var doc = await api.GetJson("/openapi/v1.json");
        var paths = doc["paths"]!.AsObject().Select(kv => kv.Key).ToList();
        foreach (var kind in new[] { "stakeholders", "customers", "suppliers", "calendars", "services", "indicators", "agreements" })
        {
            Assert.Contains($"/api/v1/{kind}", paths);
            Assert.Contains($"/api/v1/{kind}/{{name}}", paths);
        }
        Assert.Contains("/api/v1/agreements/{name}/versions/{number}/status", paths);
        var schemas = doc["components"]!["schemas"]!;
        var status = schemas["StatusDto"]!["properties"]!;
        Assert.Equal("#/components/schemas/Instant", (string?)status["createdAt"]!["$ref"]);
        Assert.Equal(("string", "date-time"), ((string?)schemas["Instant"]!["type"], (string?)schemas["Instant"]!["format"]));
        Assert.Equal(("string", "date"), ((string?)schemas["LocalDate"]!["type"], (string?)schemas["LocalDate"]!["format"]));
        Assert.Equal("string", (string?)status["createdBy"]!["type"]);
        Assert.Contains("Active", schemas["VersionStatus"]!["enum"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public async Task Every_operation_has_a_unique_id_in_plain_english()
    {
        await using var api = await ApiHost.StartAsync("sqlite");
        var doc = await api.GetJson("/openapi/v1.json");
        var ids = doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (string?)o.Value!["operationId"])).ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("ListTicketPolicies", ids);
        Assert.DoesNotContain(ids, id => id!.Contains("Policys", StringComparison.Ordinal));
        var tags = doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().SelectMany(o => o.Value!["tags"]?.AsArray() ?? [])).Select(t => (string?)t).Distinct().ToList();
        Assert.Contains("TicketPolicies", tags);
    }

    [Fact]
    public async Task The_api_explorer_is_served_without_any_outside_resource()
    {
        await using var api = await ApiHost.StartAsync("sqlite");
        var page = await api.Client.GetStringAsync("/api/");
        Assert.Contains("<script src=\"scalar.js\"></script>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
        var script = await api.Client.GetAsync("/api/scalar.js");
        Assert.True(script.IsSuccessStatusCode);
    }
}
