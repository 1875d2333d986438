using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using OpenSlm.Api;
using OpenSlm.Core.Access;
using OpenSlm.Core.Catalogue;
using OpenSlm.Storage.Access;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Access;

/// <summary>Who the caller is, with every permission their roles grant.</summary>
public sealed record MeDto(string Name, string Kind, IReadOnlyList<Role> Roles, IReadOnlyList<Permission> Permissions, IReadOnlyList<string> Customers,
    IReadOnlyList<string> Suppliers, string? Stakeholder);

/// <summary>A token as listed: never its secret.</summary>
public sealed record TokenDto(long Id, string Name, string User, string CreatedBy, IReadOnlyList<Role> Roles, IReadOnlyList<string> Indicators, bool Tickets,
    Instant CreatedAt, Instant ExpiresAt, Instant? LastUsedAt, Instant? RevokedAt, string? RevokedBy, bool Active)
{
    internal static TokenDto From(ApiTokenRecord t, Instant now) => new(t.Id, t.Name, t.UserName, t.CreatedBy, t.Roles, t.Indicators, t.Tickets, t.CreatedAt,
        t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.RevokedBy, t.ActiveAt(now));
}

/// <summary>A token just created: its text, shown this once.</summary>
public sealed record CreatedTokenDto(string Token, TokenDto Details);

/// <summary>What POST /api/v1/tokens reads.</summary>
/// <param name="Name">What it is for (1–100 characters).</param>
/// <param name="Roles">The roles it carries: ones its user holds, or Ingest.</param>
/// <param name="Indicators">For Ingest: the indicators it may post to ("*" for all).</param>
/// <param name="Tickets">For Ingest: whether it may post ticket updates.</param>
/// <param name="ExpiresInDays">Days until it stops working: 1 to 731, default 90.</param>
/// <param name="User">Admins only: the user it acts for (default: the caller).</param>
public sealed record TokenRequest(string? Name, IReadOnlyList<string>? Roles, IReadOnlyList<string>? Indicators, bool? Tickets, int? ExpiresInDays, string? User);

/// <summary>A user as listed.</summary>
public sealed record UserDto(string Name, string? DisplayName, string? Email, IReadOnlyList<Role> Roles, IReadOnlyList<string> Customers, IReadOnlyList<string> Suppliers,
    string? Stakeholder, bool Disabled, string Source, Instant CreatedAt, Instant? LastSignInAt, DateTimeOffset? LockedOutUntil)
{
    internal static UserDto From(UserRecord u) => new(u.UserName, u.DisplayName, u.Email, [.. u.Grant.Roles.Order()], [.. u.Grant.Customers.Order(StringComparer.Ordinal)],
        [.. u.Grant.Suppliers.Order(StringComparer.Ordinal)], u.Grant.Stakeholder, u.Disabled, u.Source, u.CreatedAt, u.LastSignInAt, u.LockedOutUntil);
}

/// <summary>What POST /api/v1/users reads.</summary>
public sealed record UserRequest(string? Name, string? Password, IReadOnlyList<string>? Roles, IReadOnlyList<string>? Customers, IReadOnlyList<string>? Suppliers,
    string? Stakeholder, string? Email, string? DisplayName);

/// <summary>What PUT /api/v1/users/{name} reads: the whole grant, and whether the account is disabled.</summary>
public sealed record UserUpdateRequest(IReadOnlyList<string>? Roles, IReadOnlyList<string>? Customers, IReadOnlyList<string>? Suppliers, string? Stakeholder, bool? Disabled);

/// <summary>What POST /api/v1/users/{name}/password reads.</summary>
public sealed record PasswordRequest(string? Password);

/// <summary>An entry of the security log.</summary>
public sealed record SecurityEventDto(long Id, Instant At, string Event, string Actor, string? Subject, string? Detail, string? Address);

/// <summary>
/// <c>/api/v1/me</c>, <c>/api/v1/tokens</c>, <c>/api/v1/users</c>, <c>/api/v1/security-events</c>: identities and
/// tokens, and the sign-in and sign-out forms of the UI.
/// </summary>
public static class AccountApi
{
    /// <summary>The default life of a token.</summary>
    public const int DefaultTokenDays = 90;

