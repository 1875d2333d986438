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
public sealed record WarningCrossed(decimal Percent, Instant At);

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
/// BreachedAt is that instant. A clock that stops exactly at its deadline is Met.</para>
/// </remarks>
public static class TicketClocks
{
    /// <summary>Every clock the events start, read at <paramref name="at"/>; events after it are ignored.</summary>
    public static IEnumerable<TicketClock> Run(IReadOnlyList<CompiledPolicy> policies, IEnumerable<TicketEvent> events, Instant at)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var runners = policies.Select(p => new PolicyRunner(p)).ToArray();
        foreach (var ticket in events.Where(e => e.At <= at).GroupBy(e => e.Ticket, StringComparer.Ordinal))
        {
            foreach (var clock in RunTicket(runners, [.. ticket.OrderBy(e => e.At)], at))
            {
                yield return clock;
            }
        }
    }

    private static IEnumerable<TicketClock> RunTicket(PolicyRunner[] runners, List<TicketEvent> events, Instant at)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var machines = new Machine?[runners.Length];
        var created = events[0].At.ToUnixTimeTicks();
        foreach (var e in events)
        {
            changed.Clear();
            foreach (var (name, value) in e.Fields)
            {
                var before = fields.GetValueOrDefault(name);
                if (!string.Equals(before, value, StringComparison.Ordinal))
                {
                    changed.Add(name);
                }
                fields[name] = value;
            }
            var ticks = e.At.ToUnixTimeTicks();
            for (var p = 0; p < runners.Length; p++)
            {
                var runner = runners[p];
                if (machines[p] is { } machine)
                {
                    machine.Apply(runner, fields, changed, ticks);
                }
                else if (runner.Applies(fields, changed) && PolicyRunner.Holds(runner.Spec.Start, fields, changed, emptyHolds: true))
                {
                    var start = runner.Spec.RetroactiveStart ? created : ticks;
                    machines[p] = Machine.Start(runner, fields, changed, start, ticks);
                }
            }
        }
        var ticket = events[0].Ticket;
        for (var p = 0; p < runners.Length; p++)
        {
            if (machines[p] is { } machine)
            {
                yield return machine.Read(runners[p], ticket, at.ToUnixTimeTicks());
            }
        }
    }

    /// <summary>A policy's conditions, ready to test.</summary>
    private sealed class PolicyRunner(CompiledPolicy policy)
    {
        private readonly Dictionary<string, long> _targets = policy.Spec.Targets
            .Select(t => (t.Priority, Within: DurationText.TryParse(t.Within)))
            .Where(t => t.Within is not null)
            .ToDictionary(t => t.Priority, t => t.Within!.Value.BclCompatibleTicks, StringComparer.Ordinal);

        public CompiledPolicy Policy { get; } = policy;

        public TicketPolicySpec Spec => Policy.Spec;

        public BusinessClock Clock => Policy.Clock;

        public bool Applies(Dictionary<string, string?> fields, HashSet<string> changed) => Holds(Spec.AppliesTo, fields, changed, emptyHolds: true);

        /// <summary>The target for the ticket's current priority, or null when the policy has none for it.</summary>
        public long? Target(Dictionary<string, string?> fields) =>
            _targets.TryGetValue(fields.GetValueOrDefault(Spec.PriorityField) ?? string.Empty, out var t) ? t
            : _targets.TryGetValue("*", out var any) ? any : null;

        public static bool Holds(IReadOnlyList<FieldCondition> conditions, Dictionary<string, string?> fields, HashSet<string> changed, bool emptyHolds = false)
        {
            if (conditions.Count == 0)
            {
                return emptyHolds;
            }
            foreach (var c in conditions)
            {
                var value = fields.GetValueOrDefault(c.Field);
                var holds = c switch
                {
                    { In: { } values } => value is not null && Contains(values, value),
                    { NotIn: { } values } => value is null || !Contains(values, value),
                    { Empty: { } empty } => string.IsNullOrWhiteSpace(value) == empty,
                    { Changed: { } wanted } => changed.Contains(c.Field) == wanted,
                    _ => false,
                };
                if (!holds)
                {
                    return false;
                }
            }
            return true;
        }

        private static bool Contains(IReadOnlyList<string> values, string value)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (string.Equals(values[i], value, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            return false;
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
        private List<WarningCrossed> _warnings = [];

        public static Machine Start(PolicyRunner runner, Dictionary<string, string?> fields, HashSet<string> changed, long startTicks, long now)
        {
            // With a retroactive start the time since creation ran: pauses before the policy matched are not known.
            var m = new Machine { _startedAt = startTicks, _since = startTicks, _state = ClockState.Running };
            m.Retarget(runner, fields);
            m.Move(runner, fields, changed, now, starting: true);
            return m;
        }

        public void Apply(PolicyRunner runner, Dictionary<string, string?> fields, HashSet<string> changed, long now)
        {
            if (_state == ClockState.Cancelled)
            {
                return;
            }
            if (_stoppedAt is not null)
            {
                // Reopened: the stop condition no longer holds.
                if (runner.Spec.OnReopen == ReopenRule.Keep || PolicyRunner.Holds(runner.Spec.Stop, fields, changed)
                    || !runner.Applies(fields, changed) || PolicyRunner.Holds(runner.Spec.Cancel, fields, changed))
                {
                    return;
                }
                _stoppedAt = null;
                _since = now;
                _state = ClockState.Running;
                Retarget(runner, fields);
                if (PolicyRunner.Holds(runner.Spec.Pause, fields, changed))
                {
                    _state = ClockState.Paused;
                }
                return;
            }
            Move(runner, fields, changed, now);
        }

        /// <summary>Counts the stretch up to <paramref name="now"/>, then moves by the conditions that hold.</summary>
        private void Move(PolicyRunner runner, Dictionary<string, string?> fields, HashSet<string> changed, long now, bool starting = false)
        {
            Count(runner, now);
            if (!runner.Applies(fields, changed) || PolicyRunner.Holds(runner.Spec.Cancel, fields, changed))
            {
                _state = ClockState.Cancelled;
                _stoppedAt = now;
                return;
            }
            if (PolicyRunner.Holds(runner.Spec.Stop, fields, changed))
            {
                _stoppedAt = now;
                return;
            }
            if (!starting && PolicyRunner.Holds(runner.Spec.Reset, fields, changed))
            {
                (_startedAt, _elapsed, _paused, _breachedAt) = (now, 0, 0, null);
                _warnings.Clear();
            }
            Retarget(runner, fields);
            _state = PolicyRunner.Holds(runner.Spec.Pause, fields, changed) ? ClockState.Paused : ClockState.Running;
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
            foreach (var percent in runner.Spec.Warnings)
            {
                var mark = (long)(target * percent / 100m);
                if (before < mark && mark <= before + span && !_warnings.Exists(w => w.Percent == percent))
                {
                    _warnings.Add(new WarningCrossed(percent, Instant.FromUnixTimeTicks(runner.Clock.AddTicks(_since, mark - before))));
                }
            }
            if (_breachedAt is null && before + span > target)
            {
                _breachedAt = runner.Clock.AddTicks(_since, Math.Max(0, target - before));
            }
        }

        private void Retarget(PolicyRunner runner, Dictionary<string, string?> fields)
        {
            _priority = fields.GetValueOrDefault(runner.Spec.PriorityField);
            _target = runner.Target(fields);
        }

        /// <summary>The clock as read at <paramref name="at"/> (a running stretch is counted up to it, without changing the clock).</summary>
        public TicketClock Read(PolicyRunner runner, string ticket, long at)
        {
            var read = this;
            if (_stoppedAt is null && _state != ClockState.Cancelled && at > _since)
            {
                read = (Machine)MemberwiseClone();
                read._warnings = [.. _warnings];
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
                breachedAt is { } b ? Instant.FromUnixTimeTicks(b) : null, [.. warnings.OrderBy(w => w.Percent)]);
        }
    }
}
