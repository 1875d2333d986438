using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OpenSlm.Tests.Support;

namespace OpenSlm.Tests.Hostile;

/// <summary>
/// Malformed requests as an attacker on loopback would send them, against the demo store: every write route the OpenAPI
/// document lists, with every kind of broken body, and every query parameter that takes an instant, a date or a period
/// with values out of range. Each must answer 4xx problem details (never 5xx), in bounded time, and change no stored data.
/// </summary>
public sealed class HostileApiTests
{
    private sealed record Case(string Method, string Path, string? ContentType, string Body, string What, bool WithHeader = true)
    {
        public override string ToString() => $"{Method} {Path} [{ContentType ?? "no content type"}] {What}";
    }

    private static readonly (string What, string Body)[] BrokenJson =
    [
        ("not JSON", "{"),
        ("truncated", """{"metadata": {"name": "x"}, "spec": {"""),
        ("duplicate key", """{"metadata": {"name": "dup"}, "metadata": {"name": "dup2"}, "spec": {}}"""),
        ("duplicate nested key", """{"metadata": {"name": "dup", "name": "dup2"}, "spec": {}}"""),
        ("lone surrogate", """{"metadata": {"name": "\ud800x"}, "spec": {"displayName": "\udfff"}}"""),
        ("deep nesting", "{\"a\":" + new string('[', 10_000) + new string(']', 10_000) + "}"),
        ("null", "null"),
        ("array", "[]"),
        ("string", "\"x\""),
        ("huge number", """{"metadata": {"name": "n"}, "spec": {"tier": 1e999999}}"""),
        ("NUL in a name", """{"metadata": {"name": "a\u0000b"}, "spec": {}}"""),
        ("control characters", """{"metadata": {"name": "a\u0007b"}, "spec": {"displayName": "x\u001b[31m"}}"""),
        ("whitespace body", "   "),
        ("invalid UTF-8", "{\"metadata\": {\"name\": \"\u00ff\u00fe\"}}"),
    ];

    private static readonly string[] BadInstants =
    [
        "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59.9999999Z", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
        "9001-01-01T00:00:00Z", "not-a-time", "2025-02-30T00:00:00Z", "-1", "99999999999999999999", "2025-01-01T00:00:00",
    ];

    private static readonly string[] BadPeriods = ["0001-01", "9999-12", "0000", "2025-13", "2025-Q5", "9999-12-31..9999-12-31", "0001-01-01..0001-01-02", "x"];

    [Fact]
    public async Task Malformed_writes_and_out_of_range_queries_answer_4xx_problem_details_and_change_nothing()
    {
        await using var api = await ApiHost.StartAsync("sqlite", demo: true);
        var cases = await CasesAsync(api);
        Assert.True(cases.Count >= 300, $"only {cases.Count} cases");
        var before = await SnapshotAsync(api);
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var watch = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
            if (c.Method is "POST" or "PUT")
            {
                var content = new ByteArrayContent(c.What == "invalid UTF-8" ? [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d] : Encoding.UTF8.GetBytes(c.Body));
                content.Headers.ContentType = c.ContentType is null ? null : MediaTypeHeaderValue.Parse(c.ContentType);
                request.Content = content;
            }
            if (c.WithHeader)
            {
                // Sent as a script would: its token and the API's header. Without them it is a page on another site,
                // which the edge refuses before any identity is looked at.
                request.Headers.Add("X-OpenSLM-Request", "1");
                request.Headers.Authorization = api.Bearer;
            }
            HttpResponseMessage response;
            try
            {
                response = await api.BareClient.SendAsync(request);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failures.Add($"{c}: threw {ex.GetType().Name}: {ex.Message}");
                continue;
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync();
                if (status is < 400 or >= 500)
                {
                    failures.Add($"{c}: {status} {Cut(text)}");
                }
                else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{c}: {status} without problem details ({response.Content.Headers.ContentType})");
                }
            }
            if (watch.Elapsed > TimeSpan.FromSeconds(20))
            {
                failures.Add($"{c}: took {watch.Elapsed.TotalSeconds:0.0} s");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n{string.Join("\n", failures)}");
        Assert.Equal(before, await SnapshotAsync(api));
    }

    private static string Cut(string s) => s.Length > 300 ? s[..300] + "…" : s;

    /// <summary>What the store holds, as far as a client can see: the exported catalogue and the audit trail's length.</summary>
    private static async Task<string> SnapshotAsync(ApiHost api)
    {
        var export = await api.Client.GetStringAsync("/api/v1/export?includeRetired=true");
        var audit = await api.GetJson("/api/v1/audit?pageSize=1");
        var alerts = await api.GetJson("/api/v1/alerts?pageSize=1");
        return $"{export}\naudit:{audit["total"]}\nalerts:{alerts["total"]}";
    }

