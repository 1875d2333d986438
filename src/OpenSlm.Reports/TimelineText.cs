using System.Globalization;
using NodaTime;
using OpenSlm.Core.Tickets;

namespace OpenSlm.Reports;

/// <summary>How a ticket's clock timeline reads, in the API and on the ticket page alike: one sentence per change.</summary>
public static class TimelineText
{
    /// <summary>What the change did to its clock, in words, with the figures that explain it.</summary>
    public static string Describe(ClockChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var c = change.Clock;
        return change.Kind switch
        {
            ClockChangeKind.Started => $"started: target {Exact(c.Target)}{For(c.Priority)}, {Due(c)}",
            ClockChangeKind.Paused => $"paused with {Exact(c.Elapsed)} counted and {Exact(c.Remaining)} left",
            ClockChangeKind.Resumed => $"resumed with {Exact(c.Remaining)} left, {Due(c)}",
            ClockChangeKind.TargetMoved =>
                $"priority {change.PriorityBefore ?? "none"} → {c.Priority ?? "none"}: target {(change.TargetBefore is { } t ? Exact(t) : "none")} → {Exact(c.Target)}; "
                + $"due {(change.DeadlineBefore is { } d ? ReportText.Time(d) : "—")} → {(c.Deadline is { } n ? ReportText.Time(n) : "—")}",
            ClockChangeKind.WarningCrossed => $"{change.Percent?.ToString("0.##", CultureInfo.InvariantCulture)} % of the {Exact(c.Target)} target counted",
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

    private static string Due(TicketClock clock) => clock switch
    {
        { Deadline: { } d } => $"due {ReportText.Time(d)}",
        { Target.BclCompatibleTicks: 0 } => "no target for this priority, so no deadline",
        { StoppedAt: not null } => "stopped by the same update",
        _ => "no deadline while paused",
    };
}
