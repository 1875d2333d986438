using FsCheck.Xunit;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Reporting;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Tests.Reporting;

/// <summary>Issue 18, finding 3: credit tiers belong to an objective; a Met objective never earns a credit.</summary>
public sealed class ObjectiveCreditsTests
{
    private static readonly Money Charge = new() { Amount = 30_000m, Currency = "GBP" };

    private static readonly ReportPeriod November = ReportPeriod.Parse("2026-11", out _)!;

    private static CreditTier[] Tiers(params (decimal Below, decimal Credit)[] tiers) => [.. tiers.Select(t => new CreditTier { Below = t.Below, Credit = t.Credit })];

    private static readonly AgreementSpec WebShop = new()
    {
        Kind = AgreementKind.SLA,
        Customer = "online-retail",
        Services = ["web-shop"],
        Charge = Charge,
        Credits = new CreditPolicy { Cap = 30 },
        Objectives =
        [
            new ObjectiveSpec { Name = "availability", Indicator = "web-ok", Target = 99.9m, Credits = Tiers((99.9m, 5), (99.5m, 15), (99.0m, 30)) },
            new ObjectiveSpec { Name = "page-latency", Indicator = "web-latency", Target = 95m },
        ],
    };

    private static IReadOnlyList<ValidationError> Check(AgreementSpec spec)
    {
        var p = new Problems();
        spec.Validate(p.At("spec"));
        return p.Errors;
    }

    [Fact]
    public void The_demo_finding_tiers_meant_for_availability_never_charge_page_latency()
    {
        Assert.Empty(Check(WebShop));
        // The finding: page latency (target 95) at 94.2 % earned the 30 % tier meant for availability. Now only availability has tiers.
        var credits = ServiceCredits.Assess(WebShop.Credits, Charge, November,
            [("availability", new Attainment.Measured(0.99927m), 99.9m, WebShop.Objectives[0].Credits), ("page-latency", new Attainment.Measured(0.942m), 95m, [])]);
        var line = Assert.Single(credits.Lines);
        Assert.Equal(("availability", 0m, "met its target of 99.9 %: no credit"), (line.Objective, line.Credit, line.Why));
        Assert.Null(credits.Amount is { Amount: > 0 } ? credits.Amount : null);
    }

    [Fact]
    public void An_objectives_own_tiers_say_which_tier_and_why()
    {
        var credits = ServiceCredits.Assess(WebShop.Credits, Charge, November, [("availability", new Attainment.Measured(0.9948m), 99.9m, WebShop.Objectives[0].Credits)]);
        var line = Assert.Single(credits.Lines);
        Assert.Equal((99.5m, 15m), (line.Tier!.Below, line.Credit));
        Assert.Equal("below 99.9 % (its own tier): 5 % of the charge", ServiceCredits.Assess(WebShop.Credits, Charge, November,
            [("availability", new Attainment.Measured(0.998m), 99.9m, WebShop.Objectives[0].Credits)]).Lines[0].Why);
        Assert.Equal(4_500m, credits.Amount!.Amount);
        Assert.Equal("no data: neither met nor breached, so no credit",
            ServiceCredits.Assess(null, Charge, November, [("availability", new Attainment.NoData(), 99.9m, WebShop.Objectives[0].Credits)]).Lines[0].Why);
    }

    [Fact]
    public void A_tier_above_its_objectives_target_is_refused_at_the_field()
    {
        var own = Check(WebShop with { Objectives = [WebShop.Objectives[0] with { Target = 99.5m }, WebShop.Objectives[1]] });
        var error = Assert.Single(own);
        Assert.Equal("spec.objectives[0].credits[0].below", error.Path);
        Assert.Contains("above the objective's target (99.5)", error.Message, StringComparison.Ordinal);

        // The agreement's tiers may not cover an objective whose target is under them: named, with the two ways out.
        var shared = Check(WebShop with
        {
            Credits = new CreditPolicy { Cap = 30, Tiers = Tiers((99.9m, 5)) },
            Objectives = [WebShop.Objectives[0] with { Credits = [] }, WebShop.Objectives[1]],
        });
        var refused = Assert.Single(shared);
        Assert.Equal("spec.credits.tiers[0].below", refused.Path);
        Assert.Contains("above the target of objective 'page-latency' (95)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("objectives[1].credits", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Check(WebShop with
        {
            Credits = new CreditPolicy { Cap = 30, Objectives = ["availability"], Tiers = Tiers((99.9m, 5)) },
            Objectives = [WebShop.Objectives[0] with { Credits = [] }, WebShop.Objectives[1]],
        }));
        // Above the cap, or without a charge, at the objective's field too.
        Assert.Contains(Check(WebShop with { Objectives = [WebShop.Objectives[0] with { Credits = Tiers((99m, 40)) }] }), e => e.Path == "spec.objectives[0].credits[0].credit");
        Assert.Contains(Check(WebShop with { Charge = null }), e => e.Path == "spec.objectives[0].credits");
    }

    /// <summary>Whatever the tiers, own or the agreement's, an objective that met its target earns nothing.</summary>
    [Property(MaxTest = 500)]
    public bool A_met_objective_never_earns_a_credit(ushort target, ushort above, (ushort Below, byte Credit)[] tiers, bool own)
    {
        var t = 50m + (target % 5000) / 100m;                  // 50.00 .. 99.99
        var attained = Math.Min(100m, t + (above % 1000) / 1000m); // at or above the target
        var list = (tiers ?? []).Select(x => new CreditTier { Below = 50m + (x.Below % 5001) / 100m, Credit = x.Credit % 101 }).ToArray();
        var policy = new CreditPolicy { Tiers = own ? [] : list };
        var assessment = ServiceCredits.Assess(policy, Charge, November, [("o", new Attainment.Measured(attained / 100m), t, own ? list : [])]);
        return assessment.Earned == 0m && assessment.Lines.All(l => l.Credit == 0m && l.Tier is null);
    }
}
