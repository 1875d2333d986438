using System.Globalization;
using NodaTime;
using OpenSlm.Core.Tickets;

namespace OpenSlm.Reports;

/// <summary>How a ticket's clock timeline reads, in the API and on the ticket page alike: one sentence per change.</summary>
public static class TimelineText
{
    /// <summary>What the change did to its clock, in words, with the figures that explain it; times by <paramref name="time"/> (default UTC as reports write them).</summary>
    public static string Describe(ClockChange change, Func<Instant, string>? time = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        var c = change.Clock;
        var at = time ?? ReportText.Time;
        return change.Kind switch
        {
            ClockChangeKind.Started => $"started: target {Exact(c.Target)}{For(c.Priority)}, {Due(c, at)}",
            ClockChangeKind.Paused => $"paused with {Exact(c.Elapsed)} counted and {Exact(c.Remaining)} left",
            ClockChangeKind.Resumed => $"resumed with {Exact(c.Remaining)} left, {Due(c, at)}",
            ClockChangeKind.TargetMoved =>
                $"priority {change.PriorityBefore ?? "none"} → {c.Priority ?? "none"}: target {(change.TargetBefore is { } t ? Exact(t) : "none")} → {Exact(c.Target)}; "
                + $"due {(change.DeadlineBefore is { } d ? at(d) : "—")} → {(c.Deadline is { } n ? at(n) : "—")}",
            ClockChangeKind.WarningCrossed => $"{(change.Percent is { } percent ? ReportText.Percent(percent) : "—")} of the {Exact(c.Target)} target counted",
            ClockChangeKind.Breached => $"breached: the {Exact(c.Target)} target ran out",
            ClockChangeKind.Stopped when c.State == ClockState.Met =>
                $"stopped: met, {Exact(c.Elapsed)} of {Exact(c.Target)} counted, {Exact(c.Remaining)} to spare",
            ClockChangeKind.Stopped => $"stopped: breached, {Exact(c.Elapsed)} of {Exact(c.Target)} counted, {Exact(c.Elapsed - c.Target)} over",
            ClockChangeKind.Reset => "reset: counting again from zero",
            ClockChangeKind.Reopened => $"reopened: runs on from the {Exact(c.Elapsed)} counted",
            ClockChangeKind.Cancelled => "cancelled: counts for nothing",
            _ => change.Kind.ToString(),
        };
    }

    /// <summary>How a recompute would change a ticket's clock, in words: "Running → Breached; target 4h → 2h; due … → …; breached at …".</summary>
    public static string Recompute(TicketClock? before, TicketClock? after, Func<Instant, string>? time = null)
    {
        var at = time ?? ReportText.Time;
        string Time(Instant? instant) => instant is { } i ? at(i) : "—";
        if (before is null && after is null)
        {
            return "no clock either way";
        }
        if (before is null)
        {
            return $"gets a clock: {State(after!)}, target {Exact(after!.Target)}" + (after.Deadline is { } d ? $", due {at(d)}" : "");
        }
        if (after is null)
        {
            return "loses its clock: the current terms do not start one";
        }
        var parts = new List<string>();
        if (State(before) != State(after))
        {
            parts.Add($"{State(before)} → {State(after)}");
        }
        if (before.Target != after.Target)
        {
            parts.Add($"target {Exact(before.Target)} → {Exact(after.Target)}");
        }
        if (before.Deadline != after.Deadline)
        {
            parts.Add($"due {Time(before.Deadline)} → {Time(after.Deadline)}");
        }
        if (before.BreachedAt != after.BreachedAt)
        {
            parts.Add(after.BreachedAt is { } b ? $"breached at {at(b)}" : "no longer breached");
        }
        if (before.StartedAt != after.StartedAt)
        {
            parts.Add($"started {at(before.StartedAt)} → {at(after.StartedAt)}");
        }
        if (before.StoppedAt != after.StoppedAt)
        {
            parts.Add($"stopped {Time(before.StoppedAt)} → {Time(after.StoppedAt)}");
        }
        return parts.Count == 0 ? "the same figures" : string.Join("; ", parts);
    }

    /// <summary>A clock's state in words: Running, Paused, Met, Breached (stopped or still running), Cancelled.</summary>
    public static string State(TicketClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return clock.State switch
        {
            ClockState.Breached when clock.StoppedAt is not null => "Stopped, breached",
            ClockState.Breached => "Breached, still running",
            ClockState.Met => "Stopped, met",
            _ => clock.State.ToString(),
        };
    }

    /// <summary>A business duration to the second: "3d", "5h 30m", "1d 0h 15m", "0s".</summary>
    public static string Exact(Duration duration)
    {
        var sign = duration < Duration.Zero ? "−" : "";
        var seconds = (long)Math.Floor(Math.Abs(duration.TotalSeconds));
        var (d, h, m, s) = (seconds / 86_400, seconds / 3_600 % 24, seconds / 60 % 60, seconds % 60);
        var parts = new List<string>();
        if (d > 0)
        {
            parts.Add($"{d}d");
        }
        if (h > 0 || (d > 0 && (m > 0 || s > 0)))
        {
            parts.Add($"{h}h");
        }
        if (m > 0 || (parts.Count > 0 && s > 0))
        {
            parts.Add($"{m}m");
        }
        if (s > 0 || parts.Count == 0)
        {
            parts.Add($"{s}s");
        }
        return sign + string.Join(' ', parts);
    }

    private static string For(string? priority) => priority is null ? "" : $" for priority {priority}";

    private static string Due(TicketClock clock, Func<Instant, string> time) => clock switch
    {
        { Deadline: { } d } => $"due {time(d)}",
        { Target.BclCompatibleTicks: 0 } => "no target for this priority, so no deadline",
        { StoppedAt: not null } => "stopped by the same update",
        _ => "no deadline while paused",
    };
}