    /// <summary>Maps the account endpoints.</summary>
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Access");
        api.MapGet("/me", Me).WithName("WhoAmI").RequiresIdentity()
            .WithSummary("Who the caller is: name, roles, the permissions they grant, and the customer or supplier records acted for.")
            .Produces<MeDto>();
        api.MapGet("/tokens", ListTokens).WithName("ListTokens").Requires(Permission.OwnTokens)
            .WithSummary("The caller's API tokens, newest first (?all=true: everyone's, for admins). Never the secrets.")
            .Produces<List<TokenDto>>();
        api.MapPost("/tokens", CreateToken).WithName("CreateToken").Requires(Permission.OwnTokens)
            .WithSummary("Creates an API token and gives its text once: send it as Authorization: Bearer. It carries only roles its user holds (or Ingest, scoped to " +
                "indicators and tickets) and expires (default 90 days, at most 731). A token cannot create tokens.")
            .Accepts<TokenRequest>("application/json").Produces<CreatedTokenDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapDelete("/tokens/{id:long}", RevokeToken).WithName("RevokeToken").Requires(Permission.OwnTokens)
            .WithSummary("Revokes a token: one's own, or any for admins. It stops working at once.")
            .Produces<TokenDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/users", ListUsers).WithName("ListUsers").Requires(Permission.ManageAccess)
            .WithSummary("Every user, by name, with roles, records, state and last sign-in.")
            .Produces<List<UserDto>>();
        api.MapPost("/users", AddUser).WithName("AddUser").Requires(Permission.ManageAccess)
            .WithSummary("Creates a local user (a password of at least 12 characters, or none for one who signs in by single sign-on).")
            .Accepts<UserRequest>("application/json").Produces<UserDto>(StatusCodes.Status201Created).ProducesValidationProblem();
        api.MapGet("/users/{name}", GetUser).WithName("GetUser").Requires(Permission.ManageAccess)
            .WithSummary("One user.").Produces<UserDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/users/{name}", UpdateUser).WithName("UpdateUser").Requires(Permission.ManageAccess)
            .WithSummary("Replaces a user's roles, records and stakeholder, and disables or enables them (disabling ends their sessions and stops their tokens). Logged.")
            .Accepts<UserUpdateRequest>("application/json").Produces<UserDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/users/{name}/password", ResetPassword).WithName("ResetPassword").Requires(Permission.ManageAccess)
            .WithSummary("Sets a user's password: their other sessions end and a lockout is lifted. Logged.")
            .Accepts<PasswordRequest>("application/json").Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/security-events", SecurityEvents).WithName("ListSecurityEvents").Requires(Permission.ManageAccess)
            .WithSummary("The security log, newest first: sign-ins, failed sign-ins, token use and refusals, users, roles and tokens changed.")
            .Produces<PageDto<SecurityEventDto>>().ProducesValidationProblem();

