using NodaTime;

namespace OpenSlm.Core.Tickets;

/// <summary>Where a clock stands between updates, as the timeline tells it (a breached clock still counts or pauses).</summary>
public enum ClockPhase
{
    /// <summary>Counting business time.</summary>
    Counting,

    /// <summary>Not counting while the pause conditions hold.</summary>
    Paused,

    /// <summary>Stopped by a stop condition (met or breached).</summary>
    Stopped,

    /// <summary>Cancelled: counts for nothing.</summary>
    Cancelled,
}

/// <summary>What one step did to one clock.</summary>
public enum ClockChangeKind
{
    /// <summary>The policy started to apply and its start conditions held.</summary>
    Started,

    /// <summary>A pause condition began to hold.</summary>
    Paused,

    /// <summary>The pause conditions stopped holding.</summary>
    Resumed,

    /// <summary>The priority changed, and with it the target and the deadline.</summary>
    TargetMoved,

    /// <summary>The running clock reached a warning threshold.</summary>
    WarningCrossed,

    /// <summary>The running clock reached its target.</summary>
    Breached,

    /// <summary>A stop condition held: the clock stopped, met or breached.</summary>
    Stopped,

    /// <summary>A reset condition held: the clock started again from zero.</summary>
    Reset,

    /// <summary>The stop condition stopped holding: the clock runs on from where it stopped.</summary>
    Reopened,

    /// <summary>A cancel condition held, or the policy stopped applying.</summary>
    Cancelled,
}

/// <summary>What a step of the timeline is.</summary>
public enum TimelineStepKind
{
    /// <summary>A stored update of the ticket.</summary>
    Update,

    /// <summary>No update: a running clock crossed a warning threshold or its target at this instant.</summary>
    Crossing,

    /// <summary>No update: the clocks read at the instant asked for.</summary>
    Reading,
}

/// <summary>
/// One thing a step did to one clock. <see cref="At"/> is when it happened (a warning crossed by a retroactive start can
/// be earlier than the update that started the clock); <see cref="Clock"/> is the clock just after the step.
/// For <see cref="ClockChangeKind.WarningCrossed"/>, <see cref="Percent"/> is the threshold; for
/// <see cref="ClockChangeKind.TargetMoved"/>, the <c>Before</c> values are the priority, target and deadline it moved from.
/// </summary>
public sealed record ClockChange(
    string Policy,
    ClockChangeKind Kind,
    Instant At,
    TicketClock Clock,
    decimal? Percent = null,
    string? PriorityBefore = null,
    Duration? TargetBefore = null,
    Instant? DeadlineBefore = null);

/// <summary>
/// One step of a ticket's clock timeline: an update (with the fields whose value it changed), a crossing between updates,
/// or the final reading; the changes it made, and every started clock just after it.
/// </summary>
public sealed record TimelineStep(
    Instant At,
    TimelineStepKind Kind,
    int? Update,
    IReadOnlyDictionary<string, string?> Changed,
    IReadOnlyList<ClockChange> Changes,
    IReadOnlyList<TicketClock> Clocks);

