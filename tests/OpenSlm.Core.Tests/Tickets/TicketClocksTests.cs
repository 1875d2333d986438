using FsCheck.Xunit;
using NodaTime;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Tickets;

namespace OpenSlm.Core.Tests.Tickets;

public sealed class TicketClocksTests
{
    /// <summary>Mon–Fri 09:00–17:00 in London (UK bank holidays); 2025-03-03 is a Monday, in GMT.</summary>
    internal static readonly BusinessClock Office = Calendars.BusinessClockTests.UkOffice;

    internal static Instant Mon(int hour, int minute = 0) => Instant.FromUtc(2025, 3, 3, hour, minute);

    internal static Instant Tue(int hour, int minute = 0) => Instant.FromUtc(2025, 3, 4, hour, minute);

    internal static FieldCondition State(params string[] values) => new() { Field = "state", In = values };

    internal static TicketPolicySpec Policy(Func<TicketPolicySpec, TicketPolicySpec>? edit = null)
    {
        var spec = new TicketPolicySpec
        {
            AppliesTo = [new FieldCondition { Field = "category", NotIn = ["request"] }],
            Start = [State("New", "Active")],
            Pause = [State("Awaiting User Info")],
            Stop = [State("Resolved", "Closed")],
            Cancel = [State("Canceled")],
            Targets = [new PriorityTarget { Priority = "1", Within = "4h" }, new PriorityTarget { Priority = "3", Within = "3d" }],
            Warnings = [50m, 75m, 90m],
        };
        return edit is null ? spec : edit(spec);
    }

    internal static TicketEvent E(Instant at, params (string Field, string? Value)[] fields) =>
        new("INC1", at, fields.ToDictionary(f => f.Field, f => f.Value));

    private static TicketClock One(TicketPolicySpec spec, Instant at, params TicketEvent[] events) =>
        Assert.Single(TicketClocks.Run([new CompiledPolicy("resolution", 1, spec, Office)], events, at));

    [Fact]
    public void Paused_time_does_not_count_and_a_clock_stopped_within_target_is_met()
    {
        var clock = One(Policy(), Tue(0),
            E(Mon(9), ("state", "New"), ("priority", "1")),
            E(Mon(10), ("state", "Awaiting User Info")),
            E(Mon(14), ("state", "Active")),
            E(Mon(15), ("state", "Resolved")));
        Assert.Equal(ClockState.Met, clock.State);
        Assert.Equal(Duration.FromHours(2), clock.Elapsed);
        Assert.Equal(Duration.FromHours(4), clock.Paused);
        Assert.Equal(Duration.FromHours(2), clock.Remaining);
        Assert.Equal(Mon(15), clock.StoppedAt);
        Assert.Equal([new WarningCrossed(50m, Mon(15))], clock.Warnings);
        Assert.Null(clock.BreachedAt);
    }

    [Fact]
    public void A_running_clock_past_its_deadline_is_breached_with_warnings_on_business_time()
    {
        var clock = One(Policy(), Tue(13), E(Mon(16), ("state", "New"), ("priority", "1")));
        Assert.Equal(ClockState.Breached, clock.State);
        Assert.Null(clock.StoppedAt);
        Assert.Equal(Duration.FromHours(5), clock.Elapsed);       // Mon 16–17, Tue 09–13
        Assert.Equal(Tue(12), clock.BreachedAt);
        Assert.Equal(Tue(12), clock.Deadline);
        Assert.Equal(Duration.Zero, clock.Remaining);
        Assert.Equal([new WarningCrossed(50m, Tue(10)), new WarningCrossed(75m, Tue(11)), new WarningCrossed(90m, Tue(11, 36))], clock.Warnings);
    }

    [Fact]
    public void Events_arriving_out_of_order_give_the_same_clock()
    {
        TicketEvent[] events =
        [
            E(Mon(9), ("state", "New"), ("priority", "1")),
            E(Mon(10), ("state", "Awaiting User Info")),
            E(Mon(14), ("state", "Active")),
            E(Mon(16), ("state", "Resolved")),
        ];
        var inOrder = One(Policy(), Tue(0), events);
        Assert.Equal(inOrder, One(Policy(), Tue(0), [events[3], events[1], events[0], events[2]]), new ClockComparer());
    }

