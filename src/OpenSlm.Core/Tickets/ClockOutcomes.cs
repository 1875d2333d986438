using NodaTime;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Tickets;

/// <summary>What a clock counts for in an objective: its state and the instants that place it in time.</summary>
public readonly record struct ClockOutcome(ClockState State, Instant? StoppedAt, Instant? BreachedAt, Instant? Deadline);

/// <summary>
/// Ticket clocks as a ratio series, so that an objective such as "95 % of P1 incidents resolved within target per
/// month" is evaluated by the same engine, with the same statuses and history, as any SLO.
/// </summary>
/// <remarks>
/// Each clock is one event: bad at the instant it breached (a breach stands, and it counts as soon as it happens, not
/// when the ticket is finally closed), good at the instant it stopped within target. A running clock with a deadline
/// breaches there: it is counted bad from that instant on without waiting for another update. Clocks still within
/// target, paused clocks and cancelled clocks count for nothing yet.
/// </remarks>
public static class ClockOutcomes
{
    /// <summary>The good/total series of the clocks' outcomes; several outcomes at one instant add up.</summary>
    public static RatioSeries Series(IEnumerable<ClockOutcome> clocks)
    {
        ArgumentNullException.ThrowIfNull(clocks);
        var events = new List<(long At, bool Good)>();
        foreach (var c in clocks)
        {
            if (c.State == ClockState.Cancelled)
            {
                continue;
            }
            if (c.BreachedAt is { } breached)
            {
                events.Add((breached.ToUnixTimeTicks(), false));
            }
            else if (c.StoppedAt is { } stopped)
            {
                events.Add((stopped.ToUnixTimeTicks(), true));
            }
            else if (c.State == ClockState.Running && c.Deadline is { } deadline)
            {
                events.Add((deadline.ToUnixTimeTicks(), false));
            }
        }
        events.Sort();
        var at = new List<long>();
        var good = new List<long>();
        var total = new List<long>();
        foreach (var (ticks, ok) in events)
        {
            if (at.Count == 0 || at[^1] != ticks)
            {
                at.Add(ticks);
                good.Add(0);
                total.Add(0);
            }
            good[^1] += ok ? 1 : 0;
            total[^1]++;
        }
        return RatioSeries.FromOrdered([.. at], [.. good], [.. total]);
    }
}
