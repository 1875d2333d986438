using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OpenSlm.Tests.Support;

namespace OpenSlm.Tests.Hostile;

/// <summary>
/// Field by field: text past its limit or with control characters, a diagnosis changed under another's feet, CSV cells
/// a spreadsheet would run, repeated CSV columns and instants out of range. Each refused at the field it names, with
/// nothing stored; what is accepted is written out safely.
/// </summary>
public sealed class HostileFieldTests
{
    private static async Task<string> RefusedAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return text;
    }

    [Fact]
    public async Task Text_past_its_limit_or_with_control_characters_is_refused_at_its_field_and_nothing_is_stored()
    {
        await using var api = await ApiHost.StartAsync("sqlite");
        var longName = await RefusedAsync(await api.SendJson(HttpMethod.Post, "/api/v1/services",
            $$$"""{"metadata": {"name": "big", "displayName": "{{{new string('x', 1_000_000)}}}"}, "spec": {}}"""));
        Assert.Contains("metadata.displayName", longName, StringComparison.Ordinal);
        Assert.Contains("at most 200", longName, StringComparison.Ordinal);

        var nul = await RefusedAsync(await api.SendJson(HttpMethod.Post, "/api/v1/stakeholders",
            """{"metadata": {"name": "eve"}, "spec": {"email": "eve\u0000@example.com"}}"""));
        Assert.Contains("spec.email", nul, StringComparison.Ordinal);
        Assert.Contains("U+0000", nul, StringComparison.Ordinal);

        var escape = await RefusedAsync(await api.SendJson(HttpMethod.Post, "/api/v1/services",
            """{"metadata": {"name": "term", "displayName": "Shop \u001b[31mred"}, "spec": {}}"""));
        Assert.Contains("U+001B", escape, StringComparison.Ordinal);

        var labels = string.Join(", ", Enumerable.Range(0, 65).Select(i => $"\"k{i}\": \"v\""));
        var many = await RefusedAsync(await api.SendJson(HttpMethod.Post, "/api/v1/services", $$$"""{"metadata": {"name": "labelled", "labels": { {{{labels}}} }}, "spec": {}}"""));
        Assert.Contains("metadata.labels", many, StringComparison.Ordinal);

        var description = await RefusedAsync(await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(
            "apiVersion: openslm/v1\nkind: Service\nmetadata: {name: wordy}\nspec: {description: " + new string('w', 10_001) + "}\n")));
        Assert.Contains("spec.description", description, StringComparison.Ordinal);

        // A description keeps its lines and tabs.
        var fine = await api.SendJson(HttpMethod.Post, "/api/v1/services", """{"metadata": {"name": "fine", "displayName": "Fine"}, "spec": {"description": "Line one\n\tLine two"}}""");
        Assert.Equal(HttpStatusCode.Created, fine.StatusCode);
        var services = await api.GetJson("/api/v1/services");
        Assert.Equal(["fine"], services["items"]!.AsArray().Select(s => (string)s!["metadata"]!["name"]!));
    }

    [Fact]
    public async Task A_diagnosis_is_bounded_written_only_over_the_one_read_with_if_match_and_its_formulas_are_defused_in_csv()
    {
        await using var api = await ApiHost.StartAsync("sqlite", demo: true);
        var round = await api.Client.PostAsync("/api/v1/alerts/evaluate", null);   // records last month's breaches
        Assert.Equal(HttpStatusCode.OK, round.StatusCode);
        var breach = (await api.GetJson("/api/v1/breaches?agreement=online-retail-web-shop-sla")).AsArray()
            .First(b => (string)b!["objective"]! == "checkout-success")!;
        var id = (long)breach["id"]!;

        var read = await api.Client.GetAsync($"/api/v1/breaches/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var tag = read.Headers.ETag!.Tag;

        var tooLong = await RefusedAsync(await api.SendJson(HttpMethod.Put, $"/api/v1/breaches/{id}/diagnosis",
            $$"""{"rootCause": "{{new string('r', 10_001)}}"}""", tag));
        Assert.Contains("rootCause", tooLong, StringComparison.Ordinal);
        var bell = await RefusedAsync(await api.SendJson(HttpMethod.Put, $"/api/v1/breaches/{id}/diagnosis", """{"actions": "ring\u0007"}""", tag));
        Assert.Contains("actions", bell, StringComparison.Ordinal);

        const string Formula = "=HYPERLINK(\\\"http://evil.example\\\",\\\"click\\\")";
        var first = await api.SendJson(HttpMethod.Put, $"/api/v1/breaches/{id}/diagnosis", $$"""{"rootCause": "{{Formula}}", "actions": "@SUM(1+9)*cmd|' /C calc'!A0"}""", tag);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(tag, first.Headers.ETag!.Tag);

        // A second writer who read the same diagnosis is refused: the first one's text stays.
        var second = await RefusedAsync(await api.SendJson(HttpMethod.Put, $"/api/v1/breaches/{id}/diagnosis", """{"rootCause": "overwritten"}""", tag),
            HttpStatusCode.PreconditionFailed);
        Assert.Contains(ApiHost.Actor, second, StringComparison.Ordinal);
        Assert.StartsWith("=HYPERLINK", (string)(await api.GetJson($"/api/v1/breaches/{id}"))["rootCause"]!, StringComparison.Ordinal);
        var badTag = await RefusedAsync(await api.SendJson(HttpMethod.Put, $"/api/v1/breaches/{id}/diagnosis", """{"rootCause": "x"}""", "\"not-a-tag\""));
        Assert.Contains("If-Match", badTag, StringComparison.Ordinal);

        var month = (string)breach["periodStart"]!;
        var csv = await api.Client.GetStringAsync($"/api/v1/reports/agreements/online-retail-web-shop-sla?period={month[..7]}&format=csv");
        var row = csv.Split('\n').Single(l => l.Contains("HYPERLINK", StringComparison.Ordinal));
        Assert.Contains("\"'=HYPERLINK(", row, StringComparison.Ordinal);   // quoted by the writer, apostrophe first: text, never a formula
        Assert.DoesNotContain(",=", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_csv_columns_and_jira_instants_out_of_range_are_refused_by_name()
    {
        await using var api = await ApiHost.StartAsync("sqlite", demo: true);
        using var csv = new StringContent("timestamp,indicator,good,good,total\n2026-01-01T00:00:00Z,checkout-success,1,1,1\n", Encoding.UTF8, "text/csv");
        var repeated = await RefusedAsync(await api.Client.PostAsync("/api/v1/measurements", csv));
        Assert.Contains("'good' 2 times", repeated, StringComparison.Ordinal);

        using var tickets = new StringContent("number,sys_updated_on,number\nINC1,2026-01-01 10:00:00,INC1\n", Encoding.UTF8, "text/csv");
        var ticketColumns = await RefusedAsync(await api.Client.PostAsync("/api/v1/tickets/events?idColumn=number&timeColumn=sys_updated_on&timeFormat=yyyy-MM-dd%20HH:mm:ss", tickets));
        Assert.Contains("'number' 2 times", ticketColumns, StringComparison.Ordinal);

        using var jira = new StringContent("""[{"webhookEvent": "jira:issue_created", "timestamp": 999999999999999999, "issue": {"key": "SD-1", "fields": {}}}]""", Encoding.UTF8);
        jira.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var late = await RefusedAsync(await api.Client.PostAsync("/api/v1/tickets/events?format=jira", jira));
        Assert.Contains("timestamp", late, StringComparison.Ordinal);
        Assert.Contains("1970", late, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/tickets/SD-1/events")).StatusCode);
    }

    [Fact]
    public async Task Every_list_pages_by_one_rule_and_a_value_that_is_no_number_is_named()
    {
        await using var api = await ApiHost.StartAsync("sqlite", demo: true);
        foreach (var list in new[] { "/api/v1/services", "/api/v1/alerts", "/api/v1/notifications", "/api/v1/reports", "/api/v1/clocks", "/api/v1/audit", "/api/v1/services/web-shop/history" })
        {
            Assert.Contains("page: 'x' is not a whole number.", await RefusedAsync(await api.Client.GetAsync($"{list}?page=x")), StringComparison.Ordinal);
            Assert.Contains("must be 1 or more", await RefusedAsync(await api.Client.GetAsync($"{list}?page=0")), StringComparison.Ordinal);
            Assert.Contains("must be between 1 and 500", await RefusedAsync(await api.Client.GetAsync($"{list}?pageSize=501")), StringComparison.Ordinal);
            var one = await api.GetJson($"{list}?pageSize=1&page=1");
            Assert.Equal((1, 1), ((int)one["page"]!, (int)one["pageSize"]!));
        }
    }
}
