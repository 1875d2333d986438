using OpenSlm.Core.Alerting;

namespace OpenSlm.Core.Tests.Alerting;

/// <summary>The alert state machine: identity (kind, severity, subject), level changes, resolution, acknowledgement.</summary>
public sealed class AlertLifecycleTests
{
    private static AlertSignal Signal(AlertKind kind, AlertSeverity severity, string subject = "", string level = "") =>
        new(kind, severity, "why", Subject: subject, Level: level);

    private static UnresolvedAlertState<int> Alert(int id, AlertKind kind, AlertSeverity severity, string subject = "", string level = "", AlertState state = AlertState.Open) =>
        new(id, new AlertIdentity(kind, severity, subject), level, state);

    [Fact]
    public void A_new_condition_opens_a_held_one_is_seen_a_moved_level_changes_and_a_gone_one_resolves()
    {
        var unresolved = new[]
        {
            Alert(1, AlertKind.BurnRate, AlertSeverity.Page),
            Alert(2, AlertKind.Status, AlertSeverity.Ticket, level: "AtRisk", state: AlertState.Acknowledged),
            Alert(3, AlertKind.TicketWarning, AlertSeverity.Ticket, "INC1", "50%"),
            Alert(4, AlertKind.NoData, AlertSeverity.Ticket),
        };
        var plan = AlertLifecycle.Sync(unresolved, [
            Signal(AlertKind.BurnRate, AlertSeverity.Page),
            Signal(AlertKind.Status, AlertSeverity.Ticket, level: "Breached"),
            Signal(AlertKind.TicketWarning, AlertSeverity.Ticket, "INC1", "50%"),
            Signal(AlertKind.TicketWarning, AlertSeverity.Ticket, "INC2", "50%"),
            Signal(AlertKind.BurnRate, AlertSeverity.Ticket),
        ]);
        Assert.Equal([new AlertIdentity(AlertKind.TicketWarning, AlertSeverity.Ticket, "INC2"), new AlertIdentity(AlertKind.BurnRate, AlertSeverity.Ticket, "")],
            plan.Open.Select(AlertIdentity.Of));
        Assert.Equal([2], plan.Changed.Select(c => c.Id));
        Assert.Equal("Breached", plan.Changed[0].Signal.Level);
        Assert.Equal([1, 3], plan.Seen);
        Assert.Equal([4], plan.Resolve);
        Assert.False(plan.Quiet);
    }

    [Fact]
    public void The_same_conditions_at_the_same_levels_are_quiet_and_two_signals_of_one_identity_are_one_alert()
    {
        var unresolved = new[] { Alert(7, AlertKind.BurnRate, AlertSeverity.Page) };
        Assert.True(AlertLifecycle.Sync(unresolved, [Signal(AlertKind.BurnRate, AlertSeverity.Page)]).Quiet);
        var twice = AlertLifecycle.Sync(Array.Empty<UnresolvedAlertState<int>>(), [Signal(AlertKind.BurnRate, AlertSeverity.Page), Signal(AlertKind.BurnRate, AlertSeverity.Page)]);
        Assert.Single(twice.Open);
        Assert.True(AlertLifecycle.Sync(Array.Empty<UnresolvedAlertState<int>>(), []).Quiet);
    }

    [Fact]
    public void Only_an_open_alert_is_acknowledged_or_reminded_of()
    {
        Assert.True(AlertLifecycle.Acknowledges(AlertState.Open));
        Assert.False(AlertLifecycle.Acknowledges(AlertState.Acknowledged));
        Assert.False(AlertLifecycle.Acknowledges(AlertState.Resolved));
        Assert.True(AlertLifecycle.Reminds(AlertState.Open));
        Assert.False(AlertLifecycle.Reminds(AlertState.Acknowledged));
    }

    [Fact]
    public void A_snooze_keeps_reminders_quiet_until_its_end_and_needs_an_end_within_30_days_and_a_reason()
    {
        var now = NodaTime.Instant.FromUtc(2025, 3, 20, 12, 0);
        var end = now + NodaTime.Duration.FromHours(2);
        Assert.False(AlertLifecycle.Reminds(AlertState.Open, end, now));
        Assert.False(AlertLifecycle.Reminds(AlertState.Open, end, end - NodaTime.Duration.FromTicks(1)));
        Assert.True(AlertLifecycle.Reminds(AlertState.Open, end, end));          // the end is excluded
        Assert.True(AlertLifecycle.Reminds(AlertState.Open, null, now));
        Assert.False(AlertLifecycle.Reminds(AlertState.Acknowledged, null, now));
        Assert.True(AlertLifecycle.Snoozes(AlertState.Acknowledged));
        Assert.False(AlertLifecycle.Snoozes(AlertState.Resolved));

        Assert.Empty(AlertLifecycle.SnoozeProblems(end, "CHG0043 deploys the fix", now));
        Assert.Empty(AlertLifecycle.SnoozeProblems(now + AlertLifecycle.LongestSnooze, "a month", now));
        Assert.Equal(["until", "reason"], AlertLifecycle.SnoozeProblems(null, " ", now).Select(p => p.Field));
        Assert.Contains("after now", AlertLifecycle.SnoozeProblems(now, "r", now).Single().Message, StringComparison.Ordinal);
        Assert.Contains("within 30 days", AlertLifecycle.SnoozeProblems(now + AlertLifecycle.LongestSnooze + NodaTime.Duration.FromTicks(1), "r", now).Single().Message, StringComparison.Ordinal);
        Assert.Equal("reason", AlertLifecycle.SnoozeProblems(end, new string('x', AlertLifecycle.LongestNote + 1), now).Single().Field);
        Assert.Null(AlertLifecycle.NoteProblem(null));
        Assert.Null(AlertLifecycle.NoteProblem(new string('x', AlertLifecycle.LongestNote)));
        Assert.NotNull(AlertLifecycle.NoteProblem(new string('x', AlertLifecycle.LongestNote + 1)));
    }
}