    private static async Task<List<Case>> CasesAsync(ApiHost api)
    {
        var doc = await api.GetJson("/openapi/v1.json");
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var cases = new List<Case>();
        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var verb = method.ToUpperInvariant();
                var concrete = await ConcreteAsync(api, path, names);
                if (verb is "POST" or "PUT")
                {
                    var types = path.EndsWith("/apply", StringComparison.Ordinal)
                        ? new[] { "application/yaml", "application/json" }
                        : path.Contains("/measurements", StringComparison.Ordinal) || path.Contains("/tickets/events", StringComparison.Ordinal) || path.Contains("/outages", StringComparison.Ordinal)
                            ? ["application/json", "application/x-ndjson", "text/csv"]
                            : ["application/json"];
                    var ingest = types.Length > 2;
                    foreach (var type in types)
                    {
                        // An empty batch ([] or no lines) is a valid batch of nothing on the ingest routes.
                        cases.AddRange(BrokenJson.Where(b => !ingest || b.What is not ("array" or "whitespace body"))
                            .Select(b => new Case(verb, concrete, type, b.Body, b.What)));
                    }
                    // No body: without the API's header always refused (a cross-site form could send it); with it, refused
                    // where the route needs a body (the new-version route takes an optional one: it copies the current; so does
                    // renewal: without one it renews for as long as the version ran).
                    cases.Add(new Case(verb, concrete, null, "", "no body, no header", WithHeader: false));
                    if (operation!["requestBody"] is not null && !path.EndsWith("/versions", StringComparison.Ordinal) && !path.EndsWith("/renew", StringComparison.Ordinal))
                    {
                        cases.Add(new Case(verb, concrete, "application/json", "", "empty body"));
                    }
                    // Cross-site: a form post or a text body from another page, and no content type at all.
                    cases.Add(new Case(verb, concrete, "text/plain", """{"metadata": {"name": "csrf"}, "spec": {}}""", "text/plain body"));
                    cases.Add(new Case(verb, concrete, "application/x-www-form-urlencoded", "a=1", "form body"));
                    cases.Add(new Case(verb, concrete, null, """{"metadata": {"name": "csrf"}, "spec": {}}""", "no content type"));
                    cases.Add(new Case(verb, concrete, "application/json", "{\"a\": \"" + new string('x', 40 * 1024 * 1024) + "\"}", "over the size limit"));
                }
                var query = (operation!["parameters"] as JsonArray ?? []).Where(p => (string?)p!["in"] == "query").Select(p => (string)p!["name"]!).ToList();
                foreach (var parameter in query)
                {
                    var values = parameter is "period" or "last" ? BadPeriods
                        : parameter is "from" or "to" or "at" or "since" or "until" or "now" ? BadInstants
                        : parameter is "page" or "pageSize" or "months" or "version" or "step" or "with" ? ["-1", "0", "99999999999", "x"]
                        : [];
                    foreach (var v in values)
                    {
                        var target = verb is "GET" ? "GET" : verb;
                        cases.Add(new Case(target, $"{concrete}?{parameter}={Uri.EscapeDataString(v)}", target is "GET" ? null : "application/json", "{}", $"{parameter}={v}"));
                    }
                }
            }
        }
        cases.AddRange(YamlBombs());
        return cases;
    }

    private static IEnumerable<Case> YamlBombs()
    {
        var laughs = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            laughs.Append('a').Append(i).Append(": &a").Append(i).Append(" [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))).Append("]\n");
        }
        yield return new Case("POST", "/api/v1/apply", "application/yaml", "a: &a [*a]", "recursive alias");
        yield return new Case("POST", "/api/v1/apply", "application/yaml", laughs.ToString(), "billion laughs");
        yield return new Case("POST", "/api/v1/apply", "application/yaml", "a: " + new string('[', 12_000) + new string(']', 12_000), "deep flow nesting");
        yield return new Case("POST", "/api/v1/apply", "application/yaml", "apiVersion: openslm/v1\nkind: Service\nmetadata: {name: x}\nspec: {displayName: " + new string('x', 1_100_000) + "}\n", "1 MB display name");
    }

    /// <summary>The path with its parameters filled by names the demo holds (ids 1, version 1).</summary>
    private static async Task<string> ConcreteAsync(ApiHost api, string path, Dictionary<string, string> names)
    {
        var result = path.Replace("{id}", "1", StringComparison.Ordinal).Replace("{number}", "1", StringComparison.Ordinal);
        if (!result.Contains("{name}", StringComparison.Ordinal))
        {
            return result;
        }
        var collection = result[..result.IndexOf("/{name}", StringComparison.Ordinal)];
        if (!names.TryGetValue(collection, out var name))
        {
            var list = await api.Client.GetAsync($"{collection}?pageSize=1");
            name = "web-shop";
            if (list.StatusCode == HttpStatusCode.OK && JsonNode.Parse(await list.Content.ReadAsStringAsync()) is JsonObject page
                && page["items"] is JsonArray { Count: > 0 } items)
            {
                name = (string?)items[0]!["metadata"]?["name"] ?? name;
            }
            names[collection] = name;
        }
        return result.Replace("{name}", name, StringComparison.Ordinal);
    }
}
