namespace OpenSlm.Core.Alerting;

/// <summary>Where an alert is: the one state machine, Open → Acknowledged → Resolved, or Open → Resolved.</summary>
public enum AlertState
{
    /// <summary>The condition holds; nobody has acknowledged it.</summary>
    Open,

    /// <summary>The condition holds; someone is on it.</summary>
    Acknowledged,

    /// <summary>The condition no longer holds. Final: a condition that holds again opens a new alert.</summary>
    Resolved,
}

/// <summary>
/// What makes an alert the same alert: its kind, its severity and its subject (a ticket's id for a ticket warning, empty
/// otherwise). Of one objective, at most one alert of an identity is unresolved at a time; the store's unique index is
/// on the objective and these three. The level (AtRisk, 75 %) is not part of it: a level that moves changes the alert.
/// </summary>
public readonly record struct AlertIdentity(AlertKind Kind, AlertSeverity Severity, string Subject)
{
    /// <summary>The identity of the alert a signal raises.</summary>
    public static AlertIdentity Of(AlertSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return new(signal.Kind, signal.Severity, signal.Subject);
    }

    /// <inheritdoc />
    public override string ToString() => Subject.Length == 0 ? $"{Kind} {Severity}" : $"{Kind} {Severity} {Subject}";
}

/// <summary>An unresolved alert as the lifecycle needs it: its id, identity, level and state.</summary>
public readonly record struct UnresolvedAlertState<TId>(TId Id, AlertIdentity Identity, string Level, AlertState State);

/// <summary>What one evaluation does to an objective's alerts.</summary>
/// <param name="Open">Signals with no unresolved alert of their identity: each opens one.</param>
/// <param name="Changed">Alerts whose condition holds at another level: each takes the signal's level and is told again.</param>
/// <param name="Seen">Alerts whose condition still holds at the same level.</param>
/// <param name="Resolve">Alerts whose condition no longer holds.</param>
public sealed record AlertPlan<TId>(IReadOnlyList<AlertSignal> Open, IReadOnlyList<(TId Id, AlertSignal Signal)> Changed, IReadOnlyList<TId> Seen, IReadOnlyList<TId> Resolve)
{
    /// <summary>Whether nothing opens, changes or resolves.</summary>
    public bool Quiet => Open.Count == 0 && Changed.Count == 0 && Resolve.Count == 0;
}

/// <summary>The alert state machine, pure: which alerts open, change level, stay or resolve; who may acknowledge.</summary>
public static class AlertLifecycle
{
    /// <summary>
    /// Matches the signals that hold now with an objective's unresolved alerts by <see cref="AlertIdentity"/>. Two signals
    /// of one identity are one alert (the first one's level is kept).
    /// </summary>
    public static AlertPlan<TId> Sync<TId>(IReadOnlyList<UnresolvedAlertState<TId>> unresolved, IReadOnlyList<AlertSignal> firing)
    {
        ArgumentNullException.ThrowIfNull(unresolved);
        ArgumentNullException.ThrowIfNull(firing);
        var byIdentity = new Dictionary<AlertIdentity, UnresolvedAlertState<TId>>();
        foreach (var alert in unresolved)
        {
            byIdentity.TryAdd(alert.Identity, alert);
        }
        var (open, changed, seen) = (new List<AlertSignal>(), new List<(TId, AlertSignal)>(), new List<TId>());
        var holding = new HashSet<AlertIdentity>();
        foreach (var signal in firing)
        {
            var identity = AlertIdentity.Of(signal);
            if (!holding.Add(identity))
            {
                continue;
            }
            if (!byIdentity.TryGetValue(identity, out var alert))
            {
                open.Add(signal);
            }
            else if (alert.Level != signal.Level)
            {
                changed.Add((alert.Id, signal));
            }
            else
            {
                seen.Add(alert.Id);
            }
        }
        var resolve = unresolved.Where(a => !holding.Contains(a.Identity)).Select(a => a.Id).ToList();
        return new AlertPlan<TId>(open, changed, seen, resolve);
    }

    /// <summary>Whether an alert in <paramref name="state"/> is acknowledged by a request to (only an open one is; the others stay as they are).</summary>
    public static bool Acknowledges(AlertState state) => state == AlertState.Open;

    /// <summary>Whether an alert in <paramref name="state"/> is still to be reminded of (open and nobody on it).</summary>
    public static bool Reminds(AlertState state) => state == AlertState.Open;
}
