using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Tests.Agreements;

public sealed class OffersTests
{
    private static RequirementSpec Needs(params ServiceNeed[] needs) => new()
    {
        Customer = "acme",
        Services = ["shop"],
        Budget = new Money { Amount = 1000, Currency = "GBP" },
        Needs = needs,
    };

    private static AgreementSpec Offer(decimal target, string? calendar = null, decimal? price = null, string? currency = "GBP") => new()
    {
        Kind = AgreementKind.SLA,
        Customer = "acme",
        Services = ["shop"],
        Charge = price is { } p ? new Money { Amount = p, Currency = currency! } : null,
        Objectives = [new ObjectiveSpec { Name = "availability", Indicator = "shop-ok", Target = target, Calendar = calendar }],
    };

    [Fact]
    public void A_need_is_met_at_or_above_its_level_over_its_hours_and_said_why_otherwise()
    {
        var need = new ServiceNeed { Name = "availability", Target = 99.9m, Calendar = "office" };
        Assert.Equal(NeedFit.Meets, Offers.Answer(need, "o", Offer(99.9m, "office")).Fit);
        Assert.Equal(NeedFit.Meets, Offers.Answer(need, "o", Offer(99.95m, "office")).Fit);
        Assert.Equal(NeedFit.FallsShort, Offers.Answer(need, "o", Offer(99.89m, "office")).Fit);
        Assert.Equal(NeedFit.OtherHours, Offers.Answer(need, "o", Offer(99.95m)).Fit);
        Assert.Contains("at all times", Offers.Answer(need, "o", Offer(99.95m)).Why, StringComparison.Ordinal);
        Assert.Equal(NeedFit.Missing, Offers.Answer(need with { Name = "latency" }, "o", Offer(99.95m, "office")).Fit);
        Assert.Equal(NeedFit.Missing, Offers.Answer(need, "o", null).Fit);
        Assert.Equal(NeedFit.NotCompared, Offers.Answer(new ServiceNeed { Name = "p1", Priority = "P1", Within = "30m" }, "o", Offer(99.95m)).Fit);
        // Without a calendar, any hours meet it.
        Assert.Equal(NeedFit.Meets, Offers.Answer(need with { Calendar = null }, "o", Offer(99.9m, "office")).Fit);
    }

    [Fact]
    public void An_offer_meets_all_when_every_compared_need_is_met_within_the_budget()
    {
        var requirement = Needs(new ServiceNeed { Name = "availability", Target = 99.9m }, new ServiceNeed { Name = "p1", Within = "1h" });
        var fits = Offers.Compare(requirement, [("gold", Offer(99.95m, price: 1200)), ("silver", Offer(99.9m, price: 1000)), ("bronze", Offer(99m, price: 500)), ("euro", Offer(99.9m, price: 10, currency: "EUR")), ("gone", null)]);
        Assert.Equal([false, true, false, true, false], fits.Select(f => f.MeetsAll));
        Assert.Equal([PriceFit.OverBudget, PriceFit.WithinBudget, PriceFit.WithinBudget, PriceFit.NotCompared, PriceFit.NotCompared], fits.Select(f => f.Price));
        Assert.All(fits, f => Assert.Equal(1, f.Compared));
    }

    [Fact]
    public void A_requirement_states_its_customer_services_and_needs_and_accepts_only_an_offer_it_lists()
    {
        static IEnumerable<string> Fields(RequirementSpec spec)
        {
            var problems = new Problems();
            spec.Validate(problems.At("spec"));
            return problems.Errors.Select(e => e.Path);
        }
        Assert.Equal(["spec.customer", "spec.services", "spec.needs"], Fields(new RequirementSpec()));
        Assert.Empty(Fields(Needs(new ServiceNeed { Name = "availability", Target = 99.9m }) with { Offers = ["gold"], Accepted = "gold", Status = RequirementStatus.Accepted }));
        Assert.Equal(["spec.accepted"], Fields(Needs(new ServiceNeed { Name = "a", Target = 99m }) with { Offers = ["gold"], Accepted = "silver" }));
        Assert.Equal(["spec.accepted"], Fields(Needs(new ServiceNeed { Name = "a", Target = 99m }) with { Status = RequirementStatus.Accepted }));
        Assert.Equal(["spec.offers"], Fields(Needs(new ServiceNeed { Name = "a", Target = 99m }) with { Status = RequirementStatus.Offered }));
        Assert.Equal(["spec.needs[0].target", "spec.needs[1].target", "spec.needs[2].within", "spec.needs[3].name"],
            Fields(Needs(new ServiceNeed { Name = "a" }, new ServiceNeed { Name = "b", Target = 101 }, new ServiceNeed { Name = "c", Within = "soon" }, new ServiceNeed { Name = "a", Target = 1 })));
        Assert.Equal(["spec.needs"], Fields(Needs([.. Enumerable.Range(0, RequirementSpec.MaxNeeds + 1).Select(i => new ServiceNeed { Name = $"n{i}", Target = 99 })])));
    }
}
