using NodaTime;
using OpenSlm.Core.Evaluation;

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

    /// <summary>Raise a ticket when, at the current (1 h) burn, the budget runs out before the period ends (calendar windows: a
    /// rolling window never ends, and its burn-rate conditions say the same sooner).</summary>
    public bool ProjectedBreach { get; init; } = true;
}

/// <summary>One condition that holds now, with the figures that made it hold.</summary>
public sealed record AlertSignal(
    AlertKind Kind,
    AlertSeverity Severity,
    string Reason,
    BurnRateCondition? Condition = null,
    decimal? ShortBurn = null,
    decimal? LongBurn = null,
    Instant? ProjectedAt = null);

/// <summary>
/// Decides which alert conditions hold for an objective at an instant. Pure: the evaluation, the data and the instant
/// are parameters; whether an alert is already open, and notifying, are the caller's.
/// </summary>
public static class AlertRules
{
    /// <summary>
    /// Every condition that holds at <paramref name="now"/>: for each severity at most one burn-rate signal (the first
    /// of its conditions that holds, quick before slow), a projected breach and a no-data signal.
    /// </summary>
    public static IReadOnlyList<AlertSignal> Check(
        ObjectivePlan plan, CountSeries series, ObjectiveEvaluation evaluation, Instant now, AlertPolicy policy, Instant? lastData)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(policy);
        var signals = new List<AlertSignal>();
        var period = plan.Terms.Window.Full(now).Length;
        var conditions = policy.BurnRates ?? BurnRateAlerts.Default(period);

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
        if (policy.ProjectedBreach && evaluation.ExhaustionAt is { } exhaustion && evaluation.Status != ObjectiveStatus.Breached)
        {
            var end = plan.Terms.Window.Full(now).End;
            if (exhaustion < end)
            {
                signals.Add(new AlertSignal(AlertKind.ProjectedBreach, AlertSeverity.Ticket,
                    $"At the current burn the error budget runs out at {exhaustion}, before the period ends at {end}.", ProjectedAt: exhaustion));
            }
        }
        if (policy.NoDataAfter is { } limit && (lastData is null || now - lastData.Value > limit))
        {
            signals.Add(new AlertSignal(AlertKind.NoData, AlertSeverity.Ticket,
                lastData is { } last ? $"No measurement since {last}, more than {Text(limit)} ago." : "No measurement has arrived."));
        }
        return signals;
    }

    private static string Text(Duration d) => Calendars.DurationText.Format(d);

    private static decimal Round(decimal x) => decimal.Round(x, 2);
}
