using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Tests.Catalogue;

public sealed class ServiceSpecTests
{
    private static IReadOnlyList<ValidationError> Check(ServiceSpec spec)
    {
        var p = new Problems();
        spec.Validate(p.At("spec"));
        return p.Errors;
    }

    [Fact]
    public void A_service_with_defaults_is_valid() => Assert.Empty(Check(new ServiceSpec()));

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Tier_must_be_from_1_to_4(int tier)
    {
        var error = Assert.Single(Check(new ServiceSpec { Tier = tier }));
        Assert.Equal("spec.tier", error.Path);
    }

    [Fact]
    public void A_listed_name_twice_or_an_invalid_name_is_pointed_at_by_index()
    {
        var errors = Check(new ServiceSpec { Customers = ["acme", "acme"], DependsOn = ["Bad Name"] });
        Assert.Contains(errors, e => e.Path == "spec.customers[1]");
        Assert.Contains(errors, e => e.Path == "spec.dependsOn[0]");
    }

    [Theory]
    [InlineData("GPB")]
    [InlineData("ABC")]
    [InlineData("HRK")]   // withdrawn in 2023: the kuna became the euro
    public void Three_letters_that_are_no_iso_4217_currency_are_refused(string code)
    {
        var error = Assert.Single(Check(new ServiceSpec { MonthlyCost = new Money { Amount = 1, Currency = code } }));
        Assert.Equal("spec.monthlyCost.currency", error.Path);
        Assert.Contains("not a currency of ISO 4217", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GBP")]
    [InlineData("EUR")]
    [InlineData("USD")]
    [InlineData("JPY")]
    [InlineData("CHF")]
    public void Currencies_in_use_are_accepted(string code) =>
        Assert.Empty(Check(new ServiceSpec { MonthlyCost = new Money { Amount = 1, Currency = code } }));

    [Fact]
    public void Money_needs_an_iso_currency_and_no_negative_amount()
    {
        var errors = Check(new ServiceSpec { MonthlyCost = new Money { Amount = -1, Currency = "pounds" } });
        Assert.Contains(errors, e => e.Path == "spec.monthlyCost.amount");
        Assert.Contains(errors, e => e.Path == "spec.monthlyCost.currency");
    }

    [Fact]
    public void References_name_every_other_record_with_its_path()
    {
        var spec = new ServiceSpec
        {
            Owner = "alice",
            Customers = ["acme"],
            Suppliers = ["cloudco"],
            DependsOn = ["db"],
            Stakeholders = [new RoleAssignment { Stakeholder = "bob", Role = RaciRole.Informed }],
        };
        Assert.Equal(
            [
                new Reference(ResourceKind.Stakeholder, "alice", "spec.owner"),
                new Reference(ResourceKind.Customer, "acme", "spec.customers[0]"),
                new Reference(ResourceKind.Supplier, "cloudco", "spec.suppliers[0]"),
                new Reference(ResourceKind.Service, "db", "spec.dependsOn[0]"),
                new Reference(ResourceKind.Stakeholder, "bob", "spec.stakeholders[0].stakeholder"),
            ],
            spec.References());
    }

    [Fact]
    public void An_email_must_look_like_one()
    {
        var p = new Problems();
        new StakeholderSpec { Email = "alice at example" }.Validate(p.At("spec"));
        Assert.Equal("spec.email", Assert.Single(p.Errors).Path);
    }
}
