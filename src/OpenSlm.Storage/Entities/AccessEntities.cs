using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace OpenSlm.Storage.Entities;

/// <summary>
/// A person who signs in: ASP.NET Core Identity's user (name, password hash, lockout, security stamp) with what OpenSLM
/// grants them. Roles and records are comma-separated names, read by <c>AccessStore</c>.
/// </summary>
public sealed class UserEntity : IdentityUser
{
    /// <summary>The name shown in the UI.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The roles held, comma-separated (<c>OpenSlm.Core.Access.Role</c> names).</summary>
    public string Roles { get; set; } = string.Empty;

    /// <summary>The customer records a Customer acts for, comma-separated.</summary>
    public string Customers { get; set; } = string.Empty;

    /// <summary>The supplier records a Supplier acts for, comma-separated.</summary>
    public string Suppliers { get; set; } = string.Empty;

    /// <summary>The stakeholder record this person is, if linked.</summary>
    public string? Stakeholder { get; set; }

    /// <summary>Whether the account is disabled: no sign-in, no token of theirs works.</summary>
    public bool Disabled { get; set; }

    /// <summary>Where the roles come from: "local" (set in OpenSLM) or "sso" (the identity provider's groups, at each sign-in).</summary>
    public string Source { get; set; } = "local";

    /// <summary>When the account was created.</summary>
    public Instant CreatedAt { get; set; }

    /// <summary>When the person last signed in.</summary>
    public Instant? LastSignInAt { get; set; }
}

/// <summary>An API token: its secret's hash (never the secret), what it may do, and its life.</summary>
public sealed class ApiTokenEntity
{
    /// <summary>The id, part of the token's text.</summary>
    public long Id { get; set; }

    /// <summary>What it is for ("ci apply", "prometheus pusher").</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>SHA-256 of the secret, hex.</summary>
    public string Hash { get; set; } = string.Empty;

    /// <summary>The user it acts for (and who created it, or for whom an admin created it).</summary>
    public string UserId { get; set; } = string.Empty;

    /// <summary>Who created it (user name).</summary>
    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>The roles it carries, comma-separated; at each use only those its user still holds count, and the user's customer and supplier records are its own.</summary>
    public string Roles { get; set; } = string.Empty;

    /// <summary>Indicators an Ingest token may post to, comma-separated ("*" for all).</summary>
    public string Indicators { get; set; } = string.Empty;

    /// <summary>Whether an Ingest token may post ticket updates.</summary>
    public bool Tickets { get; set; }

    /// <summary>When it was created.</summary>
    public Instant CreatedAt { get; set; }

    /// <summary>When it stops working.</summary>
    public Instant ExpiresAt { get; set; }

    /// <summary>When it was last used (updated at most once a minute).</summary>
    public Instant? LastUsedAt { get; set; }

    /// <summary>When it was revoked.</summary>
    public Instant? RevokedAt { get; set; }

    /// <summary>Who revoked it.</summary>
    public string? RevokedBy { get; set; }
}

/// <summary>One entry of the security log: sign-ins, failures, token use, changes to users, roles and tokens.</summary>
public sealed class SecurityEventEntity
{
    /// <summary>Surrogate key.</summary>
    public long Id { get; set; }

    /// <summary>When.</summary>
    public Instant At { get; set; }

    /// <summary>What happened (<c>OpenSlm.Storage.Access.SecurityEvent</c> names).</summary>
    public string Event { get; set; } = string.Empty;

    /// <summary>Who did it: a user name, a token, "cli:USER", or the name tried in a failed sign-in.</summary>
    public string Actor { get; set; } = string.Empty;

    /// <summary>What it was done to: a user name, a token id.</summary>
    public string? Subject { get; set; }

    /// <summary>Details: the roles before and after, the reason a sign-in failed.</summary>
    public string? Detail { get; set; }

    /// <summary>The client's address, when it came over HTTP.</summary>
    public string? Address { get; set; }
}
