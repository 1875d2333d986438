using FsCheck.Xunit;
using NodaTime;
using OpenSlm.Core.Agreements;

namespace OpenSlm.Core.Tests.Agreements;

/// <summary>Issue 18, finding 1: when an activated version takes effect, and what that does to the days already judged.</summary>
public sealed class ActivationTests
{
    private static readonly LocalDate Today = new(2026, 12, 3);

    private static EffectivePeriod Terms(LocalDate? from, LocalDate? to = null) => new() { From = from, To = to };

    [Fact]
    public void An_amendment_takes_effect_the_day_it_is_activated_not_from_its_terms_first_day()
    {
        var (plan, _, problem) = Activation.Plan(Today, Terms(new LocalDate(2026, 1, 1), new LocalDate(2027, 12, 31)), amends: true, new ActivationRequest(null, null));
        Assert.Null(problem);
        Assert.Equal(new ActivationPlan(Today, Scheduled: false, Retroactive: false, null), plan);
    }

    [Fact]
    public void A_first_version_takes_effect_from_its_terms_and_a_future_day_is_scheduled()
    {
        Assert.Equal(new LocalDate(2026, 1, 1), Activation.Plan(Today, Terms(new LocalDate(2026, 1, 1)), amends: false, new ActivationRequest(null, null)).Plan!.From);
        var later = Activation.Plan(Today, Terms(null), amends: true, new ActivationRequest(new LocalDate(2027, 1, 1), null)).Plan!;
        Assert.True(later.Scheduled);
        Assert.False(later.Retroactive);
        Assert.True(Activation.Plan(Today, Terms(new LocalDate(2027, 2, 1)), amends: true, new ActivationRequest(null, null)).Plan!.Scheduled);
    }

    [Theory]
    [InlineData("2026-11-01", null, "reason", "is required")]
    [InlineData("2026-11-01", "   ", "reason", "is required")]
    [InlineData("2024-11-01", "late paperwork", "effectiveFrom", "more than 24 months")]
    [InlineData("2023-12-31", "x", "effectiveFrom", "before the terms' effective.from")]
    [InlineData("2028-01-01", null, "effectiveFrom", "after the terms' effective.to")]
    public void A_day_is_refused_at_the_field_that_is_wrong(string day, string? reason, string field, string says)
    {
        var asked = NodaTime.Text.LocalDatePattern.Iso.Parse(day).Value;
        var (plan, f, problem) = Activation.Plan(Today, Terms(new LocalDate(2024, 1, 1), new LocalDate(2027, 12, 31)), amends: true, new ActivationRequest(asked, reason));
        Assert.Null(plan);
        Assert.Equal(field, f);
        Assert.Contains(says, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Terms_that_end_before_the_activation_are_refused_at_their_end()
    {
        var (_, field, problem) = Activation.Plan(Today, Terms(new LocalDate(2026, 1, 1), new LocalDate(2026, 11, 30)), amends: true, new ActivationRequest(null, null));
        Assert.Equal("spec.effective.to", field);
        Assert.Contains("a renewal runs on past the old end", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retroactive_day_keeps_its_reason()
    {
        var plan = Activation.Plan(Today, Terms(null), amends: true, new ActivationRequest(new LocalDate(2026, 10, 1), "  Clause 4.2, agreed on 28 September  ")).Plan!;
        Assert.True(plan.Retroactive);
        Assert.Equal("Clause 4.2, agreed on 28 September", plan.Reason);
    }

    /// <summary>
    /// The invariant behind finding 1: activating an amendment without a date never changes which version judges any day
    /// before the activation, whatever the dates of the terms and of the version it supersedes.
    /// </summary>
    [Property(MaxTest = 500)]
    public bool Activating_without_a_date_leaves_every_earlier_day_to_the_version_that_judged_it(ushort firstOffset, ushort termsOffset, ushort todayOffset, ushort dayOffset, bool dated)
    {
        var origin = new LocalDate(2024, 1, 1);
        var today = origin.PlusDays(todayOffset % 1000);
        var v1From = origin.PlusDays(firstOffset % 1000);
        var termsFrom = dated ? origin.PlusDays(termsOffset % 1200) : (LocalDate?)null;
        var day = origin.PlusDays(dayOffset % 1200);
        var (plan, _, _) = Activation.Plan(today, Terms(termsFrom), amends: true, new ActivationRequest(null, null));
        if (plan is null || day >= today)
        {
            return true;
        }
        VersionTerm[] before = [new(1, VersionStatus.Active, Terms(v1From)), new(2, VersionStatus.Agreed, Terms(termsFrom))];
        VersionTerm[] after = [new(1, VersionStatus.Superseded, Terms(v1From)), new(2, VersionStatus.Active, Terms(termsFrom), plan.From)];
        return !plan.Retroactive && VersionsInForce.On(before, day) == VersionsInForce.On(after, day);
    }
}
