using NodaTime;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Tests.Evaluation;

public sealed class UrgencyTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 4, 12, 0);

    private static ObjectiveEvaluation Judged(ObjectiveStatus status, decimal left, Duration? exhaustsIn) =>
        new(Now, new Window(Now, Duration.FromDays(3)), new Attainment.Measured(0.999m), status, new ErrorBudget(100, 100 - (left * 100), left * 100, left),
            [], exhaustsIn is { } d ? Now + d : null);

    [Fact]
    public void A_met_objective_whose_budget_runs_out_in_hours_comes_before_one_at_risk_with_time_to_spare_and_after_a_breach()
    {
        var burning = Urgency.Of(Judged(ObjectiveStatus.Met, 0.48m, Duration.FromHours(2)), Now);
        var atRisk = Urgency.Of(Judged(ObjectiveStatus.AtRisk, 0.30m, Duration.FromDays(25)), Now);
        var breached = Urgency.Of(Judged(ObjectiveStatus.Breached, -0.5m, null), Now);
        var calm = Urgency.Of(Judged(ObjectiveStatus.Met, 0.9m, null), Now);

        Assert.Equal([breached, burning, atRisk, calm], new[] { calm, atRisk, burning, breached }.Order());
        Assert.Equal(Duration.FromHours(2), burning.BreaksIn);
        Assert.True(burning.NeedsAttention);
        Assert.Null(atRisk.BreaksIn);   // 25 days is beyond the week ahead
        Assert.True(atRisk.NeedsAttention);
        Assert.False(calm.NeedsAttention);
        Assert.Equal(Duration.Zero, breached.BreaksIn);
    }

    [Fact]
    public void Sooner_exhaustion_first_then_worse_status_then_less_budget_left()
    {
        var inOneHour = Urgency.Of(Judged(ObjectiveStatus.Met, 0.5m, Duration.FromHours(1)), Now);
        var inSixDays = Urgency.Of(Judged(ObjectiveStatus.AtRisk, 0.1m, Duration.FromDays(6)), Now);
        var riskLess = Urgency.Of(Judged(ObjectiveStatus.AtRisk, 0.1m, null), Now);
        var riskMore = Urgency.Of(Judged(ObjectiveStatus.AtRisk, 0.4m, null), Now);
        var beyond = Urgency.Of(Judged(ObjectiveStatus.Met, 0.5m, Duration.FromDays(8)), Now);
        var past = Urgency.Of(Judged(ObjectiveStatus.Met, 0.01m, -Duration.FromMinutes(5)), Now);

        Assert.Equal([past, inOneHour, inSixDays, riskLess, riskMore, beyond], new[] { beyond, riskMore, riskLess, inSixDays, inOneHour, past }.Order());
        Assert.Equal(Duration.Zero, past.BreaksIn);
        Assert.False(beyond.NeedsAttention);
    }
}
