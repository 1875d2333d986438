namespace OpenSlm.Core.Access;

/// <summary>
/// How an identity provider's groups (or any claim's values) become OpenSLM roles: entries <c>GROUP=ROLE</c>, or
/// <c>GROUP=Customer:NAME</c> / <c>GROUP=Supplier:NAME</c> for the customer or supplier record the group acts for.
/// Several entries may name the same group; a group no entry names grants nothing.
/// </summary>
public sealed class RoleMapping
{
    private readonly IReadOnlyList<Entry> _entries;

    private RoleMapping(IReadOnlyList<Entry> entries) => _entries = entries;

    /// <summary>The mapping that grants nothing.</summary>
    public static RoleMapping None { get; } = new([]);

    /// <summary>The entries, as read.</summary>
    public IReadOnlyList<Entry> Entries => _entries;

    /// <summary>Reads entries; the errors name each entry that is not <c>GROUP=ROLE</c> and what was expected.</summary>
    public static (RoleMapping Mapping, IReadOnlyList<string> Errors) Parse(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = new List<Entry>();
        var errors = new List<string>();
        foreach (var raw in entries.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var cut = raw.LastIndexOf('=');
            if (cut <= 0 || cut == raw.Length - 1)
            {
                errors.Add($"'{raw}' is not GROUP=ROLE (e.g. slm-admins=Admin, acme-staff=Customer:acme).");
                continue;
            }
            var group = raw[..cut].Trim();
            var target = raw[(cut + 1)..].Trim();
            var colon = target.IndexOf(':', StringComparison.Ordinal);
            var roleText = colon < 0 ? target : target[..colon];
            var scope = colon < 0 ? null : target[(colon + 1)..].Trim();
            if (AccessPolicy.ParseRole(roleText) is not { } role)
            {
                errors.Add($"'{raw}': '{roleText}' is not a role: expected {string.Join(", ", Enum.GetNames<Role>().Where(r => r != nameof(Role.Ingest)))}.");
                continue;
            }
            if (AccessPolicy.TokenOnly.Contains(role))
            {
                errors.Add($"'{raw}': {role} is for API tokens only; a person cannot sign in with it.");
                continue;
            }
            if (role is Role.Customer or Role.Supplier && string.IsNullOrEmpty(scope))
            {
                errors.Add($"'{raw}': a {role} role names the record it acts for, as {group}={role}:NAME.");
                continue;
            }
            if (role is not (Role.Customer or Role.Supplier) && scope is not null)
            {
                errors.Add($"'{raw}': only Customer and Supplier take a record name after ':'.");
                continue;
            }
            list.Add(new Entry(group, role, scope));
        }
        return (new RoleMapping(list), errors);
    }

    /// <summary>What a person in <paramref name="groups"/> holds.</summary>
    public Grant Resolve(IEnumerable<string> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var held = groups.ToHashSet(StringComparer.Ordinal);
        var matched = _entries.Where(e => held.Contains(e.Group)).ToList();
        return new Grant(
            matched.Select(e => e.Role).ToHashSet(),
            matched.Where(e => e.Role == Role.Customer).Select(e => e.Scope!).ToHashSet(StringComparer.Ordinal),
            matched.Where(e => e.Role == Role.Supplier).Select(e => e.Scope!).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>One entry: members of <paramref name="Group"/> hold <paramref name="Role"/> (for the record <paramref name="Scope"/>).</summary>
    public sealed record Entry(string Group, Role Role, string? Scope);

    /// <summary>The roles and records a set of groups grants.</summary>
    public sealed record Grant(IReadOnlySet<Role> Roles, IReadOnlySet<string> Customers, IReadOnlySet<string> Suppliers);
}
