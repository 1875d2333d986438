using System.Net;
using System.Text.Json.Nodes;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Api;

public sealed class ServiceApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private const string Owner = """{"metadata":{"name":"alice"},"spec":{"email":"alice@example.com"}}""";
    private const string Web = """{"metadata":{"name":"web","displayName":"Web shop"},"spec":{"tier":1,"owner":"alice"}}""";

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Create_read_replace_and_retire_a_service_with_etags(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        Assert.Equal(HttpStatusCode.Created, (await api.SendJson(HttpMethod.Post, "/api/v1/stakeholders", Owner)).StatusCode);

        var created = await api.SendJson(HttpMethod.Post, "/api/v1/services", Web);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/services/web", created.Headers.Location!.ToString());
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);

        var got = await api.Client.GetAsync("/api/v1/services/web");
        var body = await ApiHost.Json(got);
        Assert.Equal("Web shop", (string?)body["metadata"]!["displayName"]);
        Assert.Equal(1, (int)body["spec"]!["tier"]!);
        Assert.Equal(ApiHost.Actor, (string?)body["status"]!["createdBy"]);
        Assert.Equal("2026-02-02T10:00:00Z", (string?)body["status"]!["createdAt"]);

        var replaced = await api.SendJson(HttpMethod.Put, "/api/v1/services/web", Web.Replace("\"tier\":1", "\"tier\":2", StringComparison.Ordinal), ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("\"2\"", replaced.Headers.ETag!.Tag);

        var stale = await api.SendJson(HttpMethod.Put, "/api/v1/services/web", Web, ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        Assert.Contains("has changed since it was read", (string?)(await ApiHost.Json(stale))["detail"], StringComparison.Ordinal);

        var retired = await api.Client.DeleteAsync("/api/v1/services/web");
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        Assert.NotNull((await ApiHost.Json(retired))["status"]!["retiredAt"]);
        Assert.Equal(0, (int)(await api.GetJson("/api/v1/services"))["total"]!);
        Assert.Equal(1, (int)(await api.GetJson("/api/v1/services?includeRetired=true"))["total"]!);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Invalid_input_is_a_problem_naming_each_field_and_nothing_is_stored(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        const string calendar = """{"metadata":{"name":"office"},"spec":{"timeZone":"Europe/Londn","hours":{"monday":["09:00-13:00","12:00-17:00"]}}}""";
        var response = await api.SendJson(HttpMethod.Post, "/api/v1/calendars", calendar);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await ApiHost.Json(response))["errors"]!.AsObject();
        Assert.Equal(["spec.hours.monday[1]", "spec.timeZone"], errors.Select(kv => kv.Key).Order());
        Assert.Equal(0, (int)(await api.GetJson("/api/v1/calendars"))["total"]!);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_unknown_reference_names_the_field_and_what_is_missing(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        var response = await api.SendJson(HttpMethod.Post, "/api/v1/services", Web);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ApiHost.Json(response))["errors"]!;
        Assert.Contains("Stakeholder 'alice', which does not exist", (string?)errors["spec.owner"]![0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"metadata\":{\"name\":\"x\"}", "not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"tier\":\"one\"}}", "spec.tier")]
    [InlineData("{\"metadata\":{\"name\":\"x\"},\"spec\":{},\"extra\":1}", "unknown field 'extra'")]
    [InlineData("{\"kind\":\"Customer\",\"metadata\":{\"name\":\"x\"}}", "does not match this endpoint")]
    public async Task Malformed_bodies_get_a_problem_saying_what_was_expected(string body, string expected)
    {
        await using var api = await ApiHost.StartAsync("sqlite");
        var response = await api.SendJson(HttpMethod.Post, "/api/v1/services", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renaming_through_put_is_refused()
    {
        await using var api = await ApiHost.StartAsync("sqlite");
        await api.SendJson(HttpMethod.Post, "/api/v1/stakeholders", Owner);
        await api.SendJson(HttpMethod.Post, "/api/v1/services", Web);
        var response = await api.SendJson(HttpMethod.Put, "/api/v1/services/web", Web.Replace("\"name\":\"web\"", "\"name\":\"shop\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await ApiHost.Json(response))["errors"]!["metadata.name"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Retiring_a_record_in_use_is_a_conflict(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        await api.SendJson(HttpMethod.Post, "/api/v1/stakeholders", Owner);
        await api.SendJson(HttpMethod.Post, "/api/v1/services", Web);
        var response = await api.Client.DeleteAsync("/api/v1/stakeholders/alice");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("service/web (spec.owner)", (string?)(await ApiHost.Json(response))["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_records_are_404_problems()
    {
        await using var api = await ApiHost.StartAsync("sqlite");
        var response = await api.Client.GetAsync("/api/v1/services/nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var put = await api.SendJson(HttpMethod.Put, "/api/v1/services/nope", Web.Replace("\"name\":\"web\"", "\"name\":\"nope\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_demo_catalogue_lists_with_paging_and_filters(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider, demo: true);
        var all = await api.GetJson("/api/v1/services?pageSize=5");
        Assert.Equal(13, (int)all["total"]!);
        Assert.Equal(5, all["items"]!.AsArray().Count);
        var tier1 = await api.GetJson("/api/v1/services?tier=1&customer=online-retail");
        Assert.Equal(new[] { "checkout", "payments", "order-management", "web-shop" }.Order(), tier1["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!).Order());
        var slas = await api.GetJson("/api/v1/agreements?kind=SLA&status=Active");
        Assert.Equal(2, (int)slas["total"]!);
        var bad = await api.Client.GetAsync("/api/v1/services?colour=red");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'colour' is not a field of services", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Client.GetAsync("/api/v1/services?page=0")).StatusCode);
    }

    [Fact]
    public async Task The_audit_trail_names_the_caller_and_keeps_before_and_after()
    {
        await using var api = await ApiHost.StartAsync("sqlite");
        await api.SendJson(HttpMethod.Post, "/api/v1/stakeholders", Owner);
        await api.SendJson(HttpMethod.Put, "/api/v1/stakeholders/alice", Owner.Replace("alice@example.com", "a@example.org", StringComparison.Ordinal));
        var history = await api.GetJson("/api/v1/stakeholders/alice/history");
        var items = history["items"]!.AsArray();
        Assert.Equal(["Updated", "Created"], items.Select(i => (string)i!["action"]!));
        Assert.Equal(ApiHost.Actor, (string?)items[0]!["actor"]);
        Assert.Equal("api", (string?)items[0]!["via"]);
        Assert.Equal("alice@example.com", (string?)items[0]!["before"]!["spec"]!["email"]);
        Assert.Equal("a@example.org", (string?)items[0]!["after"]!["spec"]!["email"]);
        Assert.Equal(2, (int)(await api.GetJson("/api/v1/audit?kind=stakeholder"))["total"]!);
    }
}
