using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Tests.Agreements;

public sealed class AgreementSpecTests
{
    private static readonly ObjectiveSpec Availability = new() { Name = "availability", Indicator = "web-ok", Target = 99.9m };

    private static readonly AgreementSpec Sla = new()
    {
        Kind = AgreementKind.SLA,
        Customer = "acme",
        Services = ["web"],
        Objectives = [Availability],
    };

    private static IReadOnlyList<ValidationError> Check(AgreementSpec spec)
    {
        var p = new Problems();
        spec.Validate(p.At("spec"));
        return p.Errors;
    }

    [Fact]
    public void A_complete_sla_is_valid() => Assert.Empty(Check(Sla));

    [Theory]
    [InlineData(AgreementKind.SLA, "spec.customer")]
    [InlineData(AgreementKind.UC, "spec.supplier")]
    [InlineData(AgreementKind.OLA, "spec.provider")]
    public void Each_kind_names_its_required_party(AgreementKind kind, string path)
    {
        var errors = Check(Sla with { Kind = kind, Customer = null });
        Assert.Contains(errors, e => e.Path == path);
    }

    [Fact]
    public void An_expectation_needs_no_party() =>
        Assert.Empty(Check(Sla with { Kind = AgreementKind.Expectation, Customer = null }));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(100.0001)]
    [InlineData(150)]
    public void A_target_outside_0_to_100_is_refused(decimal target)
    {
        var error = Assert.Single(Check(Sla with { Objectives = [Availability with { Target = target }] }));
        Assert.Equal("spec.objectives[0].target", error.Path);
        Assert.Contains("(0, 100]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_of_exactly_100_is_allowed() =>
        Assert.Empty(Check(Sla with { Objectives = [Availability with { Target = 100m }] }));

    [Fact]
    public void The_warning_level_must_lie_above_the_target()
    {
        var error = Assert.Single(Check(Sla with { Objectives = [Availability with { Warning = 99.5m }] }));
        Assert.Equal("spec.objectives[0].warning", error.Path);
    }

    [Fact]
    public void A_window_is_exactly_one_of_rolling_or_calendar()
    {
        var both = new ObjectiveWindow { Rolling = "30d", Calendar = CalendarPeriod.Month };
        var bad = new ObjectiveWindow { Rolling = "thirty days" };
        Assert.Contains(Check(Sla with { Objectives = [Availability with { Window = both }] }), e => e.Path == "spec.objectives[0].window");
        Assert.Contains(Check(Sla with { Objectives = [Availability with { Window = bad }] }), e => e.Path == "spec.objectives[0].window.rolling");
    }

    [Fact]
    public void Timeslices_budgeting_needs_a_slice_window_and_target()
    {
        var errors = Check(Sla with { Objectives = [Availability with { Budgeting = BudgetingMethod.Timeslices, TimeSlice = new TimeSlice { Window = "1m" } }] });
        Assert.Equal("spec.objectives[0].timeSlice.target", Assert.Single(errors).Path);
    }

    [Fact]
    public void Objective_names_are_unique_within_an_agreement()
    {
        var errors = Check(Sla with { Objectives = [Availability, Availability] });
        Assert.Equal("spec.objectives[1].name", Assert.Single(errors).Path);
    }

    [Fact]
    public void Credit_tiers_need_a_charge_and_stay_under_the_cap()
    {
        var credits = new CreditPolicy { Cap = 20, Tiers = [new CreditTier { Below = 99.9m, Credit = 10 }, new CreditTier { Below = 99m, Credit = 25 }] };
        var errors = Check(Sla with { Credits = credits });
        Assert.Contains(errors, e => e.Path == "spec.credits.tiers" && e.Message.Contains("charge", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "spec.credits.tiers[1].credit" && e.Message.Contains("cap", StringComparison.Ordinal));
    }

    [Fact]
    public void Terms_leave_out_the_status_only()
    {
        var active = Sla with { Status = VersionStatus.Active };
        Assert.Null(active.Terms().Status);
        Assert.Equal(Sla, active.Terms());
    }

    [Fact]
    public void References_cover_parties_services_indicators_and_calendars()
    {
        var spec = Sla with { Objectives = [Availability with { Calendar = "uk" }] };
        var refs = spec.References().ToList();
        Assert.Contains(new Reference(ResourceKind.Customer, "acme", "spec.customer"), refs);
        Assert.Contains(new Reference(ResourceKind.Service, "web", "spec.services[0]"), refs);
        Assert.Contains(new Reference(ResourceKind.Indicator, "web-ok", "spec.objectives[0].indicator"), refs);
        Assert.Contains(new Reference(ResourceKind.Calendar, "uk", "spec.objectives[0].calendar"), refs);
    }
}
