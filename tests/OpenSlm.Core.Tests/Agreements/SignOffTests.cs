using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;

namespace OpenSlm.Core.Tests.Agreements;

/// <summary>Issue 18, finding 4: who signs a version off for each party, and what a decision may be.</summary>
public sealed class SignOffTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 12, 3, 10, 0);

    private static RoleAssignment[] Accountable(params string[] who) => [.. who.Select(w => new RoleAssignment { Stakeholder = w, Role = RaciRole.Accountable })];

    private static readonly AgreementSpec Sla = new() { Kind = AgreementKind.SLA, Customer = "acme", Services = ["web", "checkout"] };

    private static readonly ServiceSpec[] Services =
    [
        new() { Owner = "tom", Stakeholders = Accountable("tom") },
        new() { Owner = "lucy", Stakeholders = [new RoleAssignment { Stakeholder = "dan", Role = RaciRole.Consulted }] },
    ];

    private static IReadOnlyList<Signatory> SlaSignatories(params string[] customerAccountable) =>
        SignOff.Signatories(Sla, Services, new CustomerSpec { Stakeholders = Accountable(customerAccountable) }, null, _ => null);

    [Fact]
    public void An_sla_is_signed_by_its_services_owners_or_accountable_and_by_its_customers_accountable()
    {
        var parties = SlaSignatories("dan");
        Assert.Equal([Party.Provider, Party.Customer], parties.Select(p => p.Party));
        Assert.Equal(["tom", "lucy"], parties[0].Accountable);
        Assert.Equal(["dan"], parties[1].Accountable);
        Assert.Equal("acme", parties[1].Of);
    }

    [Fact]
    public void An_ola_is_signed_by_the_agreements_accountable_of_each_team_and_an_expectation_by_nobody()
    {
        var ola = new AgreementSpec { Kind = AgreementKind.OLA, Provider = "Platform", Consumer = "Retail", Services = ["web"], Stakeholders = Accountable("pia", "rob") };
        var teams = new Dictionary<string, string> { ["pia"] = "Platform", ["rob"] = "Retail" };
        var parties = SignOff.Signatories(ola, Services, null, null, s => teams.GetValueOrDefault(s));
        Assert.Equal([(Party.Provider, "pia"), (Party.Consumer, "rob")], parties.Select(p => (p.Party, p.Accountable.Single())));
        Assert.False(SignOff.Needed(AgreementKind.Expectation));
        Assert.Empty(SignOff.Signatories(new AgreementSpec { Kind = AgreementKind.Expectation }, [], null, null, _ => null));
    }

    [Fact]
    public void A_party_nobody_can_sign_for_stops_the_proposal_naming_the_party()
    {
        var why = SignOff.CannotPropose(2, SlaSignatories());
        Assert.Contains("nobody can sign it off for the customer acme", why, StringComparison.Ordinal);
        Assert.Null(SignOff.CannotPropose(2, SlaSignatories("dan")));
    }

    [Fact]
    public void Only_an_accountable_decides_once_for_a_party_and_rejects_with_a_reason()
    {
        var parties = SlaSignatories("dan");
        Assert.Contains("only a Proposed version", SignOff.Check(2, VersionStatus.Draft, parties, [], new SignOffRequest("dan", true)).Refusal, StringComparison.Ordinal);
        Assert.Contains("not linked to a stakeholder", SignOff.Check(2, VersionStatus.Proposed, parties, [], new SignOffRequest(null, true)).Refusal, StringComparison.Ordinal);
        Assert.Contains("eve is not the Accountable", SignOff.Check(2, VersionStatus.Proposed, parties, [], new SignOffRequest("eve", true)).Refusal, StringComparison.Ordinal);
        Assert.Equal(Party.Customer, SignOff.Check(2, VersionStatus.Proposed, parties, [], new SignOffRequest("dan", true)).Party);
        var noReason = SignOff.Check(2, VersionStatus.Proposed, parties, [], new SignOffRequest("dan", false, " "));
        Assert.Equal(("reason", (Party?)null), (noReason.Field, noReason.Party));

        Approval[] danApproved = [new(Party.Customer, "dan", true, null, "dan@acme.example", At)];
        Assert.Contains("already approved for the customer by dan", SignOff.Check(2, VersionStatus.Proposed, parties, danApproved, new SignOffRequest("dan", true)).Refusal, StringComparison.Ordinal);
        Assert.Equal([Party.Provider], SignOff.Pending(parties, danApproved).Select(p => p.Party));
        Assert.Empty(SignOff.Pending(parties, [.. danApproved, new(Party.Provider, "tom", true, null, "tom", At)]));
    }

    [Fact]
    public void One_person_never_signs_both_sides()
    {
        // dan is Accountable for a service and for the customer: having approved for one side, he cannot approve for the other.
        var services = new[] { new ServiceSpec { Owner = "tom", Stakeholders = Accountable("dan") } };
        var parties = SignOff.Signatories(Sla, services, new CustomerSpec { Stakeholders = Accountable("dan") }, null, _ => null);
        Approval[] first = [new(Party.Provider, "dan", true, null, "dan", At)];
        var (party, _, refusal) = SignOff.Check(2, VersionStatus.Proposed, parties, first, new SignOffRequest("dan", true));
        Assert.Null(party);
        Assert.Contains("each party signs by a different person", refusal, StringComparison.Ordinal);
        var asked = SignOff.Check(2, VersionStatus.Proposed, parties, [], new SignOffRequest("dan", true, AsParty: Party.Supplier));
        Assert.Equal("party", asked.Field);
        Assert.Contains("dan does not sign for the supplier", asked.Refusal, StringComparison.Ordinal);
        Assert.Equal(Party.Customer, SignOff.Check(2, VersionStatus.Proposed, parties, [], new SignOffRequest("dan", true, AsParty: Party.Customer)).Party);
    }
}
