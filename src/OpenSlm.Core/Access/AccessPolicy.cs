using System.Collections.Frozen;

namespace OpenSlm.Core.Access;

/// <summary>
/// The one table of what each role may do. docs/security.md prints it and the authorization matrix test checks every
/// route against it; nothing else decides whether a role holds a permission.
/// </summary>
public static class AccessPolicy
{
    private static readonly FrozenDictionary<Role, FrozenSet<Permission>> Table = new Dictionary<Role, FrozenSet<Permission>>
    {
        [Role.Admin] = Set(Permission.ReadCatalogue, Permission.ManageAccess),
        [Role.ServiceLevelManager] = Set(Permission.ReadCatalogue, Permission.EditCatalogue, Permission.EditOwnServices, Permission.RecordMeasurements,
            Permission.HandleAlerts, Permission.RunJobs),
        [Role.ServiceOwner] = Set(Permission.ReadCatalogue, Permission.EditOwnServices, Permission.RecordMeasurements, Permission.HandleAlerts),
        [Role.Viewer] = Set(Permission.ReadCatalogue),
        [Role.Customer] = Set(Permission.ReadOwnAgreements),
        [Role.Supplier] = Set(Permission.ReadOwnAgreements),
        [Role.Ingest] = Set(Permission.RecordMeasurements),
    }.ToFrozenDictionary();

    /// <summary>The roles a token may carry that a person may not sign in with.</summary>
    public static IReadOnlySet<Role> TokenOnly { get; } = Set(Role.Ingest);

    /// <summary>Whether <paramref name="role"/> holds <paramref name="permission"/> (before any scope limits it).</summary>
    public static bool Grants(Role role, Permission permission) => Table[role].Contains(permission);

    /// <summary>The permissions <paramref name="role"/> holds.</summary>
    public static IReadOnlySet<Permission> PermissionsOf(Role role) => Table[role];

    /// <summary>
    /// Whether a permission, held through <paramref name="role"/>, reaches every record (true) or only those in the
    /// caller's scope: a service owner's own services, a customer's or supplier's own agreements, a token's indicators.
    /// </summary>
    public static bool Unlimited(Role role, Permission permission) => (role, permission) switch
    {
        (Role.ServiceOwner, Permission.EditOwnServices or Permission.RecordMeasurements or Permission.HandleAlerts) => false,
        (Role.Customer or Role.Supplier, _) => false,
        (Role.Ingest, _) => false,
        _ => Grants(role, permission),
    };

    /// <summary>A role's name as written in configuration and on the command line (any case), or null.</summary>
    public static Role? ParseRole(string text) =>
        Enum.TryParse<Role>(text.Trim(), ignoreCase: true, out var role) && Enum.IsDefined(role) ? role : null;

    private static FrozenSet<T> Set<T>(params T[] items) => items.ToFrozenSet();
}
