using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OpenSlm.Core.Access;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;

namespace OpenSlm.Core.Tests.Access;

/// <summary>Who may do what: the role table, scopes over records, token texts and the single-sign-on role mapping.</summary>
public sealed class AccessTests
{
    private static Principal As(params Role[] roles) => new()
    {
        Kind = PrincipalKind.User,
        Id = "u1",
        Name = "someone",
        Roles = roles.ToHashSet(),
    };

    private static readonly AgreementSpec AcmeSla = new() { Kind = AgreementKind.SLA, Customer = "acme", Services = ["shop"] };
    private static readonly AgreementSpec GlobexSla = new() { Kind = AgreementKind.SLA, Customer = "globex", Services = ["shop"] };
    private static readonly AgreementSpec CloudUc = new() { Kind = AgreementKind.UC, Supplier = "cloudco", Services = ["shop"] };

    [Fact]
    public void Customers_and_suppliers_read_only_what_they_are_party_to_and_nothing_internal()
    {
        var acme = As(Role.Customer) with { Customers = new HashSet<string> { "acme" } };
        Assert.True(acme.CanRead(AcmeSla));
        Assert.False(acme.CanRead(GlobexSla));
        Assert.False(acme.CanRead(CloudUc));
        Assert.False(acme.ReadsInternal);
        Assert.True(acme.CanReadCustomer("acme"));
        Assert.False(acme.CanReadCustomer("globex"));

        var cloud = As(Role.Supplier) with { Suppliers = new HashSet<string> { "cloudco" } };
        Assert.True(cloud.CanRead(CloudUc));
        Assert.False(cloud.CanRead(AcmeSla));

        // A customer scope without the role (a role removed, the records kept) grants nothing.
        var formerCustomer = As(Role.Ingest) with { Customers = new HashSet<string> { "acme" } };
        Assert.False(formerCustomer.CanRead(AcmeSla));
    }

    [Fact]
    public void Internal_readers_read_every_agreement_and_change_only_what_their_roles_allow()
    {
        foreach (var role in new[] { Role.Admin, Role.ServiceLevelManager, Role.ServiceOwner, Role.Viewer })
        {
            Assert.True(As(role).CanRead(GlobexSla), role.ToString());
        }
        Assert.True(As(Role.ServiceLevelManager).Has(Permission.EditCatalogue));
        Assert.False(As(Role.Admin).Has(Permission.EditCatalogue));
        Assert.False(As(Role.Viewer).Has(Permission.HandleAlerts));
        Assert.True(As(Role.Admin).Has(Permission.ManageAccess));
        Assert.False(As(Role.ServiceLevelManager).Has(Permission.ManageAccess));
        Assert.False(As().Has(Permission.ReadCatalogue));
    }

    [Fact]
    public void A_service_owner_changes_only_the_services_they_own_or_are_responsible_or_accountable_for()
    {
        var owner = As(Role.ServiceOwner) with { Stakeholder = "jo" };
        var owned = new ServiceSpec { Owner = "jo" };
        var accountable = new ServiceSpec { Owner = "kim", Stakeholders = [new RoleAssignment { Stakeholder = "jo", Role = RaciRole.Accountable }] };
        var informed = new ServiceSpec { Owner = "kim", Stakeholders = [new RoleAssignment { Stakeholder = "jo", Role = RaciRole.Informed }] };
        Assert.True(owner.HasFor(Permission.HandleAlerts, [owned]));
        Assert.True(owner.CanRecordFor("latency", accountable));
        Assert.False(owner.CanRecordFor("latency", informed));
        Assert.False(owner.CanRecordFor("latency", null));
        Assert.False(owner.HasFor(Permission.EditCatalogue, [owned]));
        Assert.False((As(Role.ServiceOwner) with { Stakeholder = null }).HasFor(Permission.HandleAlerts, [owned]));
        Assert.True(As(Role.ServiceLevelManager).CanRecordFor("latency", informed));
        Assert.True(As(Role.ServiceLevelManager).CanRecordTickets);
        Assert.False(owner.CanRecordTickets);
    }