    [Fact]
    public void A_reopened_ticket_resumes_its_clock_unless_the_policy_keeps_the_first_result()
    {
        TicketEvent[] events =
        [
            E(Mon(9), ("state", "New"), ("priority", "1")),
            E(Mon(11), ("state", "Resolved")),
            E(Tue(9), ("state", "Active")),
            E(Tue(12), ("state", "Resolved")),
        ];
        var resumed = One(Policy(), Tue(18), events);
        Assert.Equal(ClockState.Breached, resumed.State);
        Assert.Equal(Duration.FromHours(5), resumed.Elapsed);     // 2 h, then 3 h after reopening
        Assert.Equal(Tue(11), resumed.BreachedAt);
        Assert.Equal(Tue(12), resumed.StoppedAt);

        var kept = One(Policy(p => p with { OnReopen = ReopenRule.Keep }), Tue(18), events);
        Assert.Equal(ClockState.Met, kept.State);
        Assert.Equal(Duration.FromHours(2), kept.Elapsed);
    }

    [Fact]
    public void Cancel_conditions_and_a_ticket_that_stops_matching_cancel_the_clock()
    {
        var canceled = One(Policy(), Tue(0), E(Mon(9), ("state", "New"), ("priority", "1")), E(Mon(10), ("state", "Canceled")));
        Assert.Equal(ClockState.Cancelled, canceled.State);
        Assert.Equal(Mon(10), canceled.StoppedAt);

        var recategorised = One(Policy(), Tue(0), E(Mon(9), ("state", "New"), ("priority", "1")), E(Mon(10), ("category", "request")));
        Assert.Equal(ClockState.Cancelled, recategorised.State);
        Assert.Equal(Duration.FromHours(1), recategorised.Elapsed);
    }

    [Fact]
    public void A_retroactive_start_counts_from_the_tickets_creation()
    {
        var p1Only = Policy(p => p with { AppliesTo = [new FieldCondition { Field = "priority", In = ["1"] }] });
        TicketEvent[] events = [E(Mon(9), ("state", "New"), ("priority", "3")), E(Mon(11), ("priority", "1"))];

        var late = One(p1Only, Mon(12), events);
        Assert.Equal(Mon(11), late.StartedAt);
        Assert.Equal(Duration.FromHours(1), late.Elapsed);

        var retroactive = One(p1Only with { RetroactiveStart = true }, Mon(12), events);
        Assert.Equal(Mon(9), retroactive.StartedAt);
        Assert.Equal(Duration.FromHours(3), retroactive.Elapsed);
    }

    [Fact]
    public void A_reset_restarts_the_clock_and_a_priority_change_moves_the_deadline()
    {
        var reset = Policy(p => p with { Reset = [new FieldCondition { Field = "group", Changed = true }] });
        var clock = One(reset, Mon(16), E(Mon(9), ("state", "New"), ("priority", "3"), ("group", "desk")), E(Mon(12), ("group", "network")));
        Assert.Equal(Mon(12), clock.StartedAt);
        Assert.Equal(Duration.FromHours(4), clock.Elapsed);

        var raised = One(Policy(), Mon(12), E(Mon(9), ("state", "New"), ("priority", "3")), E(Mon(10), ("priority", "1")));
        Assert.Equal(Duration.FromHours(4), raised.Target);
        Assert.Equal(Mon(13), raised.Deadline);   // 1 h counted at P3, 3 h left at P1
    }

