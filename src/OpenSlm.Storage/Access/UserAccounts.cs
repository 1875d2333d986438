using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenSlm.Core.Access;
using OpenSlm.Storage.Entities;

namespace OpenSlm.Storage.Access;

/// <summary>What a user is given: roles, the records a customer or supplier acts for, the stakeholder they are.</summary>
public sealed record UserGrant(IReadOnlySet<Role> Roles, IReadOnlySet<string> Customers, IReadOnlySet<string> Suppliers, string? Stakeholder);

/// <summary>A user as listed (never the password hash).</summary>
public sealed record UserRecord(string Id, string UserName, string? DisplayName, string? Email, UserGrant Grant, bool Disabled, string Source,
    Instant CreatedAt, Instant? LastSignInAt, DateTimeOffset? LockedOutUntil);

/// <summary>How a password sign-in went. Unknown and wrong are told apart only in the security log, never to the client.</summary>
public enum PasswordCheck
{
    /// <summary>Signed in.</summary>
    Ok,

    /// <summary>No such user, or the wrong password.</summary>
    Failed,

    /// <summary>Locked out after repeated failures.</summary>
    LockedOut,

    /// <summary>The account is disabled (or signs in only by single sign-on).</summary>
    Disabled,
}

/// <summary>Why a single sign-on was refused although the identity provider vouched for the person.</summary>
public enum SsoRefusal
{
    /// <summary>A local user of that name exists and is not linked to the provider's subject.</summary>
    NameTaken,

    /// <summary>The provider's name is not one OpenSLM accepts as a user name.</summary>
    BadName,

    /// <summary>The OpenSLM account is disabled.</summary>
    Disabled,

    /// <summary>None of the person's groups maps to a role.</summary>
    NoRole,
}

/// <summary>
/// Local accounts through ASP.NET Core Identity's <see cref="UserManager{TUser}"/> (its password hashing, lockout and
/// security stamp), with every change written to the security log under the identity that made it.
/// </summary>
public sealed class UserAccounts(UserManager<UserEntity> users, AccessStore access, IClock clock)
{
    /// <summary>Failed sign-ins before a lockout.</summary>
    public const int MaxFailedSignIns = 5;

    /// <summary>How long a lockout lasts.</summary>
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

    /// <summary>The shortest password accepted (length is what makes a password strong; no composition rules).</summary>
    public const int MinPasswordLength = 12;

    /// <summary>The longest password read: a longer one is refused before any hashing, so a huge one costs nothing.</summary>
    public const int MaxPasswordLength = 1000;

    /// <summary>Registers Identity's user manager on OpenSLM's database with OpenSLM's password and lockout rules, and this class.</summary>
    public static IServiceCollection Register(IServiceCollection services)
    {
        services.AddIdentityCore<UserEntity>(o =>
        {
            o.Password.RequiredLength = MinPasswordLength;
            o.Password.RequireDigit = false;
            o.Password.RequireLowercase = false;
            o.Password.RequireUppercase = false;
            o.Password.RequireNonAlphanumeric = false;
            o.Password.RequiredUniqueChars = 4;
            o.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
            o.Lockout.DefaultLockoutTimeSpan = LockoutTime;
            o.Lockout.AllowedForNewUsers = true;
            o.User.RequireUniqueEmail = false;
            o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";
        }).AddEntityFrameworkStores<SlmDbContext>();
        services.AddScoped<UserAccounts>();
        return services;
    }