    [Fact]
    public void An_ingest_token_posts_to_the_indicators_in_its_scope_only()
    {
        var token = As(Role.Ingest) with { Kind = PrincipalKind.Token, Indicators = new HashSet<string> { "checkout-availability" } };
        Assert.True(token.CanRecordFor("checkout-availability", null));
        Assert.False(token.CanRecordFor("login-latency", null));
        Assert.False(token.CanRecordTickets);
        Assert.False(token.ReadsInternal);
        Assert.True((token with { Indicators = new HashSet<string> { "*" } }).CanRecordFor("anything", null));
        Assert.True((token with { Tickets = true }).CanRecordTickets);
    }

    [Fact]
    public void Every_role_has_a_row_and_unlimited_never_exceeds_granted()
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            foreach (var permission in Enum.GetValues<Permission>())
            {
                Assert.True(!AccessPolicy.Unlimited(role, permission) || AccessPolicy.Grants(role, permission), $"{role} {permission}");
            }
        }
        // Outside parties read agreements, scoped to their own; a token never makes tokens.
        Assert.False(AccessPolicy.Unlimited(Role.Customer, Permission.ReadAgreements));
        Assert.True(AccessPolicy.Unlimited(Role.Viewer, Permission.ReadAgreements));
        Assert.False(AccessPolicy.Grants(Role.Ingest, Permission.OwnTokens));
        // Whoever reads internal data reads every agreement.
        Assert.All(Enum.GetValues<Role>().Where(r => AccessPolicy.Grants(r, Permission.ReadCatalogue)), r => Assert.True(AccessPolicy.Unlimited(r, Permission.ReadAgreements)));
    }

    [Property(MaxTest = 200)]
    public Property A_token_text_parses_back_to_its_id_and_its_secret_matches_only_its_hash(PositiveInt id)
    {
        var (text, hash) = ApiTokenText.Create(id.Get);
        var parsed = ApiTokenText.TryParse(text, out var readId, out var secret);
        var (_, otherHash) = ApiTokenText.Create(id.Get);
        return (parsed && readId == id.Get && ApiTokenText.Matches(secret, hash) && !ApiTokenText.Matches(secret, otherHash)
            && text.StartsWith(ApiTokenText.Prefix, StringComparison.Ordinal) && !hash.Contains(secret, StringComparison.Ordinal)).ToProperty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer slm_1_x")]
    [InlineData("slm_0_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("slm_-1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("slm_1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("slm_1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("slm_99999999999999999999_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ghp_1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Anything_not_shaped_like_a_token_is_not_one(string text) =>
        Assert.False(ApiTokenText.TryParse(text, out _, out _));

    [Fact]
    public void Groups_map_to_roles_and_to_the_records_a_customer_or_supplier_group_acts_for()
    {
        var (mapping, errors) = RoleMapping.Parse(["slm-admins=Admin, slm-managers=ServiceLevelManager", "acme-staff=Customer:acme", "acme-staff=viewer"]);
        Assert.Empty(errors);
        var grant = mapping.Resolve(["acme-staff", "unrelated"]);
        Assert.Equal(new HashSet<Role> { Role.Customer, Role.Viewer }, grant.Roles);
        Assert.Equal(new HashSet<string> { "acme" }, grant.Customers);
        Assert.Empty(mapping.Resolve(["nobody"]).Roles);
    }

    [Theory]
    [InlineData("admins", "is not GROUP=ROLE")]
    [InlineData("admins=Root", "'Root' is not a role")]
    [InlineData("pushers=Ingest", "for API tokens only")]
    [InlineData("acme=Customer", "names the record it acts for")]
    [InlineData("ops=Viewer:acme", "only Customer and Supplier take a record name")]
    public void A_bad_mapping_entry_is_named_with_what_was_expected(string entry, string expected)
    {
        var (mapping, errors) = RoleMapping.Parse([entry]);
        Assert.Contains(expected, Assert.Single(errors), StringComparison.Ordinal);
        Assert.Empty(mapping.Entries);
    }
}
