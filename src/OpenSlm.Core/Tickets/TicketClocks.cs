using NodaTime;
using OpenSlm.Core.Calendars;

namespace OpenSlm.Core.Tickets;

/// <summary>One change to a ticket: at <see cref="At"/>, the fields in <see cref="Fields"/> took these values (null clears one).</summary>
public sealed record TicketEvent(string Ticket, Instant At, IReadOnlyDictionary<string, string?> Fields);

/// <summary>Where a clock stands.</summary>
public enum ClockState
{
    /// <summary>Counting business time.</summary>
    Running,

    /// <summary>Started, not counting while the pause conditions hold.</summary>
    Paused,

    /// <summary>Stopped within the target.</summary>
    Met,

    /// <summary>Past the target: stopped after it, or still counting beyond it (then <see cref="TicketClock.StoppedAt"/> is null).</summary>
    Breached,

    /// <summary>Cancelled: the ticket matched a cancel condition or stopped matching the policy. It counts for nothing.</summary>
    Cancelled,
}

/// <summary>A warning threshold (percent of the target) and when the clock crossed it.</summary>
public readonly record struct WarningCrossed(decimal Percent, Instant At);

/// <summary>
/// The clock of one ticket under one policy. Durations are business time on the policy's calendar, except
/// <see cref="Paused"/>, which is the business time that passed while the clock was paused.
/// </summary>
public sealed record TicketClock(
    string Ticket,
    string Policy,
    int PolicyVersion,
    string? Priority,
    ClockState State,
    Instant StartedAt,
    Instant? StoppedAt,
    Duration Target,
    Duration Elapsed,
    Duration Paused,
    Duration Remaining,
    Instant? Deadline,
    Instant? BreachedAt,
    IReadOnlyList<WarningCrossed> Warnings);

/// <summary>A policy ready to run: its terms, version and calendar's clock.</summary>
public sealed record CompiledPolicy(string Name, int Version, TicketPolicySpec Spec, BusinessClock Clock);

