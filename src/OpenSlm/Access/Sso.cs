using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using NodaTime;
using OpenSlm.Core.Access;
using OpenSlm.Storage.Access;

namespace OpenSlm.Access;

/// <summary>
/// Single sign-on by OpenID Connect (authorization code with PKCE).
/// </summary>
/// <param name="Authority">The provider's issuer URL (its /.well-known/openid-configuration is read).</param>
/// <param name="ClientId">OpenSLM's client id at the provider.</param>
/// <param name="ClientSecret">The client secret (from OPENSLM_SSO_CLIENT_SECRET; never logged), or null for a public client.</param>
/// <param name="Roles">How the provider's groups map to roles.</param>
/// <param name="GroupsClaim">The claim that lists a person's groups.</param>
/// <param name="NameClaim">The claim that gives the user name.</param>
/// <param name="Scopes">Scopes asked for besides openid (profile, email, and whatever releases the groups claim).</param>
/// <param name="RequireHttps">Whether the provider must be reached over HTTPS (off only for a provider on loopback).</param>
/// <param name="ClockSkew">Clock difference tolerated in token lifetimes.</param>
public sealed record SsoOptions(Uri Authority, string ClientId, string? ClientSecret, RoleMapping Roles, string GroupsClaim = "groups", string NameClaim = "preferred_username",
    IReadOnlyList<string>? Scopes = null, bool RequireHttps = true, TimeSpan? ClockSkew = null);

/// <summary>Wires <see cref="SsoOptions"/> into ASP.NET Core's OpenID Connect handler, and signs the person in as an OpenSLM user.</summary>
internal static class Sso
{
    /// <summary>Where the provider sends the person back.</summary>
    public const string CallbackPath = "/sign-in/sso/callback";

    private static readonly string[] BaseScopes = ["openid", "profile", "email"];

    public static void Add(AuthenticationBuilder authentication, SsoOptions sso)
    {
        authentication.AddOpenIdConnect(AccessSetup.SsoScheme, "Single sign-on", o =>
        {
            o.Authority = sso.Authority.ToString();
            o.ClientId = sso.ClientId;
            o.ClientSecret = sso.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            o.RequireHttpsMetadata = sso.RequireHttps;
            o.SignInScheme = AccessSetup.CookieScheme;
            o.CallbackPath = CallbackPath;
            o.SaveTokens = false;
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = true;
            o.Scope.Clear();
            foreach (var scope in BaseScopes.Concat(sso.Scopes ?? []).Distinct(StringComparer.Ordinal))
            {
                o.Scope.Add(scope);
            }
            // The user info's claims the sign-in reads: the name, and the groups (an array becomes one claim a group).
            o.ClaimActions.MapUniqueJsonKey(sso.NameClaim, sso.NameClaim);
            o.ClaimActions.MapJsonKey(sso.GroupsClaim, sso.GroupsClaim);
            o.TokenValidationParameters.ClockSkew = sso.ClockSkew ?? TimeSpan.FromMinutes(2);
            o.TokenValidationParameters.NameClaimType = sso.NameClaim;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Events.OnTicketReceived = context => SignInAsync(context, sso);
            o.Events.OnRemoteFailure = FailedAsync;
        });
    }

    private static async Task SignInAsync(TicketReceivedContext context, SsoOptions sso)
    {
        var http = context.HttpContext;
        var claims = context.Principal!;
        var subject = claims.FindFirstValue("sub");
        var name = claims.FindFirstValue(sso.NameClaim) ?? claims.FindFirstValue("email") ?? subject;
        var accounts = http.RequestServices.GetRequiredService<UserAccounts>();
        if (subject is null || name is null)
        {
            context.Response.Redirect("/sign-in?error=sso");
            context.HandleResponse();
            return;
        }
        var groups = claims.FindAll(sso.GroupsClaim).Select(c => c.Value);
        var grant = sso.Roles.Resolve(groups);
        var (user, refusal) = await accounts.SignInExternalAsync(sso.Authority.GetLeftPart(UriPartial.Path).TrimEnd('/'), subject, name, claims.FindFirstValue("email"),
            claims.FindFirstValue("name"), new UserGrant(grant.Roles, grant.Customers, grant.Suppliers, null), Caller.Address(http), http.RequestAborted).ConfigureAwait(false);
        if (user is null)
        {
            context.Response.Redirect("/sign-in?error=" + refusal switch
            {
                SsoRefusal.Disabled => "disabled",
                SsoRefusal.NoRole => "no-role",
                SsoRefusal.NameTaken => "name-taken",
                _ => "sso",
            });
            context.HandleResponse();
            return;
        }
        context.Principal = AccessSetup.SessionOf(user, AccessSetup.SsoScheme);
    }

    private static async Task FailedAsync(RemoteFailureContext context)
    {
        // A tampered or expired token, a forged state, the provider's own refusal: logged, and the person is told to try again.
        var http = context.HttpContext;
        var access = http.RequestServices.GetRequiredService<AccessStore>();
        var reason = context.Failure?.GetType().Name + ": " + context.Failure?.Message;
        await access.RecordAsync(SecurityEvent.SignInFailed, "sso", null, reason.Length > 500 ? reason[..500] : reason, Caller.Address(http),
            http.RequestServices.GetRequiredService<IClock>().GetCurrentInstant(), http.RequestAborted).ConfigureAwait(false);
        context.Response.Redirect("/sign-in?error=sso");
        context.HandleResponse();
    }
}
