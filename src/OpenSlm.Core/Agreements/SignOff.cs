using NodaTime;
using OpenSlm.Core.Catalogue;

namespace OpenSlm.Core.Agreements;

/// <summary>A side of an agreement that signs it off.</summary>
public enum Party
{
    /// <summary>The side that delivers the service: the Accountable of the agreement's services.</summary>
    Provider,

    /// <summary>The customer of an SLA: the Accountable of its customer record.</summary>
    Customer,

    /// <summary>The supplier of a UC: the Accountable of its supplier record.</summary>
    Supplier,

    /// <summary>The receiving team of an OLA: the agreement's Accountable stakeholders of that team.</summary>
    Consumer,
}

/// <summary>Who may sign a version off for one party.</summary>
/// <param name="Party">The party.</param>
/// <param name="Of">What the party is: the customer's or supplier's name, the team, or the services.</param>
/// <param name="Accountable">The stakeholders Accountable for it; any one of them signs for the party.</param>
public sealed record Signatory(Party Party, string Of, IReadOnlyList<string> Accountable);

/// <summary>One party's decision on a Proposed version: approved, or rejected with the reason.</summary>
public sealed record Approval(Party Party, string Stakeholder, bool Approved, string? Reason, string By, Instant At);

/// <summary>What a stakeholder asks to do with a Proposed version.</summary>
/// <param name="Stakeholder">The stakeholder the signed-in person is (null when their account is linked to none).</param>
/// <param name="Approve">Approve (true) or reject (false).</param>
/// <param name="Reason">Why; required to reject.</param>
/// <param name="AsParty">The party they sign for, when they are Accountable for more than one.</param>
public sealed record SignOffRequest(string? Stakeholder, bool Approve, string? Reason = null, Party? AsParty = null);

/// <summary>
/// Sign-off (issue 18, finding 4): an SLA, OLA or UC version becomes Agreed only when the Accountable of each party has
/// approved it; a rejection sends it back to Draft with the reason. An Expectation needs no sign-off. Pure: the parties'
/// Accountable stakeholders and the approvals so far are parameters.
/// </summary>
public static class SignOff
{
    /// <summary>The longest reason kept with a decision.</summary>
    public const int MaxReasonLength = 2000;

    /// <summary>The parties that sign off an agreement of <paramref name="kind"/>; none for an Expectation.</summary>
    public static IReadOnlyList<Party> PartiesOf(AgreementKind kind) => kind switch
    {
        AgreementKind.SLA => [Party.Provider, Party.Customer],
        AgreementKind.OLA => [Party.Provider, Party.Consumer],
        AgreementKind.UC => [Party.Provider, Party.Supplier],
        _ => [],
    };

    /// <summary>Whether a version of <paramref name="kind"/> needs its parties' approval to become Agreed.</summary>
    public static bool Needed(AgreementKind kind) => PartiesOf(kind).Count > 0;

