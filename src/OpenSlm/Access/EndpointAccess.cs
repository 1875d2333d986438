using OpenSlm.Core.Access;

namespace OpenSlm.Access;

/// <summary>
/// The permission an endpoint or page requires (<c>[Requires(Permission.X)]</c> on a page, <c>.Requires(X)</c> on a
/// route): its authorization policy, and the metadata the authorization matrix test and docs read.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresAttribute : Microsoft.AspNetCore.Authorization.AuthorizeAttribute
{
    /// <summary>Requires <paramref name="permission"/>.</summary>
    public RequiresAttribute(Permission permission)
        : base(EndpointAccess.PolicyOf(permission)) => Permission = permission;

    /// <summary>Requires only a signed-in identity.</summary>
    public RequiresAttribute()
        : base(EndpointAccess.SignedIn)
    {
    }

    /// <summary>The permission; null for "any signed-in identity".</summary>
    public Permission? Permission { get; }
}

/// <summary>Marks one of the few endpoints and pages open without an identity (sign-in, static assets): docs/security.md lists them.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class PublicAttribute(string why) : Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute
{
    /// <summary>Why it is open.</summary>
    public string Why { get; } = why;
}

/// <summary>How endpoints declare who may call them. Every endpoint does one of these; the matrix test fails one that does neither.</summary>
public static class EndpointAccess
{
    /// <summary>The policy that any resolved identity passes.</summary>
    public const string SignedIn = "signed-in";

    /// <summary>The authorization policy of a permission.</summary>
    public static string PolicyOf(Permission permission) => "permission:" + permission;

    /// <summary>Requires <paramref name="permission"/> (scope over records is then the handler's, through <see cref="Principal"/>).</summary>
    public static TBuilder Requires<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresAttribute(permission));

    /// <summary>Requires only that the caller is signed in or presents a valid token.</summary>
    public static TBuilder RequiresIdentity<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresAttribute());

    /// <summary>Open to anyone: only for the documented public endpoints.</summary>
    public static TBuilder Public<TBuilder>(this TBuilder builder, string why)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PublicAttribute(why));
}