    [Fact]
    public void A_priority_raised_past_the_time_counted_breaches_at_the_change_with_the_warnings_it_passes()
    {
        // 5 h counted at P3 (Mon 09–14), then P1's 4 h target: breached at 14:00, every warning crossed then too, and
        // read at that very instant (as a batch of updates is stored) the clock has a deadline in the past, not an error.
        TicketEvent[] events = [E(Mon(9), ("state", "New"), ("priority", "3")), E(Mon(14), ("priority", "1"))];
        foreach (var at in new[] { Mon(14), Mon(16) })
        {
            var clock = One(Policy(), at, events);
            Assert.Equal((ClockState.Breached, Mon(14), Mon(14)), (clock.State, clock.BreachedAt, clock.Deadline));
            Assert.Equal([new WarningCrossed(50m, Mon(14)), new WarningCrossed(75m, Mon(14)), new WarningCrossed(90m, Mon(14))], clock.Warnings);
        }

        // Raised to exactly the time counted: not yet breached, every warning crossed, due now.
        var due = One(Policy(), Mon(13), E(Mon(9), ("state", "New"), ("priority", "3")), E(Mon(13), ("priority", "1")));
        Assert.Equal((ClockState.Running, Mon(13), 3), (due.State, due.Deadline, due.Warnings.Count));
    }

    [Property(MaxTest = 200)]
    public bool On_a_24x7_calendar_elapsed_and_paused_add_up_to_the_clocks_span((byte Minutes, byte State)[] steps)
    {
        string[] states = ["New", "Active", "Awaiting User Info", "Resolved"];
        var at = Mon(8);
        var events = new List<TicketEvent> { E(at, ("state", "New"), ("priority", "3")) };
        foreach (var (minutes, state) in steps)
        {
            at += Duration.FromMinutes(minutes);
            events.Add(E(at, ("state", states[state % states.Length])));
        }
        var read = at + Duration.FromHours(1);
        var spec = Policy(p => p with { OnReopen = ReopenRule.Keep });
        var clock = Assert.Single(TicketClocks.Run([new CompiledPolicy("resolution", 1, spec, BusinessClock.AlwaysOpen)], events, read));
        return clock.Elapsed + clock.Paused == (clock.StoppedAt ?? read) - clock.StartedAt
            && clock.Remaining == Duration.Max(Duration.Zero, clock.Target - clock.Elapsed)
            && (clock.State == ClockState.Breached) == (clock.Elapsed > clock.Target);
    }

    [Property(MaxTest = 200)]
    public bool A_running_clock_crosses_each_upcoming_warning_at_the_instant_foretold(byte startHour, ushort readAfterMinutes, bool lowPriority)
    {
        // Office hours, so the foretold instants skip nights and weekends; read once, then again at each instant foretold.
        var policy = new CompiledPolicy("resolution", 1, Policy(), Office);
        var start = Mon(startHour % 24);
        var readAt = start + Duration.FromMinutes(readAfterMinutes % 3000);
        TicketEvent[] events = [E(start, ("state", "New"), ("priority", lowPriority ? "3" : "1"))];
        var clock = Assert.Single(TicketClocks.Run([policy], events, readAt));
        var upcoming = TicketClocks.Upcoming(clock, policy, readAt);
        var warnings = Policy().Warnings.Where(p => !clock.Warnings.Any(w => w.Percent == p)).Append(100m).ToList();
        return clock.State == ClockState.Breached
            ? upcoming.Count == 1 && upcoming[0].Percent == 100m && upcoming[0].At == clock.BreachedAt
            : upcoming.Select(u => u.Percent).SequenceEqual(warnings) && upcoming.All(u =>
            {
                var then = Assert.Single(TicketClocks.Run([policy], events, u.At));
                var before = Assert.Single(TicketClocks.Run([policy], events, u.At - Duration.FromTicks(1)));
                return u.Percent == 100m
                    ? then.Deadline == u.At && before.State == ClockState.Running
                    : then.Warnings.Contains(new WarningCrossed(u.Percent, u.At)) && !before.Warnings.Any(w => w.Percent == u.Percent);
            });
    }

