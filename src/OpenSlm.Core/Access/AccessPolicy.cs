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
        [Role.Admin] = Set(Permission.ReadCatalogue, Permission.ReadAgreements, Permission.OwnTokens, Permission.ManageAccess),
        [Role.ServiceLevelManager] = Set(Permission.ReadCatalogue, Permission.ReadAgreements, Permission.EditCatalogue, Permission.EditOwnServices,
            Permission.RecordMeasurements, Permission.HandleAlerts, Permission.RunJobs, Permission.OwnTokens),
        [Role.ServiceOwner] = Set(Permission.ReadCatalogue, Permission.ReadAgreements, Permission.EditOwnServices, Permission.RecordMeasurements,
            Permission.HandleAlerts, Permission.OwnTokens),
        [Role.Viewer] = Set(Permission.ReadCatalogue, Permission.ReadAgreements, Permission.OwnTokens),
        [Role.Customer] = Set(Permission.ReadAgreements, Permission.OwnTokens),
        [Role.Supplier] = Set(Permission.ReadAgreements, Permission.OwnTokens),
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
        (Role.Customer or Role.Supplier, Permission.ReadAgreements) => false,
        (Role.Ingest, _) => false,
        _ => Grants(role, permission),
    };

    /// <summary>A role's name as written in configuration and on the command line (any case), or null.</summary>
    public static Role? ParseRole(string text) =>
        Enum.TryParse<Role>(text.Trim(), ignoreCase: true, out var role) && Enum.IsDefined(role) ? role : null;

    /// <summary>
    /// What is wrong with giving a person <paramref name="roles"/> acting for <paramref name="customers"/> and
    /// <paramref name="suppliers"/>: each problem names the field (roles, customers, suppliers) and what was expected.
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> UserGrantProblems(IReadOnlySet<Role> roles, IReadOnlySet<string> customers, IReadOnlySet<string> suppliers)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(suppliers);
        var problems = new List<(string, string)>();
        if (roles.Count == 0)
        {
            problems.Add(("roles", $"name at least one role: {string.Join(", ", Enum.GetNames<Role>().Where(r => r != nameof(Role.Ingest)))}."));
        }
        foreach (var role in roles.Where(TokenOnly.Contains))
        {
            problems.Add(("roles", $"{role} is for API tokens only; a person cannot hold it."));
        }
        if (roles.Contains(Role.Customer) && customers.Count == 0)
        {
            problems.Add(("customers", "a Customer acts for at least one customer record: name it."));
        }
        if (!roles.Contains(Role.Customer) && customers.Count > 0)
        {
            problems.Add(("customers", "only a Customer acts for customer records: add the Customer role or leave customers out."));
        }
        if (roles.Contains(Role.Supplier) && suppliers.Count == 0)
        {
            problems.Add(("suppliers", "a Supplier acts for at least one supplier record: name it."));
        }
        if (!roles.Contains(Role.Supplier) && suppliers.Count > 0)
        {
            problems.Add(("suppliers", "only a Supplier acts for supplier records: add the Supplier role or leave suppliers out."));
        }
        if (roles.Overlaps([Role.Customer, Role.Supplier]) && roles.Any(r => PermissionsOf(r).Contains(Permission.ReadCatalogue)))
        {
            problems.Add(("roles", "a Customer or Supplier is an outside party and cannot also read internal data: give the outside party its own account."));
        }
        return problems;
    }

    /// <summary>
    /// The roles a token made with <paramref name="requested"/> carries while its user holds <paramref name="userRoles"/>:
    /// only roles the user holds, and Ingest while the user may record measurements or manage access.
    /// </summary>
    public static IReadOnlySet<Role> TokenRoles(IEnumerable<Role> requested, IReadOnlySet<Role> userRoles)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(userRoles);
        return requested.Where(r => userRoles.Contains(r)
            || (r == Role.Ingest && userRoles.Any(u => Grants(u, Permission.RecordMeasurements) || Grants(u, Permission.ManageAccess)))).ToHashSet();
    }

    private static FrozenSet<T> Set<T>(params T[] items) => items.ToFrozenSet();
}
