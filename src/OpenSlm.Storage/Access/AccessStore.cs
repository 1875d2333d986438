using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenSlm.Core.Access;
using OpenSlm.Storage.Entities;

namespace OpenSlm.Storage.Access;

/// <summary>What happened, as the security log names it.</summary>
public enum SecurityEvent
{
    /// <summary>A person signed in (password or single sign-on).</summary>
    SignIn,

    /// <summary>A person signed out.</summary>
    SignOut,

    /// <summary>A sign-in was refused: wrong password, unknown name, locked out, disabled.</summary>
    SignInFailed,

    /// <summary>A token was used (recorded at most once an hour for each token and address).</summary>
    TokenUsed,

    /// <summary>A token was refused: unknown, revoked, expired, its user disabled.</summary>
    TokenRefused,

    /// <summary>A token was created.</summary>
    TokenCreated,

    /// <summary>A token was revoked.</summary>
    TokenRevoked,

    /// <summary>A user was created.</summary>
    UserCreated,

    /// <summary>A user's roles, records or stakeholder changed.</summary>
    RolesChanged,

    /// <summary>A user was disabled.</summary>
    UserDisabled,

    /// <summary>A user was enabled again.</summary>
    UserEnabled,

    /// <summary>A user's password was set by someone else.</summary>
    PasswordReset,
}

/// <summary>One entry of the security log.</summary>
public sealed record SecurityLogEntry(long Id, Instant At, string Event, string Actor, string? Subject, string? Detail, string? Address);

/// <summary>A stored token as listed (never its secret).</summary>
public sealed record ApiTokenRecord(long Id, string Name, string UserName, string CreatedBy, IReadOnlyList<Role> Roles, IReadOnlyList<string> Indicators, bool Tickets,
    Instant CreatedAt, Instant ExpiresAt, Instant? LastUsedAt, Instant? RevokedAt, string? RevokedBy)
{
    /// <summary>Whether it works at <paramref name="now"/> (its user's state aside).</summary>
    public bool ActiveAt(Instant now) => RevokedAt is null && now < ExpiresAt;
}

/// <summary>What a new token is: its name, roles, an Ingest token's indicators and tickets, and how long it lives.</summary>
public sealed record TokenTerms(string Name, IReadOnlySet<Role> Roles, IReadOnlySet<string> Indicators, bool Tickets, Duration Life);

/// <summary>Why a presented token was refused.</summary>
public enum TokenRefusal
{
    /// <summary>Not a token of this server (unknown id, or a secret that does not match).</summary>
    Unknown,

    /// <summary>Revoked.</summary>
    Revoked,

    /// <summary>Past its expiry.</summary>
    Expired,

    /// <summary>Its user is disabled or gone.</summary>
    UserDisabled,
}

/// <summary>
/// Who is calling, read from the store on each request: users' grants, API tokens and the security log. Nothing a
/// client sends decides a role; a disabled user or a revoked token stops at the next request.
/// </summary>
public sealed class AccessStore(DatabaseTarget database)
{
    /// <summary>The longest a token may live.</summary>
    public static readonly Duration MaxTokenLife = Duration.FromDays(731);

    private static readonly Duration LastUsedResolution = Duration.FromMinutes(1);
    private static readonly Duration UseLogInterval = Duration.FromHours(1);

