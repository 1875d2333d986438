using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenSlm.Storage.Access;

namespace OpenSlm.Access;

/// <summary>
/// <c>Authorization: Bearer slm_…</c>: the token's principal, read from the store at each request. A refused token is a
/// 401 problem saying why (unknown, revoked, expired, its user disabled), and never logged with its text.
/// </summary>
internal sealed class TokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessStore access, IClock clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "token";

    private static readonly object RefusalKey = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var text = header["Bearer ".Length..].Trim();
        var now = clock.GetCurrentInstant();
        var (principal, refusal, _) = await access.TokenPrincipalAsync(text, now, Caller.Address(Context), Context.RequestAborted).ConfigureAwait(false);
        if (principal is null)
        {
            Context.Items[RefusalKey] = refusal;
            return AuthenticateResult.Fail($"token refused: {refusal}");
        }
        Caller.Set(Context, principal);
        var identity = new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.NameIdentifier, principal.Id), new(System.Security.Claims.ClaimTypes.Name, principal.Name)], Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new System.Security.Claims.ClaimsPrincipal(identity), Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var refusal = Context.Items.TryGetValue(RefusalKey, out var r) ? r as TokenRefusal? : null;
        var detail = refusal switch
        {
            TokenRefusal.Revoked => "The token was revoked. Create a new one (slm tokens create, or Tokens in the UI).",
            TokenRefusal.Expired => "The token has expired. Create a new one (slm tokens create, or Tokens in the UI).",
            TokenRefusal.UserDisabled => "The user this token acts for is disabled.",
            TokenRefusal.Unknown => "The token is not one this server issued.",
            _ => "Sign in, or send an API token as Authorization: Bearer slm_…",
        };
        Response.Headers.WWWAuthenticate = refusal is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentication is required.", detail: detail).ExecuteAsync(Context).ConfigureAwait(false);
    }
}