        // The UI's forms: a password sign-in (rate-limited, antiforgery-checked), single sign-on, and sign-out.
        app.MapPost("/sign-in/password", SignIn).Public("the password sign-in form").RequireRateLimiting(AccessSetup.SignInLimit).DisableAntiforgery().ExcludeFromDescription();
        app.MapGet("/sign-in/sso", (string? returnUrl, Hosting.ServeOptions options) => options.Sso is null
                ? Results.Redirect("/sign-in")
                : Results.Challenge(new AuthenticationProperties { RedirectUri = LocalUrl(returnUrl) ?? "/" }, [AccessSetup.SsoScheme]))
            .Public("starts single sign-on").ExcludeFromDescription();
        app.MapPost("/sign-out", SignOut).RequiresIdentity().ExcludeFromDescription();
        return app;
    }

    /// <summary>A return address that stays on this server, or null.</summary>
    public static string? LocalUrl(string? url) =>
        url is { Length: > 0 and < 2000 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            && !url.Any(char.IsControl) ? url : null;

    /// <summary>Where a person lands after signing in: internal users on the overview, customers and suppliers in their portal.</summary>
    public static string Landing(Principal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.ReadsInternal ? "/" : "/portal";
    }

    private static MeDto Me(HttpContext http)
    {
        var me = Caller.Required(http);
        return new MeDto(me.Name, me.Kind.ToString(), [.. me.Roles.Order()], [.. Enum.GetValues<Permission>().Where(me.Has)], [.. me.Customers.Order(StringComparer.Ordinal)],
            [.. me.Suppliers.Order(StringComparer.Ordinal)], me.Stakeholder);
    }

    private static async Task<IResult> ListTokens(HttpContext http, bool? all, AccessStore access, UserAccounts accounts, IClock clock, CancellationToken ct)
    {
        var me = Caller.Required(http);
        if (all == true && !me.Has(Permission.ManageAccess))
        {
            return Forbidden(Permission.ManageAccess, "Listing everyone's tokens");
        }
        var owner = all == true ? null : me.UserId;
        var now = clock.GetCurrentInstant();
        return TypedResults.Ok((await access.ListTokensAsync(owner, ct).ConfigureAwait(false)).Select(t => TokenDto.From(t, now)).ToList());
    }

    private static async Task<IResult> CreateToken(TokenRequest body, HttpContext http, AccessStore access, UserAccounts accounts, CatalogueStore catalogue, IClock clock, CancellationToken ct)
    {
        var me = Caller.Required(http);
        if (me.Kind == PrincipalKind.Token)
        {
            return HttpExchange.Problem(StatusCodes.Status403Forbidden, "A token cannot create tokens.",
                "Create tokens signed in as a person (the UI's Tokens page), or with slm tokens create on the server.");
        }
        var errors = new List<(string, string)>();
        var user = body.User is { Length: > 0 } named && named != me.Name ? await accounts.FindAsync(named).ConfigureAwait(false) : await accounts.FindByIdAsync(me.UserId).ConfigureAwait(false);
        if (body.User is { Length: > 0 } other && other != me.Name)
        {
            if (!me.Has(Permission.ManageAccess))
            {
                return Forbidden(Permission.ManageAccess, "Creating a token for another user");
            }
            if (user is null)
            {
                errors.Add(("user", $"'{other}' is not a user."));
            }
        }
        var (terms, problems) = await TokenTermsAsync(body, user, catalogue, ct).ConfigureAwait(false);
        errors.AddRange(problems);
        if (errors.Count > 0 || user is null)
        {
            return HttpExchange.Invalid(errors, "The token request is invalid; no token was made.");
        }
        var now = clock.GetCurrentInstant();
        var (text, token) = await access.CreateTokenAsync(user, terms, me.Name, now, Caller.Address(http), ct).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/tokens/{token.Id}", new CreatedTokenDto(text, TokenDto.From(token, now)));
    }

    /// <summary>
    /// A token request read and checked, for the API, the UI and the CLI alike: its name (1–100 characters on one line),
    /// life (1–731 days, default 90), roles against what its user holds, and an Ingest token's indicators against the
    /// catalogue. Each error names its field (name, expiresInDays, roles, indicators).
    /// </summary>
    internal static async Task<(TokenTerms Terms, List<(string, string)> Errors)> TokenTermsAsync(
        TokenRequest body, Storage.Entities.UserEntity? user, CatalogueStore catalogue, CancellationToken ct)
    {
        var errors = new List<(string, string)>();
        var name = body.Name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 100 || Core.Limits.CheckText(name, 100, lines: false) is not null)
        {
            errors.Add(("name", "is required: 1 to 100 characters on one line saying what the token is for."));
        }
        var days = body.ExpiresInDays ?? DefaultTokenDays;
        if (days is < 1 or > 731)
        {
            errors.Add(("expiresInDays", $"must be from 1 to 731 days, not {days}."));
        }
        var roles = new HashSet<Role>();
        foreach (var text in body.Roles ?? [])
        {
            if (AccessPolicy.ParseRole(text) is { } role)
            {
                roles.Add(role);
            }
            else
            {
                errors.Add(("roles", $"'{text}' is not a role: expected {string.Join(", ", Enum.GetNames<Role>())}."));
            }
        }
        if (roles.Count == 0 && errors.Count == 0)
        {
            errors.Add(("roles", "name at least one role the token carries (Ingest for a measurement pusher)."));
        }
        if (user is not null)
        {
            var held = AccessStore.Roles(user.Roles);
            foreach (var role in roles.Except(AccessPolicy.TokenRoles(roles, held)))
            {
                errors.Add(("roles", role == Role.Ingest
                    ? "an Ingest token is made by a user who may record measurements or manage access."
                    : $"{user.UserName} does not hold {role}; a token carries only roles its user holds."));
            }
        }
        var indicators = (body.Indicators ?? []).Select(i => i.Trim()).ToHashSet(StringComparer.Ordinal);
        var tickets = body.Tickets ?? false;
        if (roles.Contains(Role.Ingest) && indicators.Count == 0 && !tickets)
        {
            errors.Add(("indicators", "an Ingest token names the indicators it may post to (\"*\" for all), or sets tickets: true."));
        }
        if (!roles.Contains(Role.Ingest) && (indicators.Count > 0 || tickets))
        {
            errors.Add(("indicators", "indicators and tickets scope an Ingest token; add the Ingest role or leave them out."));
        }
        if (indicators.Count > 1000)
        {
            errors.Add(("indicators", "at most 1,000 indicators; use \"*\" for all."));
        }
        else
        {
            foreach (var indicator in indicators.Where(i => i != "*"))
            {
                if (await catalogue.GetAsync(ResourceKind.Indicator, indicator, ct).ConfigureAwait(false) is null)
                {
                    errors.Add(("indicators", $"'{(indicator.Length > 63 ? indicator[..63] + "…" : indicator)}' is not an indicator."));
                }
            }
        }
        return (new TokenTerms(name, roles, indicators, tickets, Duration.FromDays(Math.Clamp(days, 1, 731))), errors);
    }

    private static async Task<IResult> RevokeToken(long id, HttpContext http, AccessStore access, UserAccounts accounts, IClock clock, CancellationToken ct)
    {
        var me = Caller.Required(http);
        var found = await access.FindTokenAsync(id, ct).ConfigureAwait(false);
        var mine = found is { } f && f.UserId == me.UserId;
        if (found is null || (!mine && !me.Has(Permission.ManageAccess)))
        {
            // Another user's token is as unknown to a non-admin as one that does not exist.
            return HttpExchange.NotFound($"No token {id} of yours exists.");
        }
        var now = clock.GetCurrentInstant();
        await access.RevokeTokenAsync(id, me.Name, now, Caller.Address(http), ct).ConfigureAwait(false);
        var after = await access.FindTokenAsync(id, ct).ConfigureAwait(false);
        return TypedResults.Ok(TokenDto.From(after!.Value.Token, now));
    }

    private static async Task<IResult> ListUsers(UserAccounts accounts, CancellationToken ct) =>
        TypedResults.Ok((await accounts.ListAsync(ct).ConfigureAwait(false)).Select(UserDto.From).ToList());

    private static async Task<IResult> GetUser(string name, UserAccounts accounts) =>
        await accounts.GetAsync(name).ConfigureAwait(false) is { } user
            ? TypedResults.Ok(UserDto.From(user))
            : HttpExchange.NotFound($"No user {name} exists.");

    private static async Task<IResult> AddUser(UserRequest body, HttpContext http, UserAccounts accounts, CatalogueStore catalogue, CancellationToken ct)
    {
        var me = Caller.Required(http);
        var (grant, errors) = await GrantAsync(body.Roles, body.Customers, body.Suppliers, body.Stakeholder, catalogue, ct).ConfigureAwait(false);
        var name = body.Name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 256)
        {
            errors.Add(("name", "is required: 1 to 256 characters (letters, digits and - . _ @ +)."));
        }
        foreach (var (field, text, max) in new[] { ("email", body.Email, 256), ("displayName", body.DisplayName, 200) })
        {
            if (text is not null && Core.Limits.CheckText(text, max, lines: false) is { } problem)
            {
                errors.Add((field, problem));
            }
        }
        if (body.Password is { Length: > UserAccounts.MaxPasswordLength })
        {
            errors.Add(("password", $"is longer than {UserAccounts.MaxPasswordLength:N0} characters."));
        }
        if (errors.Count > 0)
        {
            return HttpExchange.Invalid(errors, "The user is invalid; nothing was saved.");
        }
        var (user, refused) = await accounts.AddAsync(name, body.Password, grant, body.Email, body.DisplayName, me.Name, Caller.Address(http), ct: ct).ConfigureAwait(false);
        return user is null
            ? HttpExchange.Invalid(refused, "The user is invalid; nothing was saved.")
            : TypedResults.Created($"/api/v1/users/{Uri.EscapeDataString(user.UserName)}", UserDto.From(user));
    }

    private static async Task<IResult> UpdateUser(string name, UserUpdateRequest body, HttpContext http, UserAccounts accounts, CatalogueStore catalogue, CancellationToken ct)
    {
        var me = Caller.Required(http);
        if (await accounts.FindAsync(name).ConfigureAwait(false) is not { } user)
        {
            return HttpExchange.NotFound($"No user {name} exists.");
        }
        var (grant, errors) = await GrantAsync(body.Roles, body.Customers, body.Suppliers, body.Stakeholder, catalogue, ct).ConfigureAwait(false);
        if (user.Id == me.UserId && (body.Disabled == true || !grant.Roles.Contains(Role.Admin)))
        {
            errors.Add(("roles", "you cannot disable yourself or take away your own Admin role: another admin must."));
        }
        if (errors.Count > 0)
        {
            return HttpExchange.Invalid(errors, "The change is invalid; nothing was saved.");
        }
        var refused = await accounts.SetGrantAsync(user, grant, me.Name, Caller.Address(http), ct).ConfigureAwait(false);
        if (refused.Count > 0)
        {
            return HttpExchange.Invalid(refused, "The change is invalid; nothing was saved.");
        }
        if (body.Disabled is { } disabled)
        {
            await accounts.SetDisabledAsync(user, disabled, me.Name, Caller.Address(http), ct).ConfigureAwait(false);
        }
        return await GetUser(name, accounts).ConfigureAwait(false);
    }

    private static async Task<IResult> ResetPassword(string name, PasswordRequest body, HttpContext http, UserAccounts accounts, CancellationToken ct)
    {
        if (await accounts.FindAsync(name).ConfigureAwait(false) is not { } user)
        {
            return HttpExchange.NotFound($"No user {name} exists.");
        }
        if (body.Password is not { Length: > 0 and <= UserAccounts.MaxPasswordLength } password)
        {
            return HttpExchange.Invalid("password", $"is required: at least {UserAccounts.MinPasswordLength} characters.");
        }
        var refused = await accounts.ResetPasswordAsync(user, password, Caller.Required(http).Name, Caller.Address(http), ct).ConfigureAwait(false);
        return refused.Count > 0 ? HttpExchange.Invalid(refused, "The password was not set.") : TypedResults.NoContent();
    }

    private static async Task<IResult> SecurityEvents([AsParameters] PageQuery paging, AccessStore access, CancellationToken ct)
    {
        var (page, size, problem) = paging.Resolve();
        if (problem is not null)
        {
            return problem;
        }
        var (items, total) = await access.ListEventsAsync(page, size, ct).ConfigureAwait(false);
        return TypedResults.Ok(new PageDto<SecurityEventDto>([.. items.Select(e => new SecurityEventDto(e.Id, e.At, e.Event, e.Actor, e.Subject, e.Detail, e.Address))], page, size, total));
    }

    /// <summary>A grant read from a request: roles by name, and the customer, supplier and stakeholder records it names, which must exist.</summary>
    internal static async Task<(UserGrant Grant, List<(string, string)> Errors)> GrantAsync(IReadOnlyList<string>? roleNames, IReadOnlyList<string>? customerNames,
        IReadOnlyList<string>? supplierNames, string? stakeholder, CatalogueStore catalogue, CancellationToken ct)
    {
        var errors = new List<(string, string)>();
        var roles = new HashSet<Role>();
        foreach (var text in roleNames ?? [])
        {
            if (AccessPolicy.ParseRole(text) is { } role)
            {
                roles.Add(role);
            }
            else
            {
                errors.Add(("roles", $"'{text}' is not a role: expected {string.Join(", ", Enum.GetNames<Role>().Where(r => r != nameof(Role.Ingest)))}."));
            }
        }
        var customers = (customerNames ?? []).Select(c => c.Trim()).ToHashSet(StringComparer.Ordinal);
        var suppliers = (supplierNames ?? []).Select(s => s.Trim()).ToHashSet(StringComparer.Ordinal);
        foreach (var (field, kind, names) in new[] { ("customers", ResourceKind.Customer, customers), ("suppliers", ResourceKind.Supplier, suppliers) })
        {
            if (names.Count > 100)
            {
                errors.Add((field, "at most 100 records."));
                continue;
            }
            foreach (var record in names)
            {
                if (await catalogue.GetAsync(kind, record, ct).ConfigureAwait(false) is null)
                {
                    errors.Add((field, $"'{(record.Length > 63 ? record[..63] + "…" : record)}' is not a {kind.ToString().ToLowerInvariant()} record."));
                }
            }
        }
        var linked = stakeholder is { Length: > 0 } s ? s.Trim() : null;
        if (linked is not null && await catalogue.GetAsync(ResourceKind.Stakeholder, linked, ct).ConfigureAwait(false) is null)
        {
            errors.Add(("stakeholder", $"'{(linked.Length > 63 ? linked[..63] + "…" : linked)}' is not a stakeholder record."));
        }
        var grant = new UserGrant(roles, customers, suppliers, linked);
        if (errors.Count == 0)
        {
            errors.AddRange(AccessPolicy.UserGrantProblems(roles, customers, suppliers));
        }
        return (grant, errors);
    }

    private static async Task<IResult> SignIn([FromForm] SignInForm form, HttpContext http, UserAccounts accounts, AccessStore access,
        Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
        {
            return Results.Redirect("/sign-in?error=expired");
        }
        var back = LocalUrl(form.ReturnUrl);
        var (outcome, user) = await accounts.CheckPasswordAsync(form.UserName?.Trim() ?? string.Empty, form.Password ?? string.Empty, Caller.Address(http), ct).ConfigureAwait(false);
        if (outcome != PasswordCheck.Ok || user is null)
        {
            // One answer for a wrong name, a wrong password, a locked or disabled account: nothing tells which.
            return Results.Redirect("/sign-in?error=failed" + (back is null ? string.Empty : "&returnUrl=" + Uri.EscapeDataString(back)));
        }
        await http.SignInAsync(AccessSetup.CookieScheme, AccessSetup.SessionOf(user)).ConfigureAwait(false);
        return Results.Redirect(back ?? Landing(AccessStore.PrincipalOf(user)));
    }

    private static async Task<IResult> SignOut(HttpContext http, AccessStore access, IClock clock, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
        {
            return Results.Redirect("/");
        }
        var me = Caller.Required(http);
        await http.SignOutAsync(AccessSetup.CookieScheme).ConfigureAwait(false);
        await access.RecordAsync(SecurityEvent.SignOut, me.Name, me.Name, null, Caller.Address(http), clock.GetCurrentInstant(), ct).ConfigureAwait(false);
        return Results.Redirect("/sign-in?signedOut=1");
    }

    private static IResult Forbidden(Permission permission, string what) =>
        HttpExchange.Problem(StatusCodes.Status403Forbidden, "You do not have the permission this needs.", $"{what} needs the permission {permission}.",
            new Dictionary<string, object?> { ["permission"] = permission.ToString() });
}

/// <summary>The sign-in form's fields.</summary>
public sealed class SignInForm
{
    /// <summary>The user name.</summary>
    public string? UserName { get; set; }

    /// <summary>The password.</summary>
    public string? Password { get; set; }

    /// <summary>Where to go after.</summary>
    public string? ReturnUrl { get; set; }
}
