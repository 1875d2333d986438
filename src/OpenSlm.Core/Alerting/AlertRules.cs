using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Tickets;

namespace OpenSlm.Core.Alerting;

/// <summary>What an alert is about.</summary>
public enum AlertKind
{
    /// <summary>The error budget burns too fast (a multiwindow burn-rate condition holds).</summary>
    BurnRate,

    /// <summary>At the current burn, the budget runs out before the period ends.</summary>
    ProjectedBreach,

    /// <summary>No measurement for longer than allowed.</summary>
    NoData,

    /// <summary>The objective's status is AtRisk or Breached; the alert's level is the status, so a move from one to the
    /// other is told as a change of the same alert, and the return to Met resolves it.</summary>
    Status,

    /// <summary>A ticket's clock crossed a warning threshold or its deadline (one alert per ticket; the level is the
    /// highest threshold crossed). It resolves when the clock stops.</summary>
    TicketWarning,
}

/// <summary>
/// How an objective is watched. Defaults: the SRE workbook's burn-rate conditions for the objective's period, a
/// low-traffic guard of 10 events in the long window, projected breaches on, no-data alerts off.
/// </summary>
public sealed record AlertPolicy
{
    /// <summary>The burn-rate conditions; null for <see cref="BurnRateAlerts.Default"/> of the objective's period.</summary>
    public IReadOnlyList<BurnRateCondition>? BurnRates { get; init; }

    /// <summary>
    /// Low-traffic guard: a burn-rate condition needs at least this many events (or slices with data) in its long
    /// window, so that 1 failure out of 3 requests pages nobody.
    /// </summary>
    public decimal MinEvents { get; init; } = 10;

    /// <summary>Raise a ticket when no measurement arrived for this long; null for never.</summary>
    public Duration? NoDataAfter { get; init; }

    /// <summary>Remind people of an alert still open and unacknowledged this long after they were last told; null: never.</summary>
    public Duration? RenotifyAfter { get; init; } = Duration.FromHours(4);

    /// <summary>Raise a ticket when the budget is projected to run out before the period ends, at the current (1 h) burn
    /// or by the trend of the period's days (see <see cref="BudgetTrend"/>). Calendar windows only: a rolling window never
    /// ends, and its burn-rate conditions say the same sooner.</summary>
    public bool ProjectedBreach { get; init; } = true;

    /// <summary>Raise a ticket while the objective's status is AtRisk or Breached, told again when it moves between them.</summary>
    public bool StatusChanges { get; init; } = true;

    /// <summary>Whether people are told when an alert resolves.</summary>
    public bool NotifyResolved { get; init; } = true;

    /// <summary>The channels alerts go out on (of <see cref="NotificationChannel.Known"/>); null for every channel configured.</summary>
    public IReadOnlyList<string>? Channels { get; init; }
}

/// <summary>
/// One condition that holds now, with the figures that made it hold. <see cref="Subject"/> tells alerts of one kind and
/// severity apart within an objective (a ticket's id; empty otherwise); <see cref="Level"/> is how far the condition has
/// gone (a status, a threshold crossed): when it changes, the open alert is told again rather than opened anew.
/// </summary>
public sealed record AlertSignal(
    AlertKind Kind,
    AlertSeverity Severity,
    string Reason,
    BurnRateCondition? Condition = null,
    decimal? ShortBurn = null,
    decimal? LongBurn = null,
    Instant? ProjectedAt = null,
    string Subject = "",
    string Level = "");

/// <summary>
/// Decides which alert conditions hold for an objective at an instant. Pure: the evaluation, the data and the instant
/// are parameters; whether an alert is already open, and notifying, are the caller's.
/// </summary>
public static class AlertRules
{
    /// <summary>The burn-rate conditions <paramref name="policy"/> watches the objective of <paramref name="plan"/> by at
    /// <paramref name="now"/>: those configured, or the workbook's for the length of the objective's period then.</summary>
    public static IReadOnlyList<BurnRateCondition> Conditions(ObjectivePlan plan, AlertPolicy policy, Instant now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(policy);
        return policy.BurnRates ?? BurnRateAlerts.Default(plan.Terms.Window.Full(now).Length);
    }

