using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenSlm.Core.Access;
using OpenSlm.Storage.Access;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Access;

/// <summary>Tokens, users and the password sign-in through the API and the sign-in form, on both databases.</summary>
public sealed partial class AccessApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private const string Catalogue = """
        apiVersion: openslm/v1
        kind: Stakeholder
        metadata: {name: jo}
        ---
        apiVersion: openslm/v1
        kind: Customer
        metadata: {name: acme}
        ---
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: web-shop}
        spec: {owner: jo}
        ---
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: payroll}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: web-ok}
        spec: {service: web-shop}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: payroll-ok}
        spec: {service: payroll}
        """;

    private static async Task SeedAsync(ApiHost api) =>
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue))).StatusCode);

    private static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return text;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_token_stops_when_it_expires_is_revoked_or_its_user_is_disabled_and_each_refusal_says_which(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        var admin = api.ClientWith(await api.TokenAsync("root", [Role.Admin]));
        var shortLived = api.ClientWith(await api.TokenAsync("bob", [Role.Viewer], life: Duration.FromDays(1)));
        var other = await api.TokenAsync("bob", [Role.Viewer]);
        var carl = api.ClientWith(await api.TokenAsync("carl", [Role.Viewer]));
        Assert.Equal(HttpStatusCode.OK, (await shortLived.GetAsync("/api/v1/me")).StatusCode);

        api.Clock.Advance(Duration.FromDays(1));
        Assert.Contains("expired", await ProblemAsync(await shortLived.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized), StringComparison.Ordinal);

        // Revoked by an admin: it stops at once; a non-admin cannot revoke another user's token (it is not found for them).
        var id = long.Parse(Regex.Match(other, @"^slm_(\d+)_").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await ProblemAsync(await carl.DeleteAsync($"/api/v1/tokens/{id}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode);
        Assert.Contains("revoked", await ProblemAsync(await api.ClientWith(other).GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized), StringComparison.Ordinal);
        // A client retrying a dead token is logged once an hour, not at every try.
        await ProblemAsync(await api.ClientWith(other).GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        var refusals = (await api.Services.GetRequiredService<AccessStore>().ListEventsAsync(1, 200)).Items
            .Count(e => e.Event == nameof(SecurityEvent.TokenRefused) && e.Subject == $"#{id}");
        Assert.Equal(1, refusals);

        // Disabled: every token of the user stops.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/users/carl", new { roles = new[] { "Viewer" }, disabled = true })).StatusCode);
        Assert.Contains("disabled", await ProblemAsync(await carl.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized), StringComparison.Ordinal);
        // Not a token at all, and a made-up one of the right shape.
        Assert.Contains("not one this server issued", await ProblemAsync(await api.ClientWith("slm_1_" + new string('A', 43)).GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized), StringComparison.Ordinal);

        var log = JsonNode.Parse(await admin.GetStringAsync("/api/v1/security-events?pageSize=200"))!["items"]!.AsArray().Select(e => (string)e!["event"]!).ToList();
        Assert.Contains(nameof(SecurityEvent.TokenRevoked), log);
        Assert.Contains(nameof(SecurityEvent.UserDisabled), log);
        Assert.Contains(nameof(SecurityEvent.TokenRefused), log);
        Assert.Contains(nameof(SecurityEvent.TokenUsed), log);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_ingest_token_posts_only_to_its_indicators_and_a_service_owner_only_to_their_services(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        await SeedAsync(api);
        var ingest = api.ClientWith(await api.TokenAsync(ApiHost.User, [Role.ServiceLevelManager], tokenRoles: [Role.Ingest], indicators: ["web-ok"]));
        var owner = api.ClientWith(await api.TokenAsync("jo-user", [Role.ServiceOwner], stakeholder: "jo"));
        static StringContent Csv(string indicator) => new($"timestamp,indicator,good,total\n2026-02-01T00:00:00Z,{indicator},9,10\n", Encoding.UTF8, "text/csv");

        Assert.Equal(HttpStatusCode.OK, (await ingest.PostAsync("/api/v1/measurements", Csv("web-ok"))).StatusCode);
        var refused = await ProblemAsync(await ingest.PostAsync("/api/v1/measurements", Csv("payroll-ok")), HttpStatusCode.Forbidden);
        Assert.Contains("payroll-ok", refused, StringComparison.Ordinal);
        Assert.Contains("RecordMeasurements", await ProblemAsync(await ingest.PostAsync("/api/v1/tickets/events",
            new StringContent("""{"events": []}""", Encoding.UTF8, "application/json")), HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.Contains("ReadCatalogue", await ProblemAsync(await ingest.GetAsync("/api/v1/services"), HttpStatusCode.Forbidden), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync("/api/v1/measurements", Csv("web-ok"))).StatusCode);
        await ProblemAsync(await owner.PostAsync("/api/v1/measurements", Csv("payroll-ok")), HttpStatusCode.Forbidden);
        // A service owner changes their own service, not another's, and cannot give theirs away.
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync("/api/v1/services/web-shop", new { metadata = new { name = "web-shop" }, spec = new { owner = "jo", tier = 1 } })).StatusCode);
        await ProblemAsync(await owner.PutAsJsonAsync("/api/v1/services/payroll", new { metadata = new { name = "payroll" }, spec = new { tier = 1 } }), HttpStatusCode.Forbidden);
        await ProblemAsync(await owner.PutAsJsonAsync("/api/v1/services/web-shop", new { metadata = new { name = "web-shop" }, spec = new { tier = 1 } }), HttpStatusCode.Forbidden);
        Assert.Contains("EditCatalogue", await ProblemAsync(await owner.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue)), HttpStatusCode.Forbidden), StringComparison.Ordinal);

        // The audit names the token's user and the token, never a name the client sends.
        using var forged = new HttpRequestMessage(HttpMethod.Put, "/api/v1/services/web-shop")
        {
            Content = JsonContent.Create(new { metadata = new { name = "web-shop" }, spec = new { owner = "jo", tier = 2 } }),
        };
        forged.Headers.Add("X-OpenSLM-User", "somebody-else");
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(forged)).StatusCode);
        var audit = JsonNode.Parse(await api.Client.GetStringAsync("/api/v1/audit?kind=Service&name=web-shop"))!["items"]![0]!;
        Assert.Matches(@"^jo-user \(token #\d+\)$", (string)audit["actor"]!);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Users_are_added_and_granted_with_every_mistake_named_and_each_change_logged(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        await SeedAsync(api);
        var admin = api.ClientWith(await api.TokenAsync("root", [Role.Admin]));
        async Task<string> Refused(object body) => await ProblemAsync(await admin.PostAsJsonAsync("/api/v1/users", body), HttpStatusCode.BadRequest);

        Assert.Contains("'Root' is not a role", await Refused(new { name = "x", password = "a-long-enough-password", roles = new[] { "Root" } }), StringComparison.Ordinal);
        Assert.Contains("customers", await Refused(new { name = "x", password = "a-long-enough-password", roles = new[] { "Customer" } }), StringComparison.Ordinal);
        Assert.Contains("'nobody' is not a customer record", await Refused(new { name = "x", password = "a-long-enough-password", roles = new[] { "Customer" }, customers = new[] { "nobody" } }), StringComparison.Ordinal);
        Assert.Contains("password", await Refused(new { name = "x", password = "short", roles = new[] { "Viewer" } }), StringComparison.Ordinal);
        Assert.Contains("for API tokens only", await Refused(new { name = "x", password = "a-long-enough-password", roles = new[] { "Ingest" } }), StringComparison.Ordinal);
        Assert.Contains("cannot also read internal data", await Refused(new { name = "x", password = "a-long-enough-password", roles = new[] { "Customer", "Viewer" }, customers = new[] { "acme" } }), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/users", new { name = "acme-ops", password = "a-long-enough-password", roles = new[] { "Customer" }, customers = new[] { "acme" } })).StatusCode);
        Assert.Contains("is taken", await Refused(new { name = "acme-ops", password = "a-long-enough-password", roles = new[] { "Viewer" } }), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/users/acme-ops", new { roles = new[] { "Viewer" } })).StatusCode);
        await ProblemAsync(await admin.PutAsJsonAsync("/api/v1/users/root", new { roles = new[] { "Admin" }, disabled = true }), HttpStatusCode.BadRequest);
        await ProblemAsync(await admin.PutAsJsonAsync("/api/v1/users/nobody", new { roles = new[] { "Viewer" } }), HttpStatusCode.NotFound);

        var users = JsonNode.Parse(await admin.GetStringAsync("/api/v1/users"))!.AsArray();
        Assert.Equal(["Viewer"], users.Single(u => (string)u!["name"]! == "acme-ops")!["roles"]!.AsArray().Select(r => (string)r!));
        Assert.DoesNotContain("password", await admin.GetStringAsync("/api/v1/users"), StringComparison.OrdinalIgnoreCase);
        var changed = JsonNode.Parse(await admin.GetStringAsync("/api/v1/security-events"))!["items"]!.AsArray()
            .First(e => (string)e!["event"]! == nameof(SecurityEvent.RolesChanged))!;
        Assert.Equal("root (token #2)", (string)changed["actor"]!);
        Assert.Equal("Customer; customers acme → Viewer", (string)changed["detail"]!);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_password_sign_in_says_nothing_of_whether_a_user_exists_locks_after_five_failures_and_sets_a_safe_cookie(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var (_, errors) = await scope.ServiceProvider.GetRequiredService<UserAccounts>().AddAsync("dana", "correct horse battery", new UserGrant(new HashSet<Role> { Role.Viewer },
                new HashSet<string>(), new HashSet<string>(), null), null, null, "test", null);
            Assert.Empty(errors);
        }
        var wrong = await SignInAsync(api, "dana", "not her password");
        var unknown = await SignInAsync(api, "nobody-at-all", "not her password");
        Assert.Equal("/sign-in?error=failed", wrong.Location);
        Assert.Equal(wrong.Location, unknown.Location);
        Assert.Null(wrong.Session);

        var right = await SignInAsync(api, "dana", "correct horse battery");
        Assert.Equal("/", right.Location);
        Assert.NotNull(right.Session);
        var cookie = right.SetCookie!.ToLowerInvariant();
        Assert.Contains("secure", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", cookie, StringComparison.Ordinal);
        using (var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me"))
        {
            me.Headers.Add("Cookie", $"{OpenSlm.Access.AccessSetup.CookieName}={right.Session}");
            Assert.Equal("dana", (string)JsonNode.Parse(await (await api.BareClient.SendAsync(me)).Content.ReadAsStringAsync())!["name"]!);
        }

        // Five failures in a row lock the account: then even the right password is refused, with the same words.
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(api, "dana", "guess " + i);
        }
        var locked = await SignInAsync(api, "dana", "correct horse battery");
        Assert.Equal("/sign-in?error=failed", locked.Location);
        var log = (await api.Services.GetRequiredService<AccessStore>().ListEventsAsync(1, 100)).Items;
        Assert.Contains(log, e => e.Event == nameof(SecurityEvent.SignInFailed) && e.Detail == "no such user" && e.Actor == "nobody-at-all");
        Assert.Contains(log, e => e.Event == nameof(SecurityEvent.SignInFailed) && e.Detail == "wrong password; now locked out");
        Assert.Contains(log, e => e.Event == nameof(SecurityEvent.SignInFailed) && e.Detail == "locked out");
        Assert.DoesNotContain(log, e => (e.Detail ?? string.Empty).Contains("correct horse", StringComparison.Ordinal) || e.Actor.Contains("guess", StringComparison.Ordinal));

        // A form without its antiforgery token signs nobody in.
        var forged = await api.BareClient.PostAsync("/sign-in/password", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "dana", ["Password"] = "x" }));
        Assert.Equal("/sign-in?error=expired", forged.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Password_attempts_from_one_address_are_limited_to_ten_a_minute()
    {
        await using var api = await ApiHost.StartAsync("sqlite");
        // The first is a password of two million characters: refused before any hashing, with the same answer.
        var huge = await SignInAsync(api, "someone", new string('x', 2_000_000));
        Assert.Equal("/sign-in?error=failed", huge.Location);
        var log = (await api.Services.GetRequiredService<AccessStore>().ListEventsAsync(1, 10)).Items;
        Assert.Contains(log, e => e.Event == nameof(SecurityEvent.SignInFailed) && e.Detail == "a password over 1000 characters");
        var statuses = new List<HttpStatusCode> { huge.Status };
        for (var i = 1; i < 11; i++)
        {
            statuses.Add((await SignInAsync(api, "someone", "something")).Status);
        }
        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.Redirect, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
    }

    private sealed record SignInOutcome(HttpStatusCode Status, string? Location, string? Session, string? SetCookie);

    /// <summary>The sign-in form as a browser sends it: the page's antiforgery token and cookie, then the form.</summary>
    private static async Task<SignInOutcome> SignInAsync(ApiHost api, string user, string password)
    {
        var page = await api.BareClient.GetAsync("/sign-in");
        var html = await page.Content.ReadAsStringAsync();
        var token = Antiforgery().Match(html).Groups[1].Value;
        var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/sign-in/password")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["UserName"] = user, ["Password"] = password, ["ReturnUrl"] = "" }),
        };
        post.Headers.Add("Cookie", cookies);
        var response = await api.BareClient.SendAsync(post);
        var set = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith(OpenSlm.Access.AccessSetup.CookieName + "=", StringComparison.Ordinal)) : null;
        return new SignInOutcome(response.StatusCode, response.Headers.Location?.OriginalString, set?.Split(';')[0].Split('=', 2)[1], set);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
