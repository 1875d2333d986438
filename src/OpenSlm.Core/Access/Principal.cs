using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;

namespace OpenSlm.Core.Access;

/// <summary>Whether a caller signed in as a person or presented an API token.</summary>
public enum PrincipalKind
{
    /// <summary>A person, signed in with a password or by single sign-on.</summary>
    User,

    /// <summary>An API token, on behalf of the user who created it.</summary>
    Token,
}

/// <summary>
/// Who is calling, as resolved for each request from the store (never from what the client claims): the roles held and
/// the records they are limited to. Every decision about a record is one of these methods, so it is made the same way
/// by the API, the UI and the CLI, and tested here without a server.
/// </summary>
public sealed record Principal
{
    /// <summary>User or token.</summary>
    public required PrincipalKind Kind { get; init; }

    /// <summary>The user's id, or the token's id.</summary>
    public required string Id { get; init; }

    /// <summary>The id of the user acted for: the user's own, or the one a token acts for.</summary>
    public string UserId { get; init; } = string.Empty;

    /// <summary>The name the audit records: the user name, or "USER (token #ID)".</summary>
    public required string Name { get; init; }

    /// <summary>The roles held.</summary>
    public IReadOnlySet<Role> Roles { get; init; } = new HashSet<Role>();

    /// <summary>The customer records a <see cref="Role.Customer"/> acts for.</summary>
    public IReadOnlySet<string> Customers { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The supplier records a <see cref="Role.Supplier"/> acts for.</summary>
    public IReadOnlySet<string> Suppliers { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The stakeholder record this person is (their RACI roles, their services as an owner), if linked.</summary>
    public string? Stakeholder { get; init; }

    /// <summary>A token's ingest scope: the indicators it may post to ("*" for all); empty for none.</summary>
    public IReadOnlySet<string> Indicators { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>A token's ingest scope: whether it may post ticket updates (they run the clocks of every ticket policy, so this is all or nothing).</summary>
    public bool Tickets { get; init; }

    /// <summary>Whether any role held grants <paramref name="permission"/>, for some records at least.</summary>
    public bool Has(Permission permission) => Roles.Any(r => AccessPolicy.Grants(r, permission));

    /// <summary>Whether a role held grants <paramref name="permission"/> over every record.</summary>
    public bool HasUnlimited(Permission permission) => Roles.Any(r => AccessPolicy.Unlimited(r, permission));

    /// <summary>Whether this caller reads internal data (the whole catalogue); customers and suppliers do not.</summary>
    public bool ReadsInternal => Has(Permission.ReadCatalogue);

    /// <summary>Whether the caller may see <paramref name="agreement"/>: an internal reader, or the customer or supplier it is made with.</summary>
    public bool CanRead(AgreementSpec agreement)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        return ReadsInternal || IsPartyTo(agreement);
    }

    /// <summary>Whether the caller is a customer or supplier this agreement is made with.</summary>
    public bool IsPartyTo(AgreementSpec agreement)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        return (Roles.Contains(Role.Customer) && agreement.Customer is { } customer && Customers.Contains(customer))
            || (Roles.Contains(Role.Supplier) && agreement.Supplier is { } supplier && Suppliers.Contains(supplier));
    }

    /// <summary>Whether a customer report of <paramref name="customer"/> is the caller's to read.</summary>
    public bool CanReadCustomer(string customer) =>
        ReadsInternal || (Roles.Contains(Role.Customer) && Customers.Contains(customer));

    /// <summary>Whether the linked stakeholder owns <paramref name="service"/>: its owner, or Responsible or Accountable for it.</summary>
    public bool Owns(ServiceSpec service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return Stakeholder is { } me && (service.Owner == me
            || service.Stakeholders.Any(s => s.Stakeholder == me && s.Role is RaciRole.Responsible or RaciRole.Accountable));
    }

    /// <summary>
    /// Whether <paramref name="permission"/> reaches a record of the services <paramref name="services"/> (the service an
    /// indicator measures, or the services an agreement covers): held over every record, or through owning one of them.
    /// </summary>
    public bool HasFor(Permission permission, IEnumerable<ServiceSpec> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return HasUnlimited(permission)
            || (Roles.Contains(Role.ServiceOwner) && AccessPolicy.Grants(Role.ServiceOwner, permission) && services.Any(Owns));
    }

    /// <summary>
    /// Whether the caller may post measurements or outages to <paramref name="indicator"/>, measuring
    /// <paramref name="service"/> (null when the indicator names none): unlimited, its service's owner, or a token
    /// whose scope names it.
    /// </summary>
    public bool CanRecordFor(string indicator, ServiceSpec? service) =>
        HasFor(Permission.RecordMeasurements, service is null ? [] : [service])
        || (Roles.Contains(Role.Ingest) && (Indicators.Contains("*") || Indicators.Contains(indicator)));

    /// <summary>Whether the caller may post ticket updates: unlimited, or a token whose scope includes tickets.</summary>
    public bool CanRecordTickets => HasUnlimited(Permission.RecordMeasurements) || (Roles.Contains(Role.Ingest) && Tickets);

    /// <summary>The first permission of <paramref name="needed"/> the caller lacks entirely, or null when it holds one.</summary>
    public static Permission? Missing(Principal? principal, Permission needed) =>
        principal is not null && principal.Has(needed) ? null : needed;
}