/// <summary>
/// Runs ticket clocks from ticket events. Pure: the instant the clocks are read at is a parameter, and the
/// same events give the same clocks whatever order they arrive in (each ticket's events are applied in time
/// order; events at the same instant in the order given).
/// </summary>
/// <remarks>
/// <para>At each event, after its fields are applied, each policy's clock moves: not started → started when the
/// policy applies and its start conditions hold (at the event, or at the ticket's first event with
/// retroactiveStart); started → Cancelled when the policy stops applying or a cancel condition holds; → stopped
/// (Met or Breached) when a stop condition holds; → restarted from zero when a reset condition holds; → Paused
/// while the pause conditions hold, Running again when they stop holding. A stopped clock whose stop condition no
/// longer holds (a reopened ticket) runs on from where it stopped (onReopen: Resume) or keeps its result (Keep).
/// Cancelled is final.</para>
/// <para>The target is the one for the ticket's priority at the time (a priority change moves the deadline).
/// The deadline is the instant the running clock reaches the target; past it the clock is Breached, and
/// BreachedAt is that instant. A clock that stops exactly at its deadline is Met. A priority change that moves the
/// target below the time already counted crosses, at the change, the warnings it passes and (when more than the new
/// target has run) the breach.</para>
/// </remarks>
public static partial class TicketClocks
{
    /// <summary>
    /// The warnings (and the deadline, as 100 %) a clock read at <paramref name="readAt"/> crosses later if it keeps
    /// running with no other update, each with the instant it would: what a watcher must look at, and when, without
    /// running the ticket again. Empty unless the clock is running.
    /// </summary>
    public static IReadOnlyList<WarningCrossed> Upcoming(TicketClock clock, CompiledPolicy policy, Instant readAt)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(policy);
        if (clock.State != ClockState.Running || clock.StoppedAt is not null)
        {
            return [];
        }
        var (target, elapsed) = (clock.Target.BclCompatibleTicks, clock.Elapsed.BclCompatibleTicks);
        var upcoming = new List<WarningCrossed>();
        foreach (var percent in policy.Spec.Warnings.Order())
        {
            var mark = Mark(target, percent);
            if (mark > elapsed && !clock.Warnings.Any(w => w.Percent == percent))
            {
                upcoming.Add(new WarningCrossed(percent, Instant.FromUnixTimeTicks(policy.Clock.AddTicks(readAt.ToUnixTimeTicks(), mark - elapsed))));
            }
        }
        if (clock.Deadline is { } deadline)
        {
            upcoming.Add(new WarningCrossed(100m, deadline));
        }
        return upcoming;
    }

    /// <summary>A warning's mark in business ticks: <paramref name="percent"/> of <paramref name="target"/>, rounded down.</summary>
    private static long Mark(long target, decimal percent) => (long)(target * percent / 100m);

    /// <summary>Every clock the events start, read at <paramref name="at"/>; events after it are ignored.</summary>
    /// <remarks>Tickets are independent, so large runs use every core; the result is the same, in the same order
    /// (tickets by first appearance, then policies in the order given).</remarks>
    public static IReadOnlyList<TicketClock> Run(IReadOnlyList<CompiledPolicy> policies, IEnumerable<TicketEvent> events, Instant at)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(events);
        var fields = new FieldSlots(policies);
        var runners = policies.Select(p => new PolicyRunner(p, fields)).ToArray();
        var (ordered, starts) = ByTicket(events, at.ToUnixTimeTicks());
        var tickets = starts.Length - 1;
        var chunks = Math.Clamp(tickets / ChunkTickets, 1, Environment.ProcessorCount * 4);
        var results = new List<TicketClock>[chunks];
        var runOne = (int chunk) =>
        {
            // Each chunk has its own scratch state; runners and clocks are only read.
            var state = new TicketState(fields);
            var machines = runners.Select(_ => new Machine()).ToArray(); // reused ticket after ticket
            var started = new bool[runners.Length];
            var (first, last) = ((int)((long)tickets * chunk / chunks), (int)((long)tickets * (chunk + 1) / chunks));
            var clocks = new List<TicketClock>((last - first) * runners.Length);
            for (var t = first; t < last; t++)
            {
                RunTicket(runners, state, machines, started, ordered.AsSpan(starts[t], starts[t + 1] - starts[t]));
                var ticket = ordered[starts[t]].Ticket;
                for (var p = 0; p < runners.Length; p++)
                {
                    if (started[p])
                    {
                        clocks.Add(machines[p].Read(runners[p], ticket, at.ToUnixTimeTicks()));
                    }
                }
            }
            results[chunk] = clocks;
        };
        if (chunks == 1)
        {
            runOne(0);
            return results[0];
        }
        Parallel.For(0, chunks, runOne);
        var all = new List<TicketClock>(results.Sum(r => r.Count));
        foreach (var r in results)
        {
            all.AddRange(r);
        }
        return all;
    }

    /// <summary>Below this many tickets a chunk is not worth a thread.</summary>
    private const int ChunkTickets = 20_000;

    /// <summary>
    /// The events up to <paramref name="at"/>, grouped by ticket (in order of each ticket's first appearance) and in
    /// time order within a ticket (events at one instant in the order given); <c>starts</c> bounds each ticket's run
    /// and ends with the total.
    /// </summary>
    private static (TicketEvent[] Ordered, int[] Starts) ByTicket(IEnumerable<TicketEvent> events, long at)
    {
        var all = events as TicketEvent[] ?? [.. events];
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var ticketOf = new int[all.Length];
        var counts = new List<int>();
        for (var i = 0; i < all.Length; i++)
        {
            if (all[i].At.ToUnixTimeTicks() > at)
            {
                ticketOf[i] = -1;
                continue;
            }
            if (i > 0 && ticketOf[i - 1] >= 0 && string.Equals(all[i].Ticket, all[i - 1].Ticket, StringComparison.Ordinal))
            {
                // The same ticket as the event before (the store reads events grouped): no lookup.
                ticketOf[i] = ticketOf[i - 1];
                counts[ticketOf[i]]++;
                continue;
            }
            ref var id = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(ids, all[i].Ticket, out var exists);
            if (!exists)
            {
                id = counts.Count;
                counts.Add(0);
            }
            ticketOf[i] = id;
            counts[id]++;
        }
        var starts = new int[counts.Count + 1];
        for (var t = 0; t < counts.Count; t++)
        {
            starts[t + 1] = starts[t] + counts[t];
        }
        var next = starts[..^1];
        var ordered = new TicketEvent[starts[^1]];
        for (var i = 0; i < all.Length; i++)
        {
            if (ticketOf[i] >= 0)
            {
                ordered[next[ticketOf[i]]++] = all[i];
            }
        }
        for (var t = 0; t < counts.Count; t++)
        {
            InsertionSortByTime(ordered.AsSpan(starts[t], counts[t]));
        }
        return (ordered, starts);
    }

    /// <summary>Stable: a ticket has a handful of events, mostly already in order.</summary>
    private static void InsertionSortByTime(Span<TicketEvent> events)
    {
        for (var i = 1; i < events.Length; i++)
        {
            var e = events[i];
            var j = i - 1;
            while (j >= 0 && events[j].At > e.At)
            {
                events[j + 1] = events[j];
                j--;
            }
            events[j + 1] = e;
        }
    }

    private static void RunTicket(PolicyRunner[] runners, TicketState state, Machine[] machines, bool[] started, ReadOnlySpan<TicketEvent> events)
    {
        state.Clear();
        Array.Clear(started);
        var created = events[0].At.ToUnixTimeTicks();
        foreach (var e in events)
        {
            state.Apply(e.Fields);
            var ticks = e.At.ToUnixTimeTicks();
            for (var p = 0; p < runners.Length; p++)
            {
                var runner = runners[p];
                if (started[p])
                {
                    machines[p].Apply(runner, state, ticks);
                }
                else if (runner.Applies(state) && PolicyRunner.Holds(runner.Start, state, emptyHolds: true))
                {
                    machines[p].Start(runner, state, runner.Spec.RetroactiveStart ? created : ticks, ticks);
                    started[p] = true;
                }
            }
        }
    }

    /// <summary>The fields some policy tests, each given a slot; the other fields of an event are not kept.</summary>
    private sealed class FieldSlots
    {
        private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);

        public FieldSlots(IReadOnlyList<CompiledPolicy> policies)
        {
            foreach (var spec in policies.Select(p => p.Spec))
            {
                Slot(spec.PriorityField);
                foreach (var c in spec.AppliesTo.Concat(spec.Start).Concat(spec.Pause).Concat(spec.Stop).Concat(spec.Cancel).Concat(spec.Reset))
                {
                    Slot(c.Field);
                }
            }
        }

        public int Count => _slots.Count;

        public int Slot(string field)
        {
            if (!_slots.TryGetValue(field, out var slot))
            {
                slot = _slots.Count;
                _slots.Add(field, slot);
            }
            return slot;
        }

        public bool TryGet(string field, out int slot) => _slots.TryGetValue(field, out slot);
    }

    /// <summary>One ticket's tested fields as they stand, and which of them the event being applied changed.</summary>
    private sealed class TicketState(FieldSlots slots)
    {
        public string?[] Values { get; } = new string?[slots.Count];

        public bool[] Changed { get; } = new bool[slots.Count];

        public void Clear()
        {
            Array.Clear(Values);
            Array.Clear(Changed);
        }

        public void Apply(IReadOnlyDictionary<string, string?> fields)
        {
            Array.Clear(Changed);
            if (fields is Dictionary<string, string?> dictionary)
            {
                foreach (var (name, value) in dictionary)
                {
                    Set(name, value);
                }
                return;
            }
            foreach (var (name, value) in fields)
            {
                Set(name, value);
            }
        }

        private void Set(string name, string? value)
        {
            if (slots.TryGet(name, out var slot))
            {
                Changed[slot] |= !string.Equals(Values[slot], value, StringComparison.Ordinal);
                Values[slot] = value;
            }
        }
    }

    /// <summary>One condition, its field resolved to a slot.</summary>
    private readonly record struct Test(int Slot, string[]? In, string[]? NotIn, bool? Empty, bool? Changed)
    {
        public bool Holds(TicketState state)
        {
            var value = state.Values[Slot];
            return this switch
            {
                { In: { } values } => value is not null && Array.IndexOf(values, value) >= 0,
                { NotIn: { } values } => value is null || Array.IndexOf(values, value) < 0,
                { Empty: { } empty } => string.IsNullOrWhiteSpace(value) == empty,
                { Changed: { } wanted } => state.Changed[Slot] == wanted,
                _ => false,
            };
        }
    }

    /// <summary>A policy's conditions, ready to test.</summary>
    private sealed class PolicyRunner
    {
        private readonly Dictionary<string, long> _targets;
        private readonly long? _anyTarget;
        private readonly int _prioritySlot;
        private readonly Dictionary<long, long[]> _marks = [];

        public PolicyRunner(CompiledPolicy policy, FieldSlots slots)
        {
            Policy = policy;
            _targets = policy.Spec.Targets
                .Select(t => (t.Priority, Within: DurationText.TryParse(t.Within)))
                .Where(t => t.Within is not null)
                .ToDictionary(t => t.Priority, t => t.Within!.Value.BclCompatibleTicks, StringComparer.Ordinal);
            _anyTarget = _targets.TryGetValue("*", out var any) ? any : null;
            _prioritySlot = slots.Slot(policy.Spec.PriorityField);
            Test[] Compile(IReadOnlyList<FieldCondition> conditions) =>
                [.. conditions.Select(c => new Test(slots.Slot(c.Field), c.In?.ToArray(), c.NotIn?.ToArray(), c.Empty, c.Changed))];
            AppliesTo = Compile(policy.Spec.AppliesTo);
            Start = Compile(policy.Spec.Start);
            Pause = Compile(policy.Spec.Pause);
            Stop = Compile(policy.Spec.Stop);
            Cancel = Compile(policy.Spec.Cancel);
            Reset = Compile(policy.Spec.Reset);
            Warnings = [.. policy.Spec.Warnings];
            foreach (var target in _targets.Values.Distinct())
            {
                _marks[target] = [.. Warnings.Select(percent => Mark(target, percent))];
            }
        }

        public CompiledPolicy Policy { get; }

        public TicketPolicySpec Spec => Policy.Spec;

        public BusinessClock Clock => Policy.Clock;

        public Test[] AppliesTo { get; }

        public Test[] Start { get; }

        public Test[] Pause { get; }

        public Test[] Stop { get; }

        public Test[] Cancel { get; }

        public Test[] Reset { get; }

        public decimal[] Warnings { get; }

        /// <summary>Each warning's mark in business ticks for a target, in the order of <see cref="Warnings"/>.</summary>
        public long[] Marks(long target) => _marks[target];

        public bool Applies(TicketState state) => Holds(AppliesTo, state, emptyHolds: true);

        public string? Priority(TicketState state) => state.Values[_prioritySlot];

        /// <summary>The target for the ticket's current priority, or null when the policy has none for it.</summary>
        public long? Target(TicketState state) =>
            _targets.TryGetValue(state.Values[_prioritySlot] ?? string.Empty, out var t) ? t : _anyTarget;

        public static bool Holds(Test[] conditions, TicketState state, bool emptyHolds = false)
        {
            if (conditions.Length == 0)
            {
                return emptyHolds;
            }
            foreach (var c in conditions)
            {
                if (!c.Holds(state))
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>One clock's state between events. Times are Unix ticks; durations business ticks.</summary>
    private sealed class Machine
    {
        private ClockState _state;
        private long _startedAt;
        private long _since;         // when the current running or paused stretch began
        private long _elapsed;       // business time counted before _since
        private long _paused;        // business time paused before _since
        private long? _stoppedAt;
        private long? _target;
        private long? _breachedAt;
        private string? _priority;
        private List<WarningCrossed>? _warnings; // null until the first warning is crossed

        /// <summary>Where the clock stands between events, whatever it has breached.</summary>
        public ClockPhase Phase => _state == ClockState.Cancelled ? ClockPhase.Cancelled
            : _stoppedAt is not null ? ClockPhase.Stopped
            : _state == ClockState.Paused ? ClockPhase.Paused
            : ClockPhase.Counting;

        /// <summary>Starts the clock afresh (a machine is reused from ticket to ticket).</summary>
        public void Start(PolicyRunner runner, TicketState state, long startTicks, long now)
        {
            // With a retroactive start the time since creation ran: pauses before the policy matched are not known.
            (_state, _startedAt, _since, _elapsed, _paused) = (ClockState.Running, startTicks, startTicks, 0, 0);
            (_stoppedAt, _breachedAt) = (null, null);
            _warnings?.Clear();
            Retarget(runner, state, now);
            Move(runner, state, now, starting: true);
        }

        public void Apply(PolicyRunner runner, TicketState state, long now)
        {
            if (_state == ClockState.Cancelled)
            {
                return;
            }
            if (_stoppedAt is not null)
            {
                // Reopened: the stop condition no longer holds.
                if (runner.Spec.OnReopen == ReopenRule.Keep || PolicyRunner.Holds(runner.Stop, state)
                    || !runner.Applies(state) || PolicyRunner.Holds(runner.Cancel, state))
                {
                    return;
                }
                _stoppedAt = null;
                _since = now;
                _state = ClockState.Running;
                Retarget(runner, state, now);
                if (PolicyRunner.Holds(runner.Pause, state))
                {
                    _state = ClockState.Paused;
                }
                return;
            }
            Move(runner, state, now);
        }

        /// <summary>Counts the stretch up to <paramref name="now"/>, then moves by the conditions that hold.</summary>
        private void Move(PolicyRunner runner, TicketState state, long now, bool starting = false)
        {
            Count(runner, now);
            if (!runner.Applies(state) || PolicyRunner.Holds(runner.Cancel, state))
            {
                _state = ClockState.Cancelled;
                _stoppedAt = now;
                return;
            }
            if (PolicyRunner.Holds(runner.Stop, state))
            {
                _stoppedAt = now;
                return;
            }
            if (!starting && PolicyRunner.Holds(runner.Reset, state))
            {
                (_startedAt, _elapsed, _paused, _breachedAt) = (now, 0, 0, null);
                _warnings?.Clear();
            }
            Retarget(runner, state, now);
            _state = PolicyRunner.Holds(runner.Pause, state) ? ClockState.Paused : ClockState.Running;
        }

        /// <summary>Adds the business time from <see cref="_since"/> to <paramref name="now"/> to elapsed (running) or paused.</summary>
        private void Count(PolicyRunner runner, long now)
        {
            var span = runner.Clock.BetweenTicks(_since, now);
            if (_state == ClockState.Paused)
            {
                _paused += span;
            }
            else
            {
                Cross(runner, span);
                _elapsed += span;
            }
            _since = now;
        }

        /// <summary>Records the warnings and the breach a running stretch of <paramref name="span"/> from <see cref="_since"/> crosses.</summary>
        private void Cross(PolicyRunner runner, long span)
        {
            if (_target is not { } target)
            {
                return;
            }
            var before = _elapsed;
            var marks = runner.Marks(target);
            for (var i = 0; i < marks.Length; i++)
            {
                var mark = marks[i];
                if (before < mark && mark <= before + span && !Crossed(runner.Warnings[i]))
                {
                    (_warnings ??= []).Add(new WarningCrossed(runner.Warnings[i], Instant.FromUnixTimeTicks(runner.Clock.AddTicks(_since, mark - before))));
                }
            }
            if (_breachedAt is null && before + span > target)
            {
                _breachedAt = runner.Clock.AddTicks(_since, Math.Max(0, target - before));
            }
        }

        private bool Crossed(decimal percent)
        {
            if (_warnings is null)
            {
                return false;
            }
            foreach (var w in _warnings)
            {
                if (w.Percent == percent)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>
        /// Takes the target of the ticket's priority now. A target that moves below the time already counted is crossed
        /// at <paramref name="now"/>: the warnings it passes, and the breach when more than the new target has run.
        /// </summary>
        private void Retarget(PolicyRunner runner, TicketState state, long now)
        {
            _priority = runner.Priority(state);
            _target = runner.Target(state);
            if (_target is not { } target || _elapsed == 0)
            {
                return;
            }
            var marks = runner.Marks(target);
            for (var i = 0; i < marks.Length; i++)
            {
                if (marks[i] <= _elapsed && !Crossed(runner.Warnings[i]))
                {
                    (_warnings ??= []).Add(new WarningCrossed(runner.Warnings[i], Instant.FromUnixTimeTicks(now)));
                }
            }
            if (_breachedAt is null && _elapsed > target)
            {
                _breachedAt = now;
            }
        }

        /// <summary>The clock as read at <paramref name="at"/> (a running stretch is counted up to it, without changing the clock).</summary>
        public TicketClock Read(PolicyRunner runner, string ticket, long at)
        {
            var read = this;
            if (_stoppedAt is null && _state != ClockState.Cancelled && at > _since)
            {
                read = (Machine)MemberwiseClone();
                read._warnings = _warnings is null ? null : [.. _warnings];
                read.Count(runner, at);
            }
            var (elapsed, paused, breachedAt, warnings) = (read._elapsed, read._paused, read._breachedAt, read._warnings);
            var target = _target ?? 0;
            var state = _state switch
            {
                ClockState.Cancelled => ClockState.Cancelled,
                _ when breachedAt is not null => ClockState.Breached,
                _ when _stoppedAt is not null => ClockState.Met,
                _ => _state,
            };
            Instant? deadline = _target is null || _stoppedAt is not null || _state == ClockState.Paused
                ? null
                : Instant.FromUnixTimeTicks(breachedAt ?? runner.Clock.AddTicks(_since, target - _elapsed));
            return new TicketClock(ticket, runner.Policy.Name, runner.Policy.Version, _priority, state,
                Instant.FromUnixTimeTicks(_startedAt), _stoppedAt is { } s ? Instant.FromUnixTimeTicks(s) : null,
                Duration.FromTicks(target), Duration.FromTicks(elapsed), Duration.FromTicks(paused),
                Duration.FromTicks(Math.Max(0, target - elapsed)), deadline,
                breachedAt is { } b ? Instant.FromUnixTimeTicks(b) : null, ByPercent(warnings));
        }

        private static WarningCrossed[] ByPercent(List<WarningCrossed>? warnings)
        {
            if (warnings is null || warnings.Count == 0)
            {
                return [];
            }
            var sorted = warnings.ToArray();
            Array.Sort(sorted, static (x, y) => x.Percent.CompareTo(y.Percent));
            return sorted;
        }
    }
}
