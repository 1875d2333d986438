using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using OpenSlm.Access;
using OpenSlm.Core.Access;
using OpenSlm.Storage.Access;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Access;

/// <summary>
/// Single sign-on against a real OpenID Connect provider (npm's oidc-provider) on 127.0.0.1: the authorization code flow
/// with PKCE and form_post as a browser walks it, the provider's groups mapped to roles, a person with no mapped group, a
/// disabled user, and a tampered or expired ID token.
/// </summary>
public sealed partial class SingleSignOnTests
{
    private static readonly Uri Callback = new("http://localhost" + "/sign-in/sso/callback");

    private static SsoOptions Options(OidcProviderServer idp, TimeSpan? skew = null) => new(
        idp.Issuer, OidcProviderServer.ClientId, OidcProviderServer.ClientSecret,
        RoleMapping.Parse(["slm-managers=ServiceLevelManager", "acme-portal=Customer:online-retail"]).Mapping,
        Scopes: ["groups"], RequireHttps: false, ClockSkew: skew);

    [Fact]
    public async Task A_person_signs_in_with_the_roles_their_groups_map_to_and_a_customer_sees_only_their_own()
    {
        await using var idp = await OidcProviderServer.StartAsync(Callback);
        await using var api = await ApiHost.StartAsync("sqlite", demo: true, sso: Options(idp));

        var alice = await SignInAsync(api, idp, "alice");
        Assert.Equal("/", alice.Landed);
        var me = JsonNode.Parse(await alice.GetAsync(api, "/api/v1/me"))!;
        Assert.Equal("alice", (string)me["name"]!);
        Assert.Equal(["ServiceLevelManager"], me["roles"]!.AsArray().Select(r => (string)r!));

        var carol = await SignInAsync(api, idp, "carol");
        Assert.Equal("/", carol.Landed);
        var agreements = JsonNode.Parse(await carol.GetAsync(api, "/api/v1/agreements"))!;
        Assert.Equal(["online-retail-web-shop-sla"], agreements["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!));
        Assert.Equal(HttpStatusCode.Forbidden, (await carol.SendAsync(api, "/api/v1/services")).StatusCode);

        await using var scope = api.Services.CreateAsyncScope();
        var users = await scope.ServiceProvider.GetRequiredService<UserAccounts>().ListAsync();
        Assert.Equal("sso", users.Single(u => u.UserName == "carol").Source);
        Assert.Equal(["online-retail"], users.Single(u => u.UserName == "carol").Grant.Customers);
        var log = (await api.Services.GetRequiredService<AccessStore>().ListEventsAsync(1, 100)).Items;
        Assert.Contains(log, e => e.Event == nameof(SecurityEvent.SignIn) && e.Actor == "alice" && e.Detail!.StartsWith("single sign-on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_person_with_no_mapped_group_or_a_disabled_user_is_refused_and_a_disabled_users_session_ends()
    {
        await using var idp = await OidcProviderServer.StartAsync(Callback);
        await using var api = await ApiHost.StartAsync("sqlite", demo: true, sso: Options(idp));

        var dave = await SignInAsync(api, idp, "dave");
        Assert.Equal("/sign-in?error=no-role", dave.Landed);
        Assert.Null(dave.Session);

        var alice = await SignInAsync(api, idp, "alice");
        Assert.Equal(HttpStatusCode.OK, (await alice.SendAsync(api, "/api/v1/me")).StatusCode);
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            await accounts.SetDisabledAsync((await accounts.FindAsync("alice"))!, true, "test", null);
        }
        // The session she had stops at her next request, and the provider's word no longer lets her in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.SendAsync(api, "/api/v1/me")).StatusCode);
        var again = await SignInAsync(api, idp, "alice");
        Assert.Equal("/sign-in?error=disabled", again.Landed);
        Assert.Null(again.Session);
    }

    [Fact]
    public async Task A_tampered_id_token_is_refused_and_logged()
    {
        await using var idp = await OidcProviderServer.StartAsync(Callback);
        await using var api = await ApiHost.StartAsync("sqlite", sso: Options(idp),
            configure: b => b.Services.PostConfigure<OpenIdConnectOptions>(AccessSetup.SsoScheme, o => o.Backchannel = new HttpClient(new TokenResponse(Tamper, TimeSpan.Zero))));
        var tampered = await SignInAsync(api, idp, "alice");
        Assert.Equal("/sign-in?error=sso", tampered.Landed);
        Assert.Null(tampered.Session);
        var log = (await api.Services.GetRequiredService<AccessStore>().ListEventsAsync(1, 100)).Items;
        Assert.Contains(log, e => e.Event == nameof(SecurityEvent.SignInFailed) && e.Actor == "sso" && e.Detail!.Contains("Signature", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_expired_id_token_is_refused()
    {
        // ID tokens that live one second, no clock skew allowed, and a token response that takes three: expired on arrival.
        await using var idp = await OidcProviderServer.StartAsync(Callback, idTokenSeconds: 1);
        await using var api = await ApiHost.StartAsync("sqlite", sso: Options(idp, TimeSpan.Zero),
            configure: b => b.Services.PostConfigure<OpenIdConnectOptions>(AccessSetup.SsoScheme, o => o.Backchannel = new HttpClient(new TokenResponse(t => t, TimeSpan.FromSeconds(3)))));
        var expired = await SignInAsync(api, idp, "alice");
        Assert.Equal("/sign-in?error=sso", expired.Landed);
        Assert.Null(expired.Session);
        var log = (await api.Services.GetRequiredService<AccessStore>().ListEventsAsync(1, 100)).Items;
        Assert.Contains(log, e => e.Event == nameof(SecurityEvent.SignInFailed) && e.Detail!.Contains("Lifetime", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Flips a character of the ID token's signature.</summary>
    private static string Tamper(string idToken)
    {
        var last = idToken[^5];
        return idToken[..^5] + (last == 'A' ? 'B' : 'A') + idToken[^4..];
    }

    /// <summary>Where a browser ends up: the last local address, and the session cookie if one was set.</summary>
    private sealed record Outcome(string Landed, string? Session)
    {
        public async Task<HttpResponseMessage> SendAsync(ApiHost api, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (Session is not null)
            {
                request.Headers.Add("Cookie", $"{AccessSetup.CookieName}={Session}");
            }
            return await api.BareClient.SendAsync(request);
        }

        public async Task<string> GetAsync(ApiHost api, string path)
        {
            var response = await SendAsync(api, path);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            return await response.Content.ReadAsStringAsync();
        }
    }

    /// <summary>
    /// Walks the sign-in as a browser does: OpenSLM's /sign-in/sso, the provider's login and consent forms, the form_post
    /// back to OpenSLM's callback, following every redirect, with each side's cookies.
    /// </summary>
    private static async Task<Outcome> SignInAsync(ApiHost api, OidcProviderServer idp, string login)
    {
        var slmCookies = new Dictionary<string, string>(StringComparer.Ordinal);
        using var idpHttp = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });
        using var first = new HttpRequestMessage(HttpMethod.Get, "/sign-in/sso?returnUrl=%2F");
        var response = await SlmAsync(api, first, slmCookies);
        for (var step = 0; step < 20; step++)
        {
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                var location = response.Headers.Location!;
                var target = location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
                if (target.Host == "localhost")
                {
                    if (target.AbsolutePath != "/sign-in/sso" && !target.AbsolutePath.StartsWith("/sign-in/sso/", StringComparison.Ordinal))
                    {
                        return new Outcome(target.PathAndQuery, slmCookies.GetValueOrDefault(AccessSetup.CookieName));
                    }
                    using var next = new HttpRequestMessage(HttpMethod.Get, target.PathAndQuery);
                    response = await SlmAsync(api, next, slmCookies);
                }
                else
                {
                    response = await idpHttp.GetAsync(target);
                }
                continue;
            }
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"step {step}: {(int)response.StatusCode} {response.RequestMessage?.RequestUri} {html[..Math.Min(html.Length, 400)]}");
            var action = Action().Match(html) is { Success: true } a ? WebUtility.HtmlDecode(a.Groups[1].Value) : throw new InvalidOperationException($"no form at {response.RequestMessage?.RequestUri}: {html[..Math.Min(html.Length, 400)]}");
            var fields = Field().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
            if (html.Contains("name=\"login\"", StringComparison.Ordinal))
            {
                fields["login"] = login;
                fields["password"] = "not checked by the dev interactions";
            }
            var target2 = new Uri(response.RequestMessage!.RequestUri!, action);
            if (target2.Host == "localhost")
            {
                // The provider's form_post: the browser posts code and state back to OpenSLM.
                using var post = new HttpRequestMessage(HttpMethod.Post, target2.PathAndQuery) { Content = new FormUrlEncodedContent(fields) };
                response = await SlmAsync(api, post, slmCookies);
            }
            else
            {
                response = await idpHttp.PostAsync(target2, new FormUrlEncodedContent(fields));
            }
        }
        throw new InvalidOperationException("the sign-in did not finish in 20 steps");
    }

    private static async Task<HttpResponseMessage> SlmAsync(ApiHost api, HttpRequestMessage request, Dictionary<string, string> cookies)
    {
        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        }
        var response = await api.BareClient.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var cookie in set)
            {
                var pair = cookie.Split(';')[0].Split('=', 2);
                if (pair[1].Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    cookies.Remove(pair[0]);
                }
                else
                {
                    cookies[pair[0]] = pair[1];
                }
            }
        }
        return response;
    }

    /// <summary>Changes the ID token of the provider's token response, and delays it, as a man in the middle or a slow network would.</summary>
    private sealed class TokenResponse(Func<string, string> change, TimeSpan delay) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath != "/token")
            {
                return response;
            }
            await Task.Delay(delay, cancellationToken);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
            body["id_token"] = change((string)body["id_token"]!);
            response.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            return response;
        }
    }

    [GeneratedRegex("<form[^>]*action=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Action();

    [GeneratedRegex("<input[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Field();
}
