using FsCheck.Xunit;
using NodaTime;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Tickets;
using static OpenSlm.Core.Tests.Tickets.TicketClocksTests;

namespace OpenSlm.Core.Tests.Tickets;

public sealed class TicketTimelineTests
{
    // Office, Mon, Tue, State, Policy and E are TicketClocksTests' (the same calendar, policy and events).

    private static IReadOnlyList<TimelineStep> Timeline(TicketPolicySpec spec, Instant at, params TicketEvent[] events) =>
        TicketClocks.Timeline([new CompiledPolicy("resolution", 1, spec, Office)], events, at);

    private static string Line(TimelineStep s) =>
        $"{s.At:HH:mm} {s.Kind} {string.Join(", ", s.Changes.Select(c => c.Kind + (c.Percent is { } p ? $" {p}" : "")))}";

    [Fact]
    public void Every_update_and_every_crossing_between_them_is_told_in_order_with_what_it_did()
    {
        var steps = Timeline(Policy(), Tue(13),
            E(Mon(9), ("state", "New"), ("priority", "3"), ("short_description", "tills down")),
            E(Mon(10), ("state", "Awaiting User Info"), ("priority", "3")),
            E(Mon(14), ("state", "Active")),
            E(Mon(14, 30), ("priority", "1")),
            E(Tue(10), ("state", "Resolved")));

        Assert.Equal(
            [
                "09:00 Update Started", "10:00 Update Paused", "14:00 Update Resumed", "14:30 Update TargetMoved",
                "15:00 Crossing WarningCrossed 50", "16:00 Crossing WarningCrossed 75", "16:36 Crossing WarningCrossed 90",
                "17:00 Crossing Breached", "10:00 Update Stopped", "13:00 Reading ",
            ],
            steps.Select(Line));
        Assert.Equal([1, 2, 3, 4, null, null, null, null, 5, null], steps.Select(s => s.Update));

        // The update that raised the priority says what it moved from: P3's three days, due a week on, to P1's 4 hours.
        var moved = Assert.Single(steps[3].Changes);
        Assert.Equal(("3", Duration.FromDays(3), "1", Duration.FromHours(4)), (moved.PriorityBefore, moved.TargetBefore, moved.Clock.Priority, moved.Clock.Target));
        Assert.Equal(Mon(17), moved.Clock.Deadline);       // 1.5 h counted, 2.5 h left at P1
        Assert.True(moved.DeadlineBefore > Tue(17));

        // Only the fields whose value changed are named; the first update names all it sets.
        Assert.Equal(3, steps[0].Changed.Count);
        Assert.Equal(new Dictionary<string, string?> { ["state"] = "Awaiting User Info" }, steps[1].Changed);

        // Each step carries the clock as it stood then: the breach step reads 4 h elapsed, nothing left.
        var breach = Assert.Single(steps[7].Clocks);
        Assert.Equal((ClockState.Breached, Duration.FromHours(4), Duration.Zero), (breach.State, breach.Elapsed, breach.Remaining));
        var stopped = Assert.Single(steps[8].Changes).Clock;
        Assert.Equal((ClockState.Breached, Tue(10), Duration.FromHours(5)), (stopped.State, stopped.StoppedAt, stopped.Elapsed));
    }

    [Fact]
    public void A_reopened_ticket_a_reset_and_a_cancel_are_each_one_line()
    {
        var spec = Policy(p => p with { Reset = [new FieldCondition { Field = "group", Changed = true }] });
        var steps = Timeline(spec, Mon(16),
            E(Mon(9), ("state", "New"), ("priority", "1"), ("group", "desk")),
            E(Mon(10), ("group", "network")),
            E(Mon(11), ("state", "Resolved")),
            E(Mon(12), ("state", "Active")),
            E(Mon(12, 30), ("state", "Canceled")));
        Assert.Equal(
            ["09:00 Update Started", "10:00 Update Reset", "11:00 Update Stopped", "12:00 Update Reopened", "12:30 Update Cancelled"],
            steps.Select(Line).Take(5));
        Assert.Equal(ClockState.Met, steps[2].Changes[0].Clock.State);
        Assert.Equal(Duration.FromHours(1), steps[2].Changes[0].Clock.Elapsed);        // counted from the reset at 10:00
        // Cancelled is final: nothing crosses after it, and the reading at 16:00 shows it cancelled.
        Assert.Equal(TimelineStepKind.Reading, steps[^1].Kind);
        Assert.Equal(6, steps.Count);
        Assert.Equal(ClockState.Cancelled, Assert.Single(steps[^1].Clocks).State);
    }

