using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenSlm.Core.Access;
using OpenSlm.Hosting;
using OpenSlm.Jobs;
using OpenSlm.Storage.Access;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Support;

/// <summary>The real application on a fresh database, served in-process.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestDatabase _db;

    private ApiHost(WebApplication app, TestDatabase db, HttpClient client, HttpClient bare, FixedClock clock)
    {
        _app = app;
        _db = db;
        Client = client;
        BareClient = bare;
        Clock = clock;
    }

    /// <summary>The user the <see cref="Client"/>'s token acts for: a service level manager.</summary>
    public const string User = "alice@example.com";

    /// <summary>The name the audit gives changes made through <see cref="Client"/>: the user and the token.</summary>
    public const string Actor = "alice@example.com (token #1)";

    /// <summary>A client as a script uses the API: a service level manager's token, and the API's request header that bodiless writes need.</summary>
    public HttpClient Client { get; }

    /// <summary>The bearer header of <see cref="Client"/>'s token.</summary>
    public AuthenticationHeaderValue Bearer => Client.DefaultRequestHeaders.Authorization!;

    /// <summary>A client that sends only what each request says: a browser on another site, an attacker.</summary>
    public HttpClient BareClient { get; }

    public IServiceProvider Services => _app.Services;

    public FixedClock Clock { get; }

    /// <summary>The SQLite data directory (null on PostgreSQL), for the CLI to open the same store.</summary>
    public string? DataDirectory => _db.DataDirectory;

    public static async Task<ApiHost> StartAsync(string provider, bool demo = false, PrometheusPullOptions? prometheus = null, Instant? now = null, NotificationOptions? notifications = null,
        OpenSlm.Access.SsoOptions? sso = null, Action<WebApplicationBuilder>? configure = null)
    {
        var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var clock = new FixedClock(now ?? Instant.FromUtc(2026, 2, 2, 10, 0));
        // Warnings and errors only: a failing test's output shows what went wrong, not every info line of every host.
        var options = new ServeOptions("http://127.0.0.1:0", db.DataDirectory, db.ConnectionString, demo, prometheus, EvaluateAlerts: false, Notifications: notifications,
            LogLevel: Microsoft.Extensions.Logging.LogLevel.Warning, Sso: sso);
        var app = SlmServer.Build(options, b =>
        {
            b.WebHost.UseTestServer();
            b.Services.AddSingleton<IClock>(clock);
            configure?.Invoke(b);
        });
        await SlmServer.PrepareAsync(app);
        await app.StartAsync();
        var host = new ApiHost(app, db, app.GetTestClient(), app.GetTestClient(), clock);
        var token = await host.TokenAsync(User, [Role.ServiceLevelManager]);
        host.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        host.Client.DefaultRequestHeaders.Add(RequestLimits.RequestHeader, "1");
        return host;
    }

    /// <summary>
    /// A token for <paramref name="user"/> (created with <paramref name="roles"/> and the records given when the user does
    /// not exist yet), carrying <paramref name="tokenRoles"/> (default: the user's roles).
    /// </summary>
    public async Task<string> TokenAsync(string user, IReadOnlyCollection<Role> roles, string[]? customers = null, string[]? suppliers = null, string? stakeholder = null,
        IReadOnlyCollection<Role>? tokenRoles = null, string[]? indicators = null, bool tickets = false, Duration? life = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var entity = await accounts.FindAsync(user);
        if (entity is null)
        {
            var (_, errors) = await accounts.AddAsync(user, null, new UserGrant(roles.ToHashSet(), (customers ?? []).ToHashSet(), (suppliers ?? []).ToHashSet(), stakeholder),
                null, null, "test", null);
            Assert.Empty(errors);
            entity = await accounts.FindAsync(user);
        }
        var now = Clock.GetCurrentInstant();
        var terms = new TokenTerms("test", (tokenRoles ?? roles).ToHashSet(), (indicators ?? []).ToHashSet(), tickets, life ?? Duration.FromDays(30));
        var (text, _) = await _app.Services.GetRequiredService<AccessStore>().CreateTokenAsync(entity!, terms, "test", now, null);
        return text;
    }

    /// <summary>A client that calls as <paramref name="token"/>, with the API's request header.</summary>
    public HttpClient ClientWith(string token)
    {
        var client = _app.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.Add(RequestLimits.RequestHeader, "1");
        return client;
    }

    public async Task<HttpResponseMessage> SendJson(HttpMethod method, string url, string json, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        }
        return await Client.SendAsync(request);
    }

    public static async Task<JsonNode> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public async Task<JsonNode> GetJson(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Json(response);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    public static JsonSerializerOptions JsonOptions => SlmServer.ApiJson;

    public static StringContent Yaml(string yaml) => new(yaml, Encoding.UTF8, "application/yaml");

    public Task<HttpResponseMessage> PostJson<T>(string url, T body) => Client.PostAsJsonAsync(url, body, JsonOptions);
}

/// <summary>Sign-off through the API, as the parties' Accountable stakeholders do it.</summary>
public static class Approvals
{
    /// <summary>
    /// Proposes version <paramref name="number"/> of <paramref name="agreement"/> (when it is a Draft), then approves it as each
    /// of <paramref name="stakeholders"/>, each through a user of its own linked to that stakeholder.
    /// </summary>
    public static async Task SignOffAsync(this ApiHost api, string agreement, int number, params string[] stakeholders)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(stakeholders);
        var version = await api.GetJson($"/api/v1/agreements/{agreement}/versions/{number}");
        if ((string?)version["version"]!["status"] == "Draft")
        {
            var proposed = await api.SendJson(HttpMethod.Post, $"/api/v1/agreements/{agreement}/versions/{number}/status", """{"status":"Proposed"}""");
            Assert.True(proposed.IsSuccessStatusCode, await proposed.Content.ReadAsStringAsync());
        }
        foreach (var stakeholder in stakeholders)
        {
            var approved = await api.ApproveAsync(agreement, number, stakeholder);
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Approves (or, with a reason and <paramref name="approve"/> false, rejects) as <paramref name="stakeholder"/>'s user.</summary>
    public static async Task<HttpResponseMessage> ApproveAsync(this ApiHost api, string agreement, int number, string stakeholder, bool approve = true, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        var token = await api.TokenAsync($"{stakeholder}@signoff.test", [Role.ServiceLevelManager], stakeholder: stakeholder);
        using var client = api.ClientWith(token);
        var body = new JsonObject { ["decision"] = approve ? "approve" : "reject" };
        if (reason is not null)
        {
            body["reason"] = reason;
        }
        return await client.PostAsync($"/api/v1/agreements/{agreement}/versions/{number}/approvals",
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
    }
}
