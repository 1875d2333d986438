using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenSlm.Access;
using OpenSlm.Core.Access;
using OpenSlm.Testing;
using OpenSlm.Tests.Support;

namespace OpenSlm.Tests.Access;

/// <summary>
/// The authorization matrix: every route of the OpenAPI document and every page, called anonymously, as each role, and as
/// a customer of another customer, answers as docs/security.md's table says: 401 (or the sign-in page) without an
/// identity, 403 naming the permission for a role that lacks it, neither for a role that holds it; another customer's
/// agreement is answered exactly as one that does not exist. A route or page without a policy fails here.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private const string Agreement = "online-retail-web-shop-sla";
    private const string Missing = "no-such-record";

    /// <summary>The callers: a name, the token's roles, and its records (Ingest, a token-only role, is a manager's Ingest token for every indicator and tickets).</summary>
    private static readonly (string Who, Role[] Roles, string[]? Customers, string[]? Suppliers, string? Stakeholder)[] Callers =
    [
        ("ingest", [Role.Ingest], null, null, null),
        ("admin", [Role.Admin], null, null, null),
        ("manager", [Role.ServiceLevelManager], null, null, null),
        ("owner", [Role.ServiceOwner], null, null, "tom-reilly"),
        ("viewer", [Role.Viewer], null, null, null),
        ("customer", [Role.Customer], ["online-retail"], null, null),
        ("other-customer", [Role.Customer], ["store-operations"], null, null),
        ("supplier", [Role.Supplier], null, ["nimbus-cloud"], null),
    ];

    [Fact]
    public void The_table_in_docs_security_md_is_the_policy_the_server_enforces()
    {
        var table = SecurityTable();
        foreach (var permission in Enum.GetValues<Permission>())
        {
            Assert.True(table.ContainsKey(permission), $"docs/security.md has no row for {permission}");
            foreach (var role in Enum.GetValues<Role>())
            {
                var cell = table[permission][role];
                Assert.True(cell == (AccessPolicy.Unlimited(role, permission) ? "✓" : AccessPolicy.Grants(role, permission) ? "own" : ""),
                    $"docs/security.md says '{cell}' for {role} × {permission}; the policy says {(AccessPolicy.Unlimited(role, permission) ? "✓" : AccessPolicy.Grants(role, permission) ? "own" : "nothing")}");
            }
        }
    }

    [Fact]
    public async Task Every_route_and_page_has_a_policy_and_the_public_ones_are_the_documented_few()
    {
        await using var api = await ApiHost.StartAsync("sqlite");
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var bare = endpoints.Where(e => e.Metadata.GetMetadata<RequiresAttribute>() is null && e.Metadata.GetMetadata<PublicAttribute>() is null
            && !Framework(e)).Select(Describe).ToList();
        Assert.True(bare.Count == 0, "routes without an authorization policy (add .Requires(Permission.X) or [Requires]):\n" + string.Join("\n", bare));
        var security = File.ReadAllText(Path.Combine(RepositoryPaths.Repository, "docs", "security.md"));
        foreach (var open in endpoints.Where(e => e.Metadata.GetMetadata<PublicAttribute>() is not null && e.RoutePattern.RawText is { } raw && !raw.Contains("_framework", StringComparison.Ordinal)
            && !raw.Contains('.', StringComparison.Ordinal)))
        {
            Assert.Contains($"`{open.RoutePattern.RawText}`", security, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_api_route_answers_each_caller_as_the_table_says()
    {
        await using var api = await ApiHost.StartAsync("sqlite", demo: true);
        var clients = await ClientsAsync(api);
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var doc = await api.GetJson("/openapi/v1.json");
        var failures = new List<string>();
        var checkedRoutes = 0;
        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var verb = method.ToUpperInvariant();
                var body = operation!["requestBody"] is not null;
                var endpoint = endpoints.FirstOrDefault(e => Pattern(e.RoutePattern.RawText!) == Pattern(path)
                    && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(verb) ?? false));
                if (endpoint?.Metadata.GetMetadata<RequiresAttribute>() is not { } requires)
                {
                    failures.Add($"{verb} {path}: no endpoint with a policy");
                    continue;
                }
                checkedRoutes++;
                var concrete = path.Replace("{name}", Missing, StringComparison.Ordinal).Replace("{id}", "999999", StringComparison.Ordinal).Replace("{number}", "1", StringComparison.Ordinal).Replace("{index}", "0", StringComparison.Ordinal);
                var anonymous = await SendAsync(api.BareClient, verb, concrete, body);
                if (anonymous.Status != HttpStatusCode.Unauthorized || !anonymous.Problem)
                {
                    failures.Add($"{verb} {path} anonymous: {(int)anonymous.Status}, expected 401 problem details");
                }
                foreach (var (who, roles, _, _, _) in Callers)
                {
                    var answer = await SendAsync(clients[who], verb, concrete, body);
                    var holds = requires.Permission is not { } needed || roles.Any(r => AccessPolicy.Grants(r, needed));
                    // Held for some records only: a record outside the caller's scope is refused by the handler, naming the permission.
                    var scoped = requires.Permission is { } p && !roles.Any(r => AccessPolicy.Unlimited(r, p));
                    // Every caller here is a token, and a token never makes tokens.
                    var tokenMakingToken = verb == "POST" && path == "/api/v1/tokens";
                    if (!holds && (answer.Status != HttpStatusCode.Forbidden || !answer.Body.Contains(requires.Permission.ToString()!, StringComparison.Ordinal)))
                    {
                        failures.Add($"{verb} {path} as {who}: {(int)answer.Status}, expected 403 naming {requires.Permission} ({Cut(answer.Body)})");
                    }
                    if (holds && tokenMakingToken && (answer.Status != HttpStatusCode.Forbidden || !answer.Body.Contains("A token cannot create tokens", StringComparison.Ordinal)))
                    {
                        failures.Add($"{verb} {path} as {who}: {(int)answer.Status}, expected 403: a token cannot create tokens ({Cut(answer.Body)})");
                    }
                    var scopeRefusal = scoped && answer.Status == HttpStatusCode.Forbidden && answer.Body.Contains("\"permission\"", StringComparison.Ordinal);
                    if (holds && !tokenMakingToken && !scopeRefusal && answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    {
                        failures.Add($"{verb} {path} as {who}: {(int)answer.Status} although {string.Join(", ", roles)} holds {requires.Permission?.ToString() ?? "an identity"} ({Cut(answer.Body)})");
                    }
                    if ((int)answer.Status >= 500)
                    {
                        failures.Add($"{verb} {path} as {who}: {(int)answer.Status} {Cut(answer.Body)}");
                    }
                }
            }
        }
        Assert.True(checkedRoutes >= 60, $"only {checkedRoutes} routes checked");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public async Task The_forms_outside_the_api_answer_anonymous_callers_as_documented()
    {
        await using var api = await ApiHost.StartAsync("sqlite");
        async Task<HttpResponseMessage> PostForm(string path) =>
            await api.BareClient.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "x", ["Password"] = "y" }));
        // Public: the sign-in form (refused without its antiforgery token), single sign-on (off here: back to sign-in), the stylesheet.
        Assert.Equal("/sign-in?error=expired", (await PostForm("/sign-in/password")).Headers.Location?.OriginalString);
        Assert.Equal("/sign-in", (await api.BareClient.GetAsync("/sign-in/sso")).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await api.BareClient.GetAsync("/ui/app.css")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.BareClient.GetAsync("/ui/app.js")).StatusCode);
        // Signing out needs someone signed in: an anonymous caller is sent to sign in.
        var signOut = await PostForm("/sign-out");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/sign-in", signOut.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task Another_customers_agreement_is_answered_as_one_that_does_not_exist_and_lists_leave_it_out()
    {
        await using var api = await ApiHost.StartAsync("sqlite", demo: true);
        var clients = await ClientsAsync(api);
        // Every route under an agreement's name, with what the route needs to answer.
        var routes = new[]
        {
            "/api/v1/agreements/{0}", "/api/v1/agreements/{0}/versions", "/api/v1/agreements/{0}/versions/1", "/api/v1/agreements/{0}/evaluation",
            "/api/v1/agreements/{0}/evaluation/history", "/api/v1/agreements/{0}/evaluation/series", "/api/v1/reports/agreements/{0}?period=2026-01", "/api/v1/agreements/{0}/credits?period=2026-01",
        };
        foreach (var route in routes)
        {
            var own = await SendAsync(clients["customer"], "GET", string.Format(System.Globalization.CultureInfo.InvariantCulture, route, Agreement));
            Assert.True(own.Status == HttpStatusCode.OK, $"{route} for its customer: {(int)own.Status} {Cut(own.Body)}");
            var theirs = await SendAsync(clients["other-customer"], "GET", string.Format(System.Globalization.CultureInfo.InvariantCulture, route, Agreement));
            var none = await SendAsync(clients["other-customer"], "GET", string.Format(System.Globalization.CultureInfo.InvariantCulture, route, Missing));
            Assert.Equal(none.Status, theirs.Status);
            Assert.Equal(HttpStatusCode.NotFound, theirs.Status);
            Assert.Equal(Scrub(none.Body, Missing), Scrub(theirs.Body, Agreement));
        }
        var customerReport = await SendAsync(clients["other-customer"], "GET", "/api/v1/reports/customers/online-retail?period=2026-01");
        var noCustomer = await SendAsync(clients["other-customer"], "GET", $"/api/v1/reports/customers/{Missing}?period=2026-01");
        Assert.Equal(Scrub(noCustomer.Body, Missing), Scrub(customerReport.Body, "online-retail"));

        // Lists filter and never error: each customer sees only their own agreements, breaches and publications.
        var theirList = JsonNode.Parse((await SendAsync(clients["other-customer"], "GET", "/api/v1/agreements")).Body)!;
        Assert.Equal(["store-tills-sla"], theirList["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!));
        var ownList = JsonNode.Parse((await SendAsync(clients["customer"], "GET", "/api/v1/agreements")).Body)!;
        Assert.Equal([Agreement], ownList["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!));
        var supplierList = JsonNode.Parse((await SendAsync(clients["supplier"], "GET", "/api/v1/agreements")).Body)!;
        Assert.Equal(["nimbus-hosting-uc"], supplierList["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!));
        var evaluated = await api.Client.PostAsync("/api/v1/alerts/evaluate", null);
        Assert.Equal(HttpStatusCode.OK, evaluated.StatusCode);
        var published = await api.PostJson("/api/v1/reports", new { agreement = Agreement, period = "2026-01" });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var breaches = JsonNode.Parse((await SendAsync(clients["customer"], "GET", "/api/v1/breaches")).Body)!.AsArray();
        Assert.NotEmpty(breaches);
        Assert.All(breaches, b => Assert.Equal(Agreement, (string)b!["agreement"]!));
        Assert.Empty(JsonNode.Parse((await SendAsync(clients["other-customer"], "GET", "/api/v1/breaches")).Body)!.AsArray());
        Assert.Equal(1, (int)JsonNode.Parse((await SendAsync(clients["customer"], "GET", "/api/v1/reports")).Body)!["total"]!);
        Assert.Equal(0, (int)JsonNode.Parse((await SendAsync(clients["other-customer"], "GET", "/api/v1/reports")).Body)!["total"]!);
        var publication = (long)JsonNode.Parse(await published.Content.ReadAsStringAsync())!["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(clients["customer"], "GET", $"/api/v1/reports/{publication}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(clients["other-customer"], "GET", $"/api/v1/reports/{publication}")).Status);
    }

    [Fact]
    public async Task Every_page_opens_for_the_roles_that_may_see_it_and_sends_others_to_sign_in_or_denies_them()
    {
        await using var api = await ApiHost.StartAsync("sqlite", demo: true);
        var clients = await ClientsAsync(api);
        var pages = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? false))
            .ToList();
        Assert.True(pages.Count >= 15, $"only {pages.Count} pages");
        var failures = new List<string>();
        foreach (var page in pages)
        {
            var path = PagePath(page.RoutePattern.RawText!);
            var open = page.Metadata.GetMetadata<PublicAttribute>() is not null;
            var requires = page.Metadata.GetMetadata<RequiresAttribute>();
            if (!open && requires is null)
            {
                failures.Add($"{path}: no policy");
                continue;
            }
            var anonymous = await api.BareClient.GetAsync(path);
            if (open ? anonymous.StatusCode != HttpStatusCode.OK
                : anonymous.StatusCode != HttpStatusCode.Redirect || anonymous.Headers.Location?.AbsolutePath != "/sign-in")
            {
                failures.Add($"{path} anonymous: {(int)anonymous.StatusCode} {anonymous.Headers.Location}");
            }
            foreach (var (who, roles, _, _, _) in Callers)
            {
                var answer = await clients[who].GetAsync(path);
                var holds = open || requires!.Permission is not { } needed || roles.Any(r => AccessPolicy.Grants(r, needed));
                var status = (int)answer.StatusCode;
                // The start page sends customers and suppliers on to their portal.
                var ok = holds ? status == 200 || (status == 302 && answer.Headers.Location?.AbsolutePath == "/portal") : status == 403;
                if (!ok)
                {
                    failures.Add($"{path} as {who}: {status} {answer.Headers.Location}, expected {(holds ? "200" : "403")}");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n{string.Join("\n", failures)}");
    }

    private static async Task<Dictionary<string, HttpClient>> ClientsAsync(ApiHost api)
    {
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        foreach (var (who, roles, customers, suppliers, stakeholder) in Callers)
        {
            clients[who] = api.ClientWith(roles is [Role.Ingest]
                ? await api.TokenAsync("pusher-owner", [Role.ServiceLevelManager], tokenRoles: [Role.Ingest], indicators: ["*"], tickets: true)
                : await api.TokenAsync(who, roles, customers, suppliers, stakeholder));
        }
        return clients;
    }

    /// <summary>Sends as a script does (the API's request header); a route that reads a body gets one of its type, the others none.</summary>
    private static async Task<(HttpStatusCode Status, string Body, bool Problem)> SendAsync(HttpClient client, string verb, string path, bool body = false)
    {
        using var request = new HttpRequestMessage(new HttpMethod(verb), path);
        if (body)
        {
            var type = path.EndsWith("/apply", StringComparison.Ordinal) ? "application/yaml" : path.EndsWith("/holidays", StringComparison.Ordinal) ? "text/calendar" : "application/json";
            request.Content = new StringContent(type == "application/json" ? "{}" : "x: 1", Encoding.UTF8, type);
        }
        request.Headers.TryAddWithoutValidation("X-OpenSLM-Request", "1");
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType == "application/problem+json");
    }

    /// <summary>The table of docs/security.md: permission → role → "✓", "own" or "".</summary>
    private static Dictionary<Permission, Dictionary<Role, string>> SecurityTable()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Repository, "docs", "security.md"));
        var header = Array.FindIndex(lines, l => l.StartsWith("| Permission |", StringComparison.Ordinal));
        Assert.True(header >= 0, "docs/security.md has no '| Permission |' table");
        var roles = Cells(lines[header]).Skip(1).Select(r => Enum.Parse<Role>(r)).ToList();
        Assert.Equal(Enum.GetValues<Role>().Order(), roles.Order());
        var table = new Dictionary<Permission, Dictionary<Role, string>>();
        foreach (var line in lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = Cells(line);
            var permission = Enum.Parse<Permission>(cells[0].Trim('`'));
            table[permission] = roles.Select((r, i) => (r, cells[i + 1])).ToDictionary(x => x.r, x => x.Item2);
        }
        return table;
    }

    private static List<string> Cells(string line) => [.. line.Trim().Trim('|').Split('|').Select(c => c.Trim())];

    /// <summary>A route pattern as the OpenAPI document writes it: no constraints, no trailing slash, a leading one.</summary>
    private static string Pattern(string pattern) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+):[^}]+\}", "{$1}").Trim('/');

    private static string PagePath(string pattern) => "/" + pattern.TrimStart('/')
        .Replace("agreements/{Name}/objectives/{Objective}", $"agreements/{Agreement}/objectives/checkout-success", StringComparison.Ordinal)
        .Replace("agreements/{Name}/versions/{Number:int}", $"agreements/{Agreement}/versions/1", StringComparison.Ordinal)
        .Replace("agreements/{Name}", $"agreements/{Agreement}", StringComparison.Ordinal)
        .Replace("services/{Name}", "services/checkout", StringComparison.Ordinal)
        .Replace("calendars/{Name}", "calendars/uk-business-hours", StringComparison.Ordinal)
        .Replace("indicators/{Name}", "indicators/checkout-success", StringComparison.Ordinal)
        .Replace("requirements/{Name}", $"requirements/online-retail-{DateTime.UtcNow.Year + 1}", StringComparison.Ordinal)   // the demo's, for next year
        .Replace("tickets/{Id}", "tickets/INC0010043", StringComparison.Ordinal)
        .Replace("improvementplans/{Name}", "improvementplans/checkout-capacity", StringComparison.Ordinal)
        .Replace("problems/{Name}", "problems/checkout-pool-exhaustion", StringComparison.Ordinal)
        .Replace("ticketpolicies/{Name}", "ticketpolicies/incident-resolution", StringComparison.Ordinal)
        .Replace("retire/{KindText}/{Name}", "retire/Service/checkout", StringComparison.Ordinal)
        .Replace("new/{KindText}", "new/customer", StringComparison.Ordinal);

    /// <summary>
    /// What the UI framework maps itself: the interactive components' connection (/_blazor), its redirect helper and its
    /// missing-file fallback. The fallback policy (an identity) covers them.
    /// </summary>
    private static bool Framework(RouteEndpoint e) => e.RoutePattern.RawText is { } raw
        && (raw.TrimStart('/').StartsWith("_blazor", StringComparison.Ordinal) || raw.TrimStart('/') == "_framework/opaque-redirect" || raw == "{**path:file}");

    private static string Describe(RouteEndpoint e) => $"{string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText} ({e.DisplayName})";

    private static string Scrub(string body, string name)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        node.Remove("traceId");
        return node.ToJsonString().Replace(name, "NAME", StringComparison.Ordinal);
    }

    private static string Cut(string s) => s.Length > 200 ? s[..200] + "…" : s;
}