    [Fact]
    public void A_ticket_warning_names_the_highest_threshold_crossed_and_ends_when_the_clock_stops()
    {
        var policy = new CompiledPolicy("resolution", 1, Policy(), Office);
        var created = E(Mon(9), ("state", "New"), ("priority", "1"));
        var clock = Assert.Single(TicketClocks.Run([policy], [created], Mon(9)));
        var upcoming = TicketClocks.Upcoming(clock, policy, Mon(9));     // 50 % at 11:00, 75 % at 12:00, 90 % at 12:36, due 13:00

        Assert.Null(Core.Alerting.AlertRules.TicketWarning(clock, upcoming, Mon(10, 59)));
        var warning = Core.Alerting.AlertRules.TicketWarning(clock, upcoming, Mon(12, 40))!;
        Assert.Equal((Core.Alerting.AlertKind.TicketWarning, "INC1", "90%"), (warning.Kind, warning.Subject, warning.Level));
        Assert.Contains("INC1 (1) crossed 90 % of its 4h target", warning.Reason, StringComparison.Ordinal);
        Assert.Equal("breached", Core.Alerting.AlertRules.TicketWarning(clock, upcoming, Mon(13, 1))!.Level);

        var resolved = Assert.Single(TicketClocks.Run([policy], [created, E(Mon(12, 45), ("state", "Resolved"))], Mon(12, 45)));
        Assert.Empty(TicketClocks.Upcoming(resolved, policy, Mon(12, 45)));
        Assert.Null(Core.Alerting.AlertRules.TicketWarning(resolved, [], Mon(13, 1)));
    }

    private sealed class ClockComparer : IEqualityComparer<TicketClock>
    {
        public bool Equals(TicketClock? x, TicketClock? y) =>
            x is not null && y is not null && (x with { Warnings = [] }) == (y with { Warnings = [] }) && x.Warnings.SequenceEqual(y.Warnings);

        public int GetHashCode(TicketClock obj) => obj.Ticket.GetHashCode(StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_run_on_every_core_gives_each_ticket_the_clock_it_gets_alone()
    {
        // 45,000 tickets run in parallel chunks, reusing one clock per chunk from ticket to ticket; each ticket run on
        // its own must give the same clocks, in the order of the tickets' first appearance.
        var random = new Random(11);
        string[] states = ["New", "Active", "Awaiting User Info", "Active", "Resolved", "Canceled"];
        var events = new List<TicketEvent>();
        for (var t = 0; t < 45_000; t++)
        {
            var time = Mon(9).Plus(Duration.FromMinutes(random.Next(0, 60 * 24 * 30)));
            var count = random.Next(1, 7);
            for (var k = 0; k < count; k++)
            {
                var fields = new Dictionary<string, string?> { ["state"] = states[random.Next(states.Length)] };
                if (k == 0 || random.Next(4) == 0)
                {
                    fields["priority"] = random.Next(2) == 0 ? "1" : "3";
                }
                events.Add(new TicketEvent($"INC{t}", time, fields));
                time = time.Plus(Duration.FromMinutes(random.Next(1, 60 * 24 * 3)));
            }
        }
        var shuffled = events.ToArray();
        random.Shuffle(shuffled);
        var policies = new[] { new CompiledPolicy("resolution", 1, Policy(), Office), new CompiledPolicy("any", 1, Policy(p => p with { Start = [] }), Office) };
        var at = Mon(9).Plus(Duration.FromDays(40));

        var together = TicketClocks.Run(policies, shuffled, at);

        var firstSeen = shuffled.Where(e => e.At <= at).Select(e => e.Ticket).Distinct().ToList();
        var byTicket = events.ToLookup(e => e.Ticket);
        var alone = firstSeen.SelectMany(t => TicketClocks.Run(policies, byTicket[t], at)).ToList();
        Assert.True(together.Count > 45_000);
        Assert.Equal(alone.Count, together.Count);
        for (var i = 0; i < alone.Count; i++)
        {
            Assert.Equal(alone[i] with { Warnings = [] }, together[i] with { Warnings = [] });
            Assert.Equal(alone[i].Warnings, together[i].Warnings);
        }
        Assert.Contains(together, c => c.State == ClockState.Breached);
        Assert.Contains(together, c => c.State == ClockState.Cancelled);
        Assert.Contains(together, c => c.Warnings.Count > 0);
    }
}