    [Fact]
    public void A_retroactive_start_names_the_warnings_it_crossed_at_their_own_instants()
    {
        var spec = Policy(p => p with { AppliesTo = [new FieldCondition { Field = "priority", In = ["1"] }], RetroactiveStart = true });
        var steps = Timeline(spec, Mon(14), E(Mon(9), ("state", "New"), ("priority", "3")), E(Mon(12), ("priority", "1")));
        Assert.Empty(steps[0].Changes);                      // the policy does not apply yet: nothing started
        Assert.Empty(steps[0].Clocks);
        Assert.Equal(
            [(ClockChangeKind.Started, Mon(9), null), (ClockChangeKind.WarningCrossed, Mon(11), 50m), (ClockChangeKind.WarningCrossed, Mon(12), 75m)],
            steps[1].Changes.Select(c => (c.Kind, c.At, c.Percent)));
        Assert.Equal(["12:36 Crossing WarningCrossed 90", "13:00 Crossing Breached", "14:00 Reading "], steps.Skip(2).Select(Line));
    }

    [Fact]
    public void Updates_after_the_reading_are_left_out_and_a_timeline_is_of_one_ticket()
    {
        var steps = Timeline(Policy(), Mon(10), E(Mon(9), ("state", "New"), ("priority", "1")), E(Mon(11), ("state", "Resolved")));
        Assert.Equal(["09:00 Update Started", "10:00 Reading "], steps.Select(Line));
        Assert.Empty(Timeline(Policy(), Mon(8), E(Mon(9), ("state", "New"))));
        Assert.Throws<ArgumentException>(() => TicketClocks.Timeline([new CompiledPolicy("resolution", 1, Policy(), Office)],
            [E(Mon(9), ("state", "New")), new TicketEvent("INC2", Mon(9), new Dictionary<string, string?>())], Mon(10)));
    }

    [Property(MaxTest = 300)]
    public bool The_last_step_reads_exactly_the_clocks_of_a_run_and_steps_keep_time_order((byte Minutes, byte State, bool Raise)[] updates, ushort readAfter)
    {
        string[] states = ["New", "Active", "Awaiting User Info", "Resolved", "Active", "Canceled"];
        var at = Mon(8);
        var events = new List<TicketEvent> { E(at, ("state", "New"), ("priority", "3"), ("group", "desk")) };
        foreach (var (minutes, state, raise) in updates)
        {
            at += Duration.FromMinutes(minutes * 7);
            events.Add(raise
                ? E(at, ("priority", minutes % 2 == 0 ? "1" : "3"), ("group", state % 3 == 0 ? "network" : "desk"))
                : E(at, ("state", states[state % states.Length])));
        }
        var read = at + Duration.FromMinutes(readAfter % 5000);
        var spec = Policy(p => p with { Reset = [new FieldCondition { Field = "group", Changed = true }] });
        CompiledPolicy[] policies = [new("resolution", 1, spec, Office), new("always", 1, Policy(p => p with { Start = [] }), BusinessClock.AlwaysOpen)];
        var steps = TicketClocks.Timeline(policies, events, read);
        var run = TicketClocks.Run(policies, events, read);
        var last = steps[^1].Clocks;
        return last.Count == run.Count
            && last.Zip(run).All(p => (p.First with { Warnings = [] }) == (p.Second with { Warnings = [] }) && p.First.Warnings.SequenceEqual(p.Second.Warnings))
            && steps.Zip(steps.Skip(1)).All(p => p.First.At <= p.Second.At)
            && steps.Count(s => s.Kind == TimelineStepKind.Update) == events.Count
            // every warning a clock ends with was told once, at its own instant
            && run.All(c => c.Warnings.All(w => steps.SelectMany(s => s.Changes).Count(ch =>
                ch.Policy == c.Policy && ch.Kind == ClockChangeKind.WarningCrossed && ch.Percent == w.Percent && ch.At == w.At) == 1));
    }
}