    /// <summary>Whether any user exists (a first start with none says how to create the first admin).</summary>
    public async Task<bool> AnyUserAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.Users.AnyAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The principal of a signed-in user, or null when the user is gone, disabled, or signed in before a security change (<paramref name="securityStamp"/> differs).</summary>
    public async Task<Principal?> UserPrincipalAsync(string userId, string? securityStamp, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct).ConfigureAwait(false);
        return user is null || user.Disabled || (securityStamp is not null && user.SecurityStamp != securityStamp) ? null : PrincipalOf(user);
    }

    /// <summary>A user's principal as their record grants it.</summary>
    public static Principal PrincipalOf(UserEntity user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new Principal
        {
            Kind = PrincipalKind.User,
            Id = user.Id,
            UserId = user.Id,
            Name = user.UserName ?? user.Id,
            Roles = Roles(user.Roles),
            Customers = Names(user.Customers),
            Suppliers = Names(user.Suppliers),
            Stakeholder = user.Stakeholder,
        };
    }

    /// <summary>
    /// The principal a presented token stands for at <paramref name="now"/>, or why it is refused. Its use is recorded:
    /// last use to the minute, a log entry at most once an hour for each address.
    /// </summary>
    public async Task<(Principal? Principal, TokenRefusal? Refusal, long? TokenId)> TokenPrincipalAsync(string text, Instant now, string? address, CancellationToken ct = default)
    {
        if (!ApiTokenText.TryParse(text, out var id, out var secret))
        {
            return (null, TokenRefusal.Unknown, null);
        }
        await using var db = database.CreateContext();
        // One round trip for the token and its user: this runs on every request a token makes.
        var found = await (from t in db.ApiTokens.AsNoTracking()
                           where t.Id == id
                           join u in db.Users.AsNoTracking() on t.UserId equals u.Id into users
                           from u in users.DefaultIfEmpty()
                           select new { Token = t, User = u }).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        var token = found?.Token;
        if (token is null || !ApiTokenText.Matches(secret, token.Hash))
        {
            return (null, TokenRefusal.Unknown, null);
        }
        var user = found!.User;
        TokenRefusal? refusal = token.RevokedAt is not null ? TokenRefusal.Revoked
            : now >= token.ExpiresAt ? TokenRefusal.Expired
            : user is null || user.Disabled ? TokenRefusal.UserDisabled
            : null;
        if (refusal is not null)
        {
            // Logged once an hour for each token and address: a client retrying a dead token cannot flood the log.
            await LogHourlyAsync(db, SecurityEvent.TokenRefused, $"#{id}", refusal.ToString(), address, now, ct).ConfigureAwait(false);
            return (null, refusal, id);
        }
        var owner = PrincipalOf(user!);
        var principal = new Principal
        {
            Kind = PrincipalKind.Token,
            Id = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            UserId = owner.UserId,
            Name = $"{owner.Name} (token #{id})",
            Roles = AccessPolicy.TokenRoles(Roles(token.Roles), owner.Roles),
            Customers = owner.Customers,
            Suppliers = owner.Suppliers,
            Stakeholder = owner.Stakeholder,
            Indicators = Names(token.Indicators),
            Tickets = token.Tickets,
        };
        if (token.LastUsedAt is not { } last || now - last >= LastUsedResolution)
        {
            await db.ApiTokens.Where(t => t.Id == id).ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, now), ct).ConfigureAwait(false);
            await LogHourlyAsync(db, SecurityEvent.TokenUsed, principal.Name, null, address, now, ct, subject: $"#{id}").ConfigureAwait(false);
        }
        return (principal, null, id);
    }

    /// <summary>Writes <paramref name="what"/> about a token unless the same event of the same token and address was written within the hour.</summary>
    private static async Task LogHourlyAsync(SlmDbContext db, SecurityEvent what, string actor, string? detail, string? address, Instant now, CancellationToken ct, string? subject = null)
    {
        subject ??= actor;
        var (name, since) = (what.ToString(), now - UseLogInterval);
        if (!await db.SecurityEvents.AnyAsync(e => e.Event == name && e.Subject == subject && e.Address == address && e.At > since, ct).ConfigureAwait(false))
        {
            db.SecurityEvents.Add(Entry(now, what, actor, subject, detail, address));
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Creates a token for <paramref name="user"/>; gives its text, shown once and never stored.</summary>
    public async Task<(string Text, ApiTokenRecord Token)> CreateTokenAsync(UserEntity user, TokenTerms terms, string createdBy, Instant now, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(terms);
        var (name, roles, indicators, tickets, expiresAt) = (terms.Name, terms.Roles, terms.Indicators, terms.Tickets, now + terms.Life);
        await using var db = database.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        var row = new ApiTokenEntity
        {
            Name = name,
            Hash = new string('0', 64),
            UserId = user.Id,
            CreatedBy = createdBy,
            Roles = string.Join(',', roles.Order()),
            Indicators = string.Join(',', indicators.Order(StringComparer.Ordinal)),
            Tickets = tickets,
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        var (text, hash) = ApiTokenText.Create(row.Id);
        row.Hash = hash;
        db.SecurityEvents.Add(Entry(now, SecurityEvent.TokenCreated, createdBy, $"#{row.Id}", $"'{name}' for {user.UserName}: {row.Roles}, expires {expiresAt}", address));
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return (text, Record(row, user.UserName ?? user.Id));
    }

    /// <summary>Tokens, newest first: all, or those of one user.</summary>
    public async Task<IReadOnlyList<ApiTokenRecord>> ListTokensAsync(string? userId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.ApiTokens.AsNoTracking().Where(t => userId == null || t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(ct).ConfigureAwait(false);
        var ids = rows.Select(r => r.UserId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName ?? u.Id, ct).ConfigureAwait(false);
        return [.. rows.Select(r => Record(r, names.GetValueOrDefault(r.UserId, r.UserId)))];
    }

    /// <summary>One token, with the id of the user it acts for; null when there is none.</summary>
    public async Task<(ApiTokenRecord Token, string UserId)?> FindTokenAsync(long id, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var row = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }
        var name = await db.Users.AsNoTracking().Where(u => u.Id == row.UserId).Select(u => u.UserName).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        return (Record(row, name ?? row.UserId), row.UserId);
    }

    /// <summary>Revokes a token; false when it does not exist. Revoking a revoked token changes nothing.</summary>
    public async Task<bool> RevokeTokenAsync(long id, string by, Instant now, string? address, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var row = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id, ct).ConfigureAwait(false);
        if (row is null)
        {
            return false;
        }
        if (row.RevokedAt is null)
        {
            row.RevokedAt = now;
            row.RevokedBy = by;
            db.SecurityEvents.Add(Entry(now, SecurityEvent.TokenRevoked, by, $"#{id}", $"'{row.Name}'", address));
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>Writes an entry to the security log.</summary>
    public async Task RecordAsync(SecurityEvent what, string actor, string? subject, string? detail, string? address, Instant now, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        db.SecurityEvents.Add(Entry(now, what, actor, subject, detail, address));
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The security log, newest first, a page at a time.</summary>
    public async Task<(IReadOnlyList<SecurityLogEntry> Items, int Total)> ListEventsAsync(int page, int size, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var total = await db.SecurityEvents.CountAsync(ct).ConfigureAwait(false);
        var rows = await db.SecurityEvents.AsNoTracking().OrderByDescending(e => e.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct).ConfigureAwait(false);
        return ([.. rows.Select(r => new SecurityLogEntry(r.Id, r.At, r.Event, r.Actor, r.Subject, r.Detail, r.Address))], total);
    }

    /// <summary>Reads a comma-separated list of role names (unknown names, from a later version, are left out).</summary>
    public static IReadOnlySet<Role> Roles(string text) =>
        Names(text).Select(AccessPolicy.ParseRole).OfType<Role>().ToHashSet();

    /// <summary>Reads a comma-separated list of names.</summary>
    public static IReadOnlySet<string> Names(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    internal static SecurityEventEntity Entry(Instant at, SecurityEvent what, string actor, string? subject, string? detail, string? address) => new()
    {
        At = at,
        Event = what.ToString(),
        Actor = Cut(actor, 256),
        Subject = subject is null ? null : Cut(subject, 256),
        Detail = detail is null ? null : Cut(detail, 2000),
        Address = address is null ? null : Cut(address, 64),
    };

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    private static ApiTokenRecord Record(ApiTokenEntity r, string userName) => new(
        r.Id, r.Name, userName, r.CreatedBy, [.. Roles(r.Roles).Order()], [.. Names(r.Indicators).Order(StringComparer.Ordinal)], r.Tickets,
        r.CreatedAt, r.ExpiresAt, r.LastUsedAt, r.RevokedAt, r.RevokedBy);
}
