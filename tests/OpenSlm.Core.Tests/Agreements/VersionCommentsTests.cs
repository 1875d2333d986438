using OpenSlm.Core.Access;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;

namespace OpenSlm.Core.Tests.Agreements;

public sealed class VersionCommentsTests
{
    private static readonly AgreementSpec Sla = new()
    {
        Kind = AgreementKind.SLA,
        Customer = "acme",
        Services = ["shop"],
        Stakeholders = [new RoleAssignment { Stakeholder = "tom", Role = RaciRole.Accountable }],
    };

    private static readonly string[] Terms = ["customer", "objectives[availability].target", "objectives[availability].window.calendar", "credits.tiers[0].below"];

    private static Principal As(Role role, string[]? customers = null, string? stakeholder = null) => new()
    {
        Kind = PrincipalKind.User,
        Id = "u",
        Name = "someone",
        Roles = new HashSet<Role> { role },
        Customers = new HashSet<string>(customers ?? [], StringComparer.Ordinal),
        Stakeholder = stakeholder,
    };

    [Fact]
    public void The_manager_the_parties_and_the_named_stakeholders_comment_and_nobody_else()
    {
        Assert.Null(VersionComments.Refusal(As(Role.ServiceLevelManager), Sla));
        Assert.Null(VersionComments.Refusal(As(Role.Customer, ["acme"]), Sla));
        Assert.Null(VersionComments.Refusal(As(Role.ServiceOwner, stakeholder: "tom"), Sla));
        Assert.NotNull(VersionComments.Refusal(As(Role.ServiceOwner, stakeholder: "lucy"), Sla));
        Assert.NotNull(VersionComments.Refusal(As(Role.Viewer), Sla));
        Assert.NotNull(VersionComments.Refusal(As(Role.Customer, ["other"]), Sla));
        Assert.NotNull(VersionComments.Refusal(As(Role.Admin), Sla));
    }

    [Fact]
    public void A_term_is_a_field_of_the_version_or_a_path_above_some_and_internal_ones_are_the_providers()
    {
        Assert.Equal("objectives[availability].target", VersionComments.Check(new("  fine  ", "objectives[availability].target"), false, Terms).Comment!.Term);
        Assert.Equal("fine", VersionComments.Check(new("  fine  ", "objectives[availability].target"), false, Terms).Comment!.Text);
        Assert.NotNull(VersionComments.Check(new("x", "objectives[availability]"), false, Terms).Comment);
        Assert.NotNull(VersionComments.Check(new("x", "credits"), false, Terms).Comment);
        Assert.Null(VersionComments.Check(new("x", " "), false, Terms).Comment!.Term);
        // A prefix that is not at a field boundary is no term: objectives[avail… is not objectives[availability].
        Assert.Equal(["term"], VersionComments.Check(new("x", "objectives[avail"), false, Terms).Problems.Select(p => p.Field));
        Assert.Equal(["term"], VersionComments.Check(new("x", "cust"), false, Terms).Problems.Select(p => p.Field));
        Assert.Contains("such as objectives[availability].target", VersionComments.Check(new("x", "sla"), false, Terms).Problems[0].Message, StringComparison.Ordinal);

        Assert.Equal(["text"], VersionComments.Check(new(null), false, Terms).Problems.Select(p => p.Field));
        Assert.Equal(["text"], VersionComments.Check(new(new string('x', VersionComments.MaxText + 1)), false, Terms).Problems.Select(p => p.Field));
        Assert.NotNull(VersionComments.Check(new(new string('x', VersionComments.MaxText)), false, Terms).Comment);
        Assert.Equal(["text"], VersionComments.Check(new("a\u0000b"), false, Terms).Problems.Select(p => p.Field));
        Assert.NotNull(VersionComments.Check(new("two\nlines\tand a tab"), false, Terms).Comment);
        Assert.Equal(["text", "term", "internal"], VersionComments.Check(new("", "nope", true), false, Terms).Problems.Select(p => p.Field));
        Assert.True(VersionComments.Check(new("x", null, true), true, Terms).Comment!.Internal);

        var secret = new CommentTerms("floor 99.93", null, true);
        Assert.True(VersionComments.Reads(As(Role.Viewer), secret));
        Assert.False(VersionComments.Reads(As(Role.Customer, ["acme"]), secret));
        Assert.True(VersionComments.Reads(As(Role.Customer, ["acme"]), secret with { Internal = false }));
    }
}
