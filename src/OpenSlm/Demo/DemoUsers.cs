using OpenSlm.Core.Access;
using OpenSlm.Storage.Access;

namespace OpenSlm.Demo;

/// <summary>
/// The demo's people, one for each role, so that <c>slm serve --demo</c> shows every view: made only on a store with no
/// user at all, all with the same published password (a demo is not for real data).
/// </summary>
public static class DemoUsers
{
    /// <summary>The demo password, printed at start.</summary>
    public const string Password = "openslm-demo";

    /// <summary>The users: name, roles, customer, supplier, stakeholder, and what they show.</summary>
    public static IReadOnlyList<(string Name, Role Role, string? Customer, string? Supplier, string? Stakeholder, string Shows)> All { get; } =
    [
        ("admin", Role.Admin, null, null, null, "users, tokens and the security log"),
        ("manager", Role.ServiceLevelManager, null, null, "amara-okafor", "everything, and changes it"),
        ("owner", Role.ServiceOwner, null, null, "tom-reilly", "the services Tom Reilly owns"),
        ("viewer", Role.Viewer, null, null, null, "everything, read only"),
        ("customer", Role.Customer, "online-retail", null, "dan-whitaker", "the portal of Online Retail, signing off as Dan Whitaker"),
        ("supplier", Role.Supplier, null, "nimbus-cloud", "gareth-jones", "the contracts of Nimbus Cloud Hosting, signing off as Gareth Jones"),
    ];

    /// <summary>Creates the demo users; what to print about them.</summary>
    public static async Task<string> CreateAsync(UserAccounts accounts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        foreach (var (name, role, customer, supplier, stakeholder, _) in All)
        {
            var grant = new UserGrant(new HashSet<Role> { role }, customer is null ? new HashSet<string>() : new HashSet<string> { customer },
                supplier is null ? new HashSet<string>() : new HashSet<string> { supplier }, stakeholder);
            var (user, errors) = await accounts.AddAsync(name, Password, grant, null, null, "demo", null, ct: ct).ConfigureAwait(false);
            if (user is null)
            {
                throw new InvalidOperationException($"The demo user {name} was refused: {string.Join("; ", errors.Select(e => e.Message))}");
            }
        }
        return $"Demo users, each with the password '{Password}': " + string.Join("; ", All.Select(u => $"{u.Name} ({u.Shows})")) + ".";
    }
}