    /// <summary>
    /// Who signs <paramref name="spec"/> off for each party. The provider: the owner and Accountable of its services (for an OLA,
    /// the agreement's own Accountable stakeholders of the provider team first). The customer and the supplier: the
    /// Accountable of their records. An OLA's consumer: the agreement's Accountable stakeholders of the consumer team.
    /// </summary>
    public static IReadOnlyList<Signatory> Signatories(
        AgreementSpec spec, IReadOnlyList<ServiceSpec> services, CustomerSpec? customer, SupplierSpec? supplier, Func<string, string?> teamOf)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(teamOf);
        var own = Accountable(spec.Stakeholders);
        List<string> OfTeam(string? team) => team is null ? [] : [.. own.Where(s => string.Equals(teamOf(s), team, StringComparison.OrdinalIgnoreCase))];
        var result = new List<Signatory>();
        foreach (var party in PartiesOf(spec.Kind))
        {
            result.Add(party switch
            {
                Party.Provider when spec.Kind == AgreementKind.OLA && OfTeam(spec.Provider) is { Count: > 0 } team => new Signatory(party, spec.Provider!, team),
                Party.Provider => new Signatory(party, string.Join(", ", spec.Services),
                    [.. services.SelectMany(s => (s.Owner is { } owner ? [owner] : Array.Empty<string>()).Concat(Accountable(s.Stakeholders))).Distinct(StringComparer.Ordinal)]),
                Party.Customer => new Signatory(party, spec.Customer ?? string.Empty, customer is null ? [] : Accountable(customer.Stakeholders)),
                Party.Supplier => new Signatory(party, spec.Supplier ?? string.Empty, supplier is null ? [] : Accountable(supplier.Stakeholders)),
                _ => new Signatory(party, spec.Consumer ?? string.Empty, OfTeam(spec.Consumer)),
            });
        }
        return result;
    }

    /// <summary>Why a version cannot be proposed for sign-off: a party nobody can sign for; null when every party has an Accountable.</summary>
    public static string? CannotPropose(int number, IReadOnlyList<Signatory> signatories)
    {
        ArgumentNullException.ThrowIfNull(signatories);
        var missing = signatories.Where(s => s.Accountable.Count == 0).ToList();
        return missing.Count == 0 ? null
            : $"version {number} cannot be proposed: nobody can sign it off for {string.Join(" or ", missing.Select(Describe))}. "
              + string.Join(" ", missing.Select(Remedy));
    }

    /// <summary>The parties that have not approved yet, given the decisions of the current proposal.</summary>
    public static IReadOnlyList<Signatory> Pending(IReadOnlyList<Signatory> signatories, IReadOnlyList<Approval> approvals)
    {
        ArgumentNullException.ThrowIfNull(signatories);
        ArgumentNullException.ThrowIfNull(approvals);
        return [.. signatories.Where(s => !approvals.Any(a => a.Party == s.Party && a.Approved))];
    }

    /// <summary>
    /// The party <paramref name="request"/> decides for on version <paramref name="number"/> (in <paramref name="status"/>),
    /// or why it may not: the version is not Proposed; the person is linked to no stakeholder, or is not the Accountable
    /// of a party still to approve; they already approved; a rejection gives no reason.
    /// </summary>
    public static (Party? Party, string Field, string? Refusal) Check(
        int number, VersionStatus status, IReadOnlyList<Signatory> signatories, IReadOnlyList<Approval> approvals, SignOffRequest request)
    {
        ArgumentNullException.ThrowIfNull(signatories);
        ArgumentNullException.ThrowIfNull(approvals);
        ArgumentNullException.ThrowIfNull(request);
        if (status != VersionStatus.Proposed)
        {
            return (null, string.Empty, $"version {number} is {status}: only a Proposed version is approved or rejected.");
        }
        if (request.Stakeholder is not { } who)
        {
            return (null, string.Empty, "your account is not linked to a stakeholder: only the Accountable of a party signs an agreement off (an administrator links an account with slm users grant NAME --stakeholder STAKEHOLDER).");
        }
        var mine = signatories.Where(s => s.Accountable.Contains(who, StringComparer.Ordinal)).ToList();
        if (mine.Count == 0)
        {
            return (null, string.Empty, $"{who} is not the Accountable of a party to this agreement: {string.Join("; ", signatories.Select(s => $"{Describe(s)} is signed off by {Names(s.Accountable)}"))}.");
        }
        if (request.AsParty is { } asked)
        {
            if (!mine.Any(s => s.Party == asked))
            {
                return (null, "party", $"{who} does not sign for the {asked.ToString().ToLowerInvariant()}: they sign for {string.Join(" and ", mine.Select(Describe))}.");
            }
            mine = [.. mine.Where(s => s.Party == asked)];
        }
        var open = mine.Where(s => !approvals.Any(a => a.Party == s.Party && a.Approved)).ToList();
        if (open.Count == 0)
        {
            var done = approvals.First(a => a.Approved && mine.Any(s => s.Party == a.Party));
            return (null, string.Empty, $"version {number} was already approved for the {done.Party.ToString().ToLowerInvariant()} by {done.Stakeholder} at {done.At}: a party approves once.");
        }
        // Both sides of an agreement are never signed by the same person: one who approved for a party does not approve for another.
        if (request.Approve && approvals.FirstOrDefault(a => a.Approved && string.Equals(a.Stakeholder, who, StringComparison.Ordinal)) is { } own)
        {
            return (null, string.Empty, $"{who} already approved version {number} for the {own.Party.ToString().ToLowerInvariant()}: each party signs by a different person, so {Describe(open[0])} is approved by {Names(open[0].Accountable.Where(s => s != who).ToList())}.");
        }
        if (!request.Approve && string.IsNullOrWhiteSpace(request.Reason))
        {
            return (null, "reason", "is required to reject: say what must change, so the version can be reworked as a Draft.");
        }
        if (request.Reason is { Length: > MaxReasonLength } text)
        {
            return (null, "reason", $"is {text.Length} characters long; at most {MaxReasonLength} are kept.");
        }
        return (open[0].Party, string.Empty, null);
    }

    /// <summary>A party in words: "customer online-retail".</summary>
    public static string Describe(Signatory s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Party switch
        {
            Party.Provider => $"the provider ({s.Of})",
            Party.Consumer => $"the consumer team {s.Of}",
            _ => $"the {s.Party.ToString().ToLowerInvariant()} {s.Of}",
        };
    }

    private static string Remedy(Signatory s) => s.Party switch
    {
        Party.Provider => "Give the agreement's services an Accountable stakeholder (the service owner).",
        Party.Customer => $"Give customer {s.Of} an Accountable stakeholder.",
        Party.Supplier => $"Give supplier {s.Of} an Accountable stakeholder.",
        _ => $"Add a stakeholder of team {s.Of} to the agreement as Accountable.",
    };

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "nobody yet" : string.Join(" or ", names);

    private static List<string> Accountable(IReadOnlyList<RoleAssignment> roles) =>
        [.. roles.Where(r => r.Role == RaciRole.Accountable).Select(r => r.Stakeholder).Distinct(StringComparer.Ordinal)];
}