    /// <summary>The burn-rate conditions an objective is watched by at <paramref name="now"/> (none when its alerting is off).</summary>
    public static IReadOnlyList<BurnRateCondition> Conditions(ObjectiveSpec objective, ObjectivePlan plan, Instant now)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(plan);
        return objective.Alerting is { Enabled: false } ? [] : Conditions(plan, objective.Alerting?.Policy(plan.Terms.Window.Full(now).Length) ?? new AlertPolicy(), now);
    }

    /// <summary>
    /// Every condition that holds at <paramref name="now"/>: for each severity at most one burn-rate signal (the first
    /// of its conditions that holds, quick before slow), a projected breach (at the current burn, or by
    /// <paramref name="trend"/>), the status and a no-data signal.
    /// </summary>
    public static IReadOnlyList<AlertSignal> Check(
        ObjectivePlan plan, CountSeries series, ObjectiveEvaluation evaluation, Instant now, AlertPolicy policy, Instant? lastData,
        TrendProjection? trend = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(policy);
        var signals = new List<AlertSignal>();
        var conditions = Conditions(plan, policy, now);

        // The evaluation has the burn over the usual look-back windows already (the workbook's are among them); any
        // other window is scored here.
        (decimal? Rate, decimal Units) Burn(Duration window) =>
            evaluation.BurnRates.FirstOrDefault(b => b.Length == window && b.Label != "window") is { } known
                ? (known.Rate, known.Units)
                : plan.BurnOver(series, now, window);
        foreach (var severity in new[] { AlertSeverity.Page, AlertSeverity.Ticket })
        {
            foreach (var c in conditions.Where(c => c.Severity == severity))
            {
                var (longBurn, units) = Burn(c.LongWindow);
                if (longBurn is not { } l || l <= c.Factor || units < policy.MinEvents)
                {
                    continue;
                }
                var (shortBurn, _) = Burn(c.ShortWindow);
                if (shortBurn is { } s && s > c.Factor)
                {
                    signals.Add(new AlertSignal(AlertKind.BurnRate, severity,
                        $"{c.BudgetPercent} % of the error budget would burn in {Text(c.LongWindow)}: burn rate {Round(l)} over {Text(c.LongWindow)} and {Round(s)} over {Text(c.ShortWindow)}, above {Round(c.Factor)}.",
                        c, s, l));
                    break;
                }
            }
        }
        if (policy.ProjectedBreach && plan.Terms.Window.Period is not null && evaluation.Status is not (ObjectiveStatus.Breached or ObjectiveStatus.NoData))
        {
            var end = plan.Terms.Window.Full(now).End;
            if (evaluation.ExhaustionAt is { } exhaustion && exhaustion < end)
            {
                signals.Add(new AlertSignal(AlertKind.ProjectedBreach, AlertSeverity.Ticket,
                    $"At the current burn the error budget runs out at {exhaustion}, before the period ends at {end}.", ProjectedAt: exhaustion));
            }
            else if (trend is { } t && t.ProjectedAttainment < plan.Terms.Target)
            {
                signals.Add(new AlertSignal(AlertKind.ProjectedBreach, AlertSeverity.Ticket,
                    $"By the trend of the last {t.Days} days (the daily error share {(t.SlopePerDay >= 0 ? "rising" : "falling")} by {Percent(Math.Abs(t.SlopePerDay))} points a day) the period would close at {Percent(t.ProjectedAttainment)} %, below the target of {Percent(plan.Terms.Target)} %"
                    + (t.ExhaustionAt is { } at ? $"; the error budget runs out around {at}." : "."), ProjectedAt: t.ExhaustionAt));
            }
        }
        if (policy.StatusChanges && evaluation.Status is ObjectiveStatus.AtRisk or ObjectiveStatus.Breached)
        {
            var measured = ((Attainment.Measured)evaluation.Attainment).Ratio;
            signals.Add(new AlertSignal(AlertKind.Status, AlertSeverity.Ticket, evaluation.Status == ObjectiveStatus.Breached
                ? $"Breached: {Percent(measured)} % over the window so far, below the target of {Percent(plan.Terms.Target)} %."
                : $"At risk: {Percent(measured)} % over the window so far, below the warning level of {Percent(plan.Terms.Warning ?? plan.Terms.Target)} % (target {Percent(plan.Terms.Target)} %).",
                Level: evaluation.Status.ToString()));
        }
        if (policy.NoDataAfter is { } limit && (lastData is null || now - lastData.Value > limit))
        {
            signals.Add(new AlertSignal(AlertKind.NoData, AlertSeverity.Ticket,
                lastData is { } last ? $"No measurement since {last}, more than {Text(limit)} ago." : "No measurement has arrived."));
        }
        return signals;
    }

    /// <summary>
    /// The warning alert for a ticket's clock at <paramref name="now"/>: the highest of its thresholds crossed by then,
    /// from those it had crossed (<see cref="TicketClock.Warnings"/>) and those it was due to cross while running
    /// (<paramref name="upcoming"/>, see <see cref="TicketClocks.Upcoming"/>; the deadline is 100 %). Null when none is
    /// crossed or the clock has stopped.
    /// </summary>
    public static AlertSignal? TicketWarning(TicketClock clock, IReadOnlyList<WarningCrossed> upcoming, Instant now)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(upcoming);
        if (clock.StoppedAt is not null || clock.State == ClockState.Cancelled)
        {
            return null;
        }
        WarningCrossed? highest = null;
        foreach (var w in clock.Warnings.Concat(upcoming))
        {
            if (w.At <= now && (highest is null || w.Percent > highest.Value.Percent))
            {
                highest = w;
            }
        }
        if (clock.BreachedAt is { } breached && breached <= now)
        {
            highest = new WarningCrossed(100m, breached);
        }
        if (highest is not { } h)
        {
            return null;
        }
        var who = clock.Priority is { } p ? $"{clock.Ticket} ({p})" : clock.Ticket;
        var reason = h.Percent >= 100m
            ? $"{who} passed its deadline at {h.At}: target {Text(clock.Target)} under {clock.Policy}."
            : $"{who} crossed {h.Percent} % of its {Text(clock.Target)} target under {clock.Policy} at {h.At}"
                + (clock.Deadline is { } d ? $"; deadline {d}." : clock.State == ClockState.Paused ? "; the clock is paused." : ".");
        return new AlertSignal(AlertKind.TicketWarning, AlertSeverity.Ticket, reason, ProjectedAt: clock.Deadline,
            Subject: clock.Ticket, Level: h.Percent >= 100m ? "breached" : $"{h.Percent}%");
    }

    private static string Text(Duration d) => Calendars.DurationText.Format(d);

    private static decimal Round(decimal x) => decimal.Round(x, 2);

    private static string Percent(decimal ratio) => (ratio * 100m).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}