    /// <summary>Creates a local user (<paramref name="password"/> null: one who signs in by single sign-on only, or has a password set later).</summary>
    public async Task<(UserRecord? User, IReadOnlyList<(string Field, string Message)> Errors)> AddAsync(string userName, string? password, UserGrant grant,
        string? email, string? displayName, string actor, string? address, string source = "local", CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var errors = AccessPolicy.UserGrantProblems(grant.Roles, grant.Customers, grant.Suppliers).ToList();
        if (await users.FindByNameAsync(userName).ConfigureAwait(false) is not null)
        {
            errors.Add(("name", $"'{userName}' is taken: another user has that name."));
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var now = clock.GetCurrentInstant();
        var user = new UserEntity
        {
            UserName = userName,
            Email = email,
            DisplayName = displayName,
            CreatedAt = now,
            Source = source,
        };
        Apply(user, grant);
        var created = password is null ? await users.CreateAsync(user).ConfigureAwait(false) : await users.CreateAsync(user, password).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return (null, Errors(created));
        }
        await access.RecordAsync(SecurityEvent.UserCreated, actor, userName, Describe(grant), address, now, ct).ConfigureAwait(false);
        return (Record(user), []);
    }

    /// <summary>All users, by name.</summary>
    public async Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken ct = default) =>
        [.. (await users.Users.AsNoTracking().OrderBy(u => u.NormalizedUserName).ToListAsync(ct).ConfigureAwait(false)).Select(Record)];

    /// <summary>One user as listed, by name, or null.</summary>
    public async Task<UserRecord?> GetAsync(string userName) => await users.FindByNameAsync(userName).ConfigureAwait(false) is { } user ? Record(user) : null;

    /// <summary>One user by name, or null.</summary>
    public async Task<UserEntity?> FindAsync(string userName) => await users.FindByNameAsync(userName).ConfigureAwait(false);

    /// <summary>One user by id, or null.</summary>
    public async Task<UserEntity?> FindByIdAsync(string id) => await users.FindByIdAsync(id).ConfigureAwait(false);

    /// <summary>Replaces what a user is given; the log keeps the grant before and after.</summary>
    public async Task<IReadOnlyList<(string Field, string Message)>> SetGrantAsync(UserEntity user, UserGrant grant, string actor, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(grant);
        var errors = AccessPolicy.UserGrantProblems(grant.Roles, grant.Customers, grant.Suppliers);
        if (errors.Count > 0)
        {
            return errors;
        }
        var before = Describe(GrantOf(user));
        Apply(user, grant);
        var updated = await users.UpdateAsync(user).ConfigureAwait(false);
        if (!updated.Succeeded)
        {
            return Errors(updated);
        }
        var after = Describe(grant);
        if (before != after)
        {
            await access.RecordAsync(SecurityEvent.RolesChanged, actor, user.UserName, $"{before} → {after}", address, clock.GetCurrentInstant(), ct).ConfigureAwait(false);
        }
        return [];
    }

    /// <summary>Disables or enables a user. Disabling signs them out everywhere (a new security stamp) and stops their tokens.</summary>
    public async Task SetDisabledAsync(UserEntity user, bool disabled, string actor, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Disabled == disabled)
        {
            return;
        }
        user.Disabled = disabled;
        await users.UpdateAsync(user).ConfigureAwait(false);
        if (disabled)
        {
            await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        }
        await access.RecordAsync(disabled ? SecurityEvent.UserDisabled : SecurityEvent.UserEnabled, actor, user.UserName, null, address, clock.GetCurrentInstant(), ct).ConfigureAwait(false);
    }

    /// <summary>Sets a new password (an admin's reset): other sessions end, a lockout is lifted.</summary>
    public async Task<IReadOnlyList<(string Field, string Message)>> ResetPasswordAsync(UserEntity user, string password, string actor, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        foreach (var validator in users.PasswordValidators)
        {
            var valid = await validator.ValidateAsync(users, user, password).ConfigureAwait(false);
            if (!valid.Succeeded)
            {
                return Errors(valid);
            }
        }
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        // A new stamp ends every session signed in with the old password.
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        await users.SetLockoutEndDateAsync(user, null).ConfigureAwait(false);
        await users.ResetAccessFailedCountAsync(user).ConfigureAwait(false);
        await access.RecordAsync(SecurityEvent.PasswordReset, actor, user.UserName, null, address, clock.GetCurrentInstant(), ct).ConfigureAwait(false);
        return [];
    }

    /// <summary>
    /// Checks a password sign-in, counting failures toward a lockout, and logs the outcome (the log says whether the
    /// name exists; the caller tells the client nothing of it).
    /// </summary>
    public async Task<(PasswordCheck Outcome, UserEntity? User)> CheckPasswordAsync(string userName, string password, string? address, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var user = userName.Length is > 0 and <= 256 ? await users.FindByNameAsync(userName).ConfigureAwait(false) : null;
        if (password.Length > MaxPasswordLength)
        {
            await access.RecordAsync(SecurityEvent.SignInFailed, Shown(userName), user?.UserName, $"a password over {MaxPasswordLength} characters", address, now, ct).ConfigureAwait(false);
            return (PasswordCheck.Failed, null);
        }
        if (user is null)
        {
            // The same work as for a real user, so the answer's timing does not tell whether the name exists.
            users.PasswordHasher.VerifyHashedPassword(new UserEntity(), DummyHash.Value, password);
            await access.RecordAsync(SecurityEvent.SignInFailed, Shown(userName), null, "no such user", address, now, ct).ConfigureAwait(false);
            return (PasswordCheck.Failed, null);
        }
        if (await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            await access.RecordAsync(SecurityEvent.SignInFailed, user.UserName!, user.UserName, "locked out", address, now, ct).ConfigureAwait(false);
            return (PasswordCheck.LockedOut, null);
        }
        if (!await users.CheckPasswordAsync(user, password).ConfigureAwait(false))
        {
            await users.AccessFailedAsync(user).ConfigureAwait(false);
            var locked = await users.IsLockedOutAsync(user).ConfigureAwait(false);
            await access.RecordAsync(SecurityEvent.SignInFailed, user.UserName!, user.UserName, locked ? "wrong password; now locked out" : "wrong password", address, now, ct).ConfigureAwait(false);
            return (locked ? PasswordCheck.LockedOut : PasswordCheck.Failed, null);
        }
        if (user.Disabled)
        {
            await access.RecordAsync(SecurityEvent.SignInFailed, user.UserName!, user.UserName, "disabled", address, now, ct).ConfigureAwait(false);
            return (PasswordCheck.Disabled, null);
        }
        await users.ResetAccessFailedCountAsync(user).ConfigureAwait(false);
        user.LastSignInAt = now;
        await users.UpdateAsync(user).ConfigureAwait(false);
        await access.RecordAsync(SecurityEvent.SignIn, user.UserName!, user.UserName, "password", address, now, ct).ConfigureAwait(false);
        return (PasswordCheck.Ok, user);
    }

    /// <summary>
    /// The user a single sign-on stands for: found by the provider's subject, else created, with the grant the
    /// provider's groups map to (replaced at every sign-in; a change is logged). Null when that user is disabled.
    /// </summary>
    public async Task<(UserEntity? User, SsoRefusal? Refusal)> SignInExternalAsync(string provider, string subject, string userName, string? email, string? displayName,
        UserGrant grant, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var now = clock.GetCurrentInstant();
        var user = await users.FindByLoginAsync(provider, subject).ConfigureAwait(false);
        if (user is null)
        {
            if (await users.FindByNameAsync(userName).ConfigureAwait(false) is { } clash)
            {
                // Never take over a local account by naming it at the provider: the link is made by the subject only.
                await access.RecordAsync(SecurityEvent.SignInFailed, userName, userName, $"single sign-on as {subject}: a {clash.Source} user of that name exists and is not linked to it", address, now, ct).ConfigureAwait(false);
                return (null, SsoRefusal.NameTaken);
            }
            user = new UserEntity { UserName = userName, Email = email, DisplayName = displayName, CreatedAt = now, Source = "sso" };
            Apply(user, grant);
            var created = await users.CreateAsync(user).ConfigureAwait(false);
            if (!created.Succeeded)
            {
                await access.RecordAsync(SecurityEvent.SignInFailed, userName, userName, "single sign-on: " + string.Join(" ", created.Errors.Select(e => e.Description)), address, now, ct).ConfigureAwait(false);
                return (null, SsoRefusal.BadName);
            }
            await users.AddLoginAsync(user, new UserLoginInfo(provider, subject, provider)).ConfigureAwait(false);
            await access.RecordAsync(SecurityEvent.UserCreated, "sso:" + provider, userName, Describe(grant), address, now, ct).ConfigureAwait(false);
        }
        else if (Describe(GrantOf(user)) != Describe(grant))
        {
            var before = Describe(GrantOf(user));
            Apply(user, grant);
            await access.RecordAsync(SecurityEvent.RolesChanged, "sso:" + provider, user.UserName, $"{before} → {Describe(grant)}", address, now, ct).ConfigureAwait(false);
        }
        if (user.Disabled)
        {
            await users.UpdateAsync(user).ConfigureAwait(false);
            await access.RecordAsync(SecurityEvent.SignInFailed, user.UserName!, user.UserName, "single sign-on: disabled", address, now, ct).ConfigureAwait(false);
            return (null, SsoRefusal.Disabled);
        }
        if (grant.Roles.Count == 0)
        {
            await users.UpdateAsync(user).ConfigureAwait(false);
            await access.RecordAsync(SecurityEvent.SignInFailed, user.UserName!, user.UserName, "single sign-on: no group of theirs maps to a role", address, now, ct).ConfigureAwait(false);
            return (null, SsoRefusal.NoRole);
        }
        user.LastSignInAt = now;
        user.Email = email ?? user.Email;
        user.DisplayName = displayName ?? user.DisplayName;
        await users.UpdateAsync(user).ConfigureAwait(false);
        await access.RecordAsync(SecurityEvent.SignIn, user.UserName!, user.UserName, "single sign-on: " + provider, address, now, ct).ConfigureAwait(false);
        return (user, null);
    }

    /// <summary>What a user record grants.</summary>
    public static UserGrant GrantOf(UserEntity user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(AccessStore.Roles(user.Roles), AccessStore.Names(user.Customers), AccessStore.Names(user.Suppliers), user.Stakeholder);
    }

    /// <summary>A grant in one line, as the log and the CLI show it.</summary>
    public static string Describe(UserGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var text = string.Join(", ", grant.Roles.Order());
        if (grant.Customers.Count > 0)
        {
            text += $"; customers {string.Join(", ", grant.Customers.Order(StringComparer.Ordinal))}";
        }
        if (grant.Suppliers.Count > 0)
        {
            text += $"; suppliers {string.Join(", ", grant.Suppliers.Order(StringComparer.Ordinal))}";
        }
        if (grant.Stakeholder is not null)
        {
            text += $"; stakeholder {grant.Stakeholder}";
        }
        return text.Length == 0 ? "no roles" : text;
    }

    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<UserEntity>().HashPassword(new UserEntity(), "not a password of anyone's"));

    private static string Shown(string name) => name.Length <= 64 ? name : name[..64] + "…";

    private static void Apply(UserEntity user, UserGrant grant)
    {
        user.Roles = string.Join(',', grant.Roles.Order());
        user.Customers = string.Join(',', grant.Customers.Order(StringComparer.Ordinal));
        user.Suppliers = string.Join(',', grant.Suppliers.Order(StringComparer.Ordinal));
        user.Stakeholder = grant.Stakeholder;
    }

    private static UserRecord Record(UserEntity u) => new(u.Id, u.UserName ?? u.Id, u.DisplayName, u.Email, GrantOf(u), u.Disabled, u.Source, u.CreatedAt, u.LastSignInAt,
        u.LockoutEnd is { } end && end > DateTimeOffset.UtcNow ? end : null);

    private static List<(string Field, string Message)> Errors(IdentityResult result) =>
        [.. result.Errors.Select(e => (e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : e.Code.Contains("UserName", StringComparison.Ordinal) ? "name" : "user", e.Description))];
}
