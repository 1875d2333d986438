using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using NodaTime;
using OpenSlm.Core.Access;
using OpenSlm.Storage.Access;

namespace OpenSlm.Access;

/// <summary>
/// Who gets in: a session cookie for people (a password, or single sign-on), a bearer token for machines, each resolved
/// from the store at every request; one authorization policy per permission; 401 and 403 as problem details on the API
/// and a sign-in redirect or an access-denied page in the UI.
/// </summary>
public static class AccessSetup
{
    /// <summary>The session cookie's scheme.</summary>
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The single sign-on scheme.</summary>
    public const string SsoScheme = "sso";

    /// <summary>The rate limit of password sign-ins.</summary>
    public const string SignInLimit = "sign-in";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "openslm.session";

    private const string Selector = "openslm";
    private const string StampClaim = "openslm:stamp";

    /// <summary>Registers authentication, authorization and the stores behind them.</summary>
    public static void AddOpenSlmAccess(this WebApplicationBuilder builder, Hosting.ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddSingleton<AccessStore>();
        UserAccounts.Register(services);
        var authentication = services.AddAuthentication(o =>
        {
            o.DefaultScheme = Selector;
            o.DefaultChallengeScheme = Selector;
        })
        .AddPolicyScheme(Selector, "Token or session", o => o.ForwardDefaultSelector = http =>
            http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? TokenAuthentication.Name : CookieScheme)
        .AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.Name, null)
        .AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.IsEssential = true;
            o.LoginPath = "/sign-in";
            o.LogoutPath = "/sign-out";
            o.AccessDeniedPath = "/sign-in";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = ValidateSessionAsync;
        });
        if (options.Sso is { } sso)
        {
            Sso.Add(authentication, sso);
        }
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessResultHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(EndpointAccess.SignedIn, p => p.AddRequirements(new PermissionRequirement(null)))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().AddRequirements(new PermissionRequirement(null)).Build());
        services.Configure<AuthorizationOptions>(o =>
        {
            foreach (var permission in Enum.GetValues<Permission>())
            {
                o.AddPolicy(EndpointAccess.PolicyOf(permission), p => p.AddRequirements(new PermissionRequirement(permission)));
            }
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Ten password attempts a minute from one address, whatever the name tried; the lockout counts per user.
            o.AddPolicy(SignInLimit, http => RateLimitPartition.GetFixedWindowLimiter(Caller.Address(http) ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many sign-in attempts.",
                    detail: "Wait a minute before trying again.").ExecuteAsync(context.HttpContext).ConfigureAwait(false);
            };
        });
    }

    /// <summary>The claims a session cookie holds: the user's id and security stamp, nothing that grants anything by itself.</summary>
    public static ClaimsPrincipal SessionOf(Storage.Entities.UserEntity user, string scheme = CookieScheme)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Name, user.UserName ?? user.Id), new(StampClaim, user.SecurityStamp ?? string.Empty)], scheme));
    }

    /// <summary>Whether a request is to the API (problem details) rather than a page (redirects).</summary>
    public static bool IsApi(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Request.Path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase)
            || http.Request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
            || http.Request.Headers.Authorization.Count > 0;
    }

    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(StampClaim);
        var access = context.HttpContext.RequestServices.GetRequiredService<AccessStore>();
        if (id is null || await access.UserPrincipalAsync(id, stamp, context.HttpContext.RequestAborted).ConfigureAwait(false) is not { } principal)
        {
            // Disabled, removed, or a password reset since: the session ends here.
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme).ConfigureAwait(false);
            return;
        }
        Caller.Set(context.HttpContext, principal);
    }
}

/// <summary>A permission an endpoint needs; null for any resolved identity.</summary>
internal sealed record PermissionRequirement(Permission? Permission) : IAuthorizationRequirement;

/// <summary>Passes a requirement when the resolved caller holds its permission (scope over records is the handler's).</summary>
internal sealed class PermissionHandler(IHttpContextAccessor accessor) : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var http = context.Resource as HttpContext ?? accessor.HttpContext;
        if (http is not null && Caller.Of(http) is { } caller && (requirement.Permission is not { } needed || caller.Has(needed)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// What a refused request gets: on the API, 401 (with why a token was refused) or 403 naming the missing permission, as
/// problem details; in the UI, the sign-in page or a page that says access is denied.
/// </summary>
internal sealed class AccessResultHandler : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var signedIn = Caller.Of(context) is not null;
        var api = AccessSetup.IsApi(context);
        if (!signedIn)
        {
            await context.ChallengeAsync(api ? TokenAuthentication.Name : AccessSetup.CookieScheme).ConfigureAwait(false);
            return;
        }
        var missing = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<PermissionRequirement>().Select(r => r.Permission).FirstOrDefault(p => p is not null);
        var what = missing is { } p ? p.ToString() : "an identity";
        if (api)
        {
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You do not have the permission this needs.",
                detail: $"{context.Request.Method} {context.Request.Path} needs the permission {what}, which none of your roles grants (docs/security.md lists the roles).",
                extensions: new Dictionary<string, object?> { ["permission"] = what }).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(Web.DeniedPage.Html(what), context.RequestAborted).ConfigureAwait(false);
    }
}
