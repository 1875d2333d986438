using System.Net;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Api;

public sealed class AgreementApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private const string Setup = """
        apiVersion: openslm/v1
        kind: Stakeholder
        metadata: {name: olga}
        spec: {email: olga@example.com}
        ---
        apiVersion: openslm/v1
        kind: Stakeholder
        metadata: {name: bob}
        spec: {email: bob@acme.example}
        ---
        apiVersion: openslm/v1
        kind: Customer
        metadata: {name: acme}
        spec:
          stakeholders: [{stakeholder: bob, role: Accountable}]
        ---
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: web}
        spec: {owner: olga, customers: [acme]}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: web-ok}
        spec: {service: web}
        """;

    private static string Sla(decimal target, string status = "Active") =>
        $$$"""{"metadata":{"name":"acme-sla"},"spec":{"kind":"SLA","status":"{{{status}}}","customer":"acme","services":["web"],"objectives":[{"name":"availability","indicator":"web-ok","target":{{{target.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}]}}""";

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Versions_move_through_their_lifecycle_and_active_ones_are_amended_not_edited(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Setup))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.SendJson(HttpMethod.Post, "/api/v1/agreements", Sla(99.9m))).StatusCode);

        var edit = await api.SendJson(HttpMethod.Put, "/api/v1/agreements/acme-sla/versions/1", Sla(99.5m));
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Contains("only a Draft is edited in place", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var amend = await api.SendJson(HttpMethod.Post, "/api/v1/agreements/acme-sla/versions", Sla(99.95m));
        Assert.Equal(HttpStatusCode.Created, amend.StatusCode);
        Assert.Equal("/api/v1/agreements/acme-sla/versions/2", amend.Headers.Location!.ToString());
        Assert.Equal("Draft", (string?)(await ApiHost.Json(amend))["version"]!["status"]);

        var editDraft = await api.SendJson(HttpMethod.Put, "/api/v1/agreements/acme-sla/versions/2", Sla(99.99m));
        Assert.Equal(HttpStatusCode.OK, editDraft.StatusCode);
        Assert.Equal(99.99m, (decimal)(await ApiHost.Json(editDraft))["spec"]!["objectives"]![0]!["target"]!);

        // An SLA goes in force only once both parties signed it off.
        var early = await api.SendJson(HttpMethod.Post, "/api/v1/agreements/acme-sla/versions/2/status", """{"status":"Active"}""");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        await api.SignOffAsync("acme-sla", 2, "olga", "bob");
        var activate = await api.SendJson(HttpMethod.Post, "/api/v1/agreements/acme-sla/versions/2/status", """{"status":"Active"}""");
        Assert.Equal(HttpStatusCode.OK, activate.StatusCode);
        var versions = (await api.GetJson("/api/v1/agreements/acme-sla/versions")).AsArray();
        Assert.Equal(["Superseded", "Active"], versions.Select(v => (string)v!["status"]!));

        var agreement = await api.GetJson("/api/v1/agreements/acme-sla");
        Assert.Equal("Active", (string?)agreement["spec"]!["status"]);
        Assert.Equal(2, agreement["versions"]!.AsArray().Count);

        var back = await api.SendJson(HttpMethod.Post, "/api/v1/agreements/acme-sla/versions/2/status", """{"status":"Draft"}""");
        Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
        var unknown = await api.SendJson(HttpMethod.Post, "/api/v1/agreements/acme-sla/versions/2/status", """{"status":"Done"}""");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("expected one of Draft, Proposed", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/agreements/acme-sla/versions/9")).StatusCode);
    }

    [Fact]
    public async Task A_target_outside_0_to_100_is_refused_naming_the_objective()
    {
        await using var api = await ApiHost.StartAsync("sqlite");
        await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Setup));
        var response = await api.SendJson(HttpMethod.Post, "/api/v1/agreements", Sla(150m));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("(0, 100]", (string?)(await ApiHost.Json(response))["errors"]!["spec.objectives[0].target"]![0], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Apply_over_http_plans_in_a_dry_run_then_applies_and_export_gives_the_yaml_back(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        var dry = await api.Client.PostAsync("/api/v1/apply?dryRun=true", ApiHost.Yaml(Setup));
        var plan = await ApiHost.Json(dry);
        Assert.True((bool)plan["dryRun"]!);
        Assert.Equal(5, plan["changes"]!.AsArray().Count(c => (string?)c!["action"] == "Created"));
        Assert.Equal(0, (int)(await api.GetJson("/api/v1/services"))["total"]!);

        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Setup))).StatusCode);
        var exported = await api.Client.GetStringAsync("/api/v1/export");
        Assert.Contains("kind: Indicator", exported, StringComparison.Ordinal);
        var again = await ApiHost.Json(await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(exported)));
        Assert.All(again["changes"]!.AsArray(), c => Assert.Equal("Unchanged", (string?)c!["action"]));
    }

    [Fact]
    public async Task Apply_over_http_reports_bad_yaml_by_line()
    {
        await using var api = await ApiHost.StartAsync("sqlite");
        var response = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml("apiVersion: openslm/v1\nkind: Service\nmetadata: {name: web}\nspec:\n  tier: 7\n"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("from 1 (most critical) to 4", (string?)(await ApiHost.Json(response))["errors"]!["line 5"]![0], StringComparison.Ordinal);
    }
}