public static partial class TicketClocks
{
    /// <summary>
    /// A ticket's clock timeline up to <paramref name="at"/>: every update in order and what it did to each clock, the
    /// warnings and breaches crossed between updates at their own instants, and, when <paramref name="at"/> is after the
    /// last update, a final reading. It is the same run as <see cref="Run"/>, told step by step, so the last step's clocks
    /// are exactly the clocks <see cref="Run"/> gives at <paramref name="at"/>: a disputed breach can be explained line by
    /// line.
    /// </summary>
    /// <remarks><see cref="TimelineStep.Update"/> numbers updates from 1 in the order they apply (time, then as given).</remarks>
    /// <exception cref="ArgumentException">The events are of more than one ticket.</exception>
    public static IReadOnlyList<TimelineStep> Timeline(IReadOnlyList<CompiledPolicy> policies, IEnumerable<TicketEvent> events, Instant at)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(events);
        var (ordered, starts) = ByTicket(events, at.ToUnixTimeTicks());
        if (starts.Length > 2)
        {
            throw new ArgumentException("A timeline is of one ticket; the events are of several.", nameof(events));
        }
        var steps = new List<TimelineStep>();
        if (ordered.Length == 0)
        {
            return steps;
        }
        var ticket = ordered[0].Ticket;
        var fields = new FieldSlots(policies);
        var runners = policies.Select(p => new PolicyRunner(p, fields)).ToArray();
        var state = new TicketState(fields);
        var machines = runners.Select(_ => new Machine()).ToArray();
        var before = new Snapshot?[runners.Length];
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var created = ordered[0].At.ToUnixTimeTicks();
        for (var i = 0; i < ordered.Length; i++)
        {
            var e = ordered[i];
            var ticks = e.At.ToUnixTimeTicks();
            if (i > 0)
            {
                Crossings(runners, machines, before, ticket, ordered[i - 1].At.ToUnixTimeTicks(), ticks, steps);
            }
            state.Apply(e.Fields);
            var changes = new List<ClockChange>();
            for (var p = 0; p < runners.Length; p++)
            {
                var runner = runners[p];
                if (before[p] is not null)
                {
                    machines[p].Apply(runner, state, ticks);
                }
                else if (runner.Applies(state) && PolicyRunner.Holds(runner.Start, state, emptyHolds: true))
                {
                    machines[p].Start(runner, state, runner.Spec.RetroactiveStart ? created : ticks, ticks);
                }
                else
                {
                    continue;
                }
                var after = new Snapshot(machines[p].Read(runner, ticket, ticks), machines[p].Phase);
                Diff(before[p], after, e.At, changes);
                before[p] = after;
            }
            steps.Add(new TimelineStep(e.At, TimelineStepKind.Update, i + 1, ChangedFields(values, e.Fields), changes, Clocks(before)));
        }
        var last = ordered[^1].At.ToUnixTimeTicks();
        if (at.ToUnixTimeTicks() > last)
        {
            Crossings(runners, machines, before, ticket, last, at.ToUnixTimeTicks(), steps);
            steps.Add(new TimelineStep(at, TimelineStepKind.Reading, null, Empty, [],
                [.. Started(before).Select(p => machines[p].Read(runners[p], ticket, at.ToUnixTimeTicks()))]));
        }
        return steps;
    }

    /// <summary>
    /// Whether two readings of a ticket's clock under one policy tell a different story (a recompute's preview): one
    /// has a clock and the other not, or they differ in state, target, deadline, breach or stop. The version alone, or
    /// the same figures reached under new terms, is no change.
    /// </summary>
    public static bool Differ(TicketClock? before, TicketClock? after) => (before, after) switch
    {
        (null, null) => false,
        ({ } b, { } a) => b.State != a.State || b.Target != a.Target || b.Deadline != a.Deadline || b.BreachedAt != a.BreachedAt
            || b.StoppedAt != a.StoppedAt || b.StartedAt != a.StartedAt,
        _ => true,
    };

    private static readonly IReadOnlyDictionary<string, string?> Empty = new Dictionary<string, string?>();

    /// <summary>A clock as read just after a step, with its phase.</summary>
    private sealed record Snapshot(TicketClock Clock, ClockPhase Phase);

    private static IEnumerable<int> Started(Snapshot?[] snapshots) => Enumerable.Range(0, snapshots.Length).Where(p => snapshots[p] is not null);

    private static TicketClock[] Clocks(Snapshot?[] snapshots) => [.. snapshots.Where(s => s is not null).Select(s => s!.Clock)];

    /// <summary>
    /// The warnings and breaches the clocks cross after <paramref name="from"/> up to <paramref name="until"/> with no update,
    /// one step per instant, each with the clocks read then; <paramref name="before"/> becomes the clocks read at <paramref name="until"/>.
    /// </summary>
    private static void Crossings(PolicyRunner[] runners, Machine[] machines, Snapshot?[] before, string ticket, long from, long until, List<TimelineStep> steps)
    {
        var crossed = new List<(long At, int Policy, ClockChangeKind Kind, decimal? Percent)>();
        var read = new Snapshot?[runners.Length];
        foreach (var p in Started(before))
        {
            var clock = machines[p].Read(runners[p], ticket, until);
            read[p] = before[p]! with { Clock = clock };
            var known = before[p]!.Clock;
            foreach (var w in clock.Warnings)
            {
                if (!known.Warnings.Contains(w) && w.At.ToUnixTimeTicks() > from)
                {
                    crossed.Add((w.At.ToUnixTimeTicks(), p, ClockChangeKind.WarningCrossed, w.Percent));
                }
            }
            if (clock.BreachedAt is { } b && known.BreachedAt != b)
            {
                crossed.Add((b.ToUnixTimeTicks(), p, ClockChangeKind.Breached, null));
            }
        }
        foreach (var group in crossed.OrderBy(c => c.At).ThenBy(c => c.Policy).ThenBy(c => c.Kind).GroupBy(c => c.At))
        {
            var instant = Instant.FromUnixTimeTicks(group.Key);
            var clocks = Started(before).ToDictionary(p => p, p => machines[p].Read(runners[p], ticket, group.Key));
            foreach (var c in group.Where(c => c.Kind == ClockChangeKind.Breached))
            {
                // Read at its deadline a clock has just reached its target: breached from this instant on.
                clocks[c.Policy] = clocks[c.Policy] with { State = ClockState.Breached, BreachedAt = instant };
            }
            steps.Add(new TimelineStep(instant, TimelineStepKind.Crossing, null, Empty,
                [.. group.Select(c => new ClockChange(runners[c.Policy].Policy.Name, c.Kind, instant, clocks[c.Policy], c.Percent))],
                [.. clocks.OrderBy(c => c.Key).Select(c => c.Value)]));
        }
        foreach (var p in Started(before))
        {
            before[p] = read[p];
        }
    }

    /// <summary>What moved between two readings of one clock, in the order a person reads it.</summary>
    private static void Diff(Snapshot? was, Snapshot now, Instant moment, List<ClockChange> changes)
    {
        var clock = now.Clock;
        void Add(ClockChangeKind kind, Instant at, decimal? percent = null) => changes.Add(new ClockChange(clock.Policy, kind, at, clock, percent));
        if (was is null)
        {
            Add(ClockChangeKind.Started, clock.StartedAt);
        }
        else if (clock.StartedAt != was.Clock.StartedAt)
        {
            Add(ClockChangeKind.Reset, clock.StartedAt);
        }
        var known = was?.Clock.Warnings ?? [];
        foreach (var w in clock.Warnings.Where(w => !known.Contains(w)).OrderBy(w => w.At))
        {
            Add(ClockChangeKind.WarningCrossed, w.At, w.Percent);
        }
        if (clock.BreachedAt is { } b && was?.Clock.BreachedAt != b)
        {
            Add(ClockChangeKind.Breached, b);
        }
        var phase = was?.Phase ?? ClockPhase.Counting;
        if (phase == ClockPhase.Stopped && now.Phase is ClockPhase.Counting or ClockPhase.Paused)
        {
            Add(ClockChangeKind.Reopened, moment);
        }
        if (was is not null && now.Phase is ClockPhase.Counting or ClockPhase.Paused
            && (was.Clock.Priority != clock.Priority || was.Clock.Target != clock.Target))
        {
            changes.Add(new ClockChange(clock.Policy, ClockChangeKind.TargetMoved, moment, clock, null, was.Clock.Priority, was.Clock.Target, was.Clock.Deadline));
        }
        switch (phase, now.Phase)
        {
            case (not ClockPhase.Paused, ClockPhase.Paused):
                Add(ClockChangeKind.Paused, moment);
                break;
            case (ClockPhase.Paused, ClockPhase.Counting):
                Add(ClockChangeKind.Resumed, moment);
                break;
            case (not ClockPhase.Stopped and not ClockPhase.Cancelled, ClockPhase.Stopped):
                Add(ClockChangeKind.Stopped, moment);
                break;
            case (not ClockPhase.Cancelled, ClockPhase.Cancelled):
                Add(ClockChangeKind.Cancelled, moment);
                break;
        }
    }

    /// <summary>The fields whose value the update changed (all it sets, on the first), and the values now known.</summary>
    private static Dictionary<string, string?> ChangedFields(Dictionary<string, string?> values, IReadOnlyDictionary<string, string?> fields)
    {
        var changed = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var had = values.TryGetValue(name, out var old);
            if (had ? !string.Equals(old, value, StringComparison.Ordinal) : value is not null)
            {
                changed[name] = value;
            }
            values[name] = value;
        }
        return changed;
    }
}
