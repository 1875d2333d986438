using NodaTime;

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

    /// <summary>
    /// Whether an alert is reminded of at <paramref name="now"/>: open, nobody on it, and not snoozed (a snooze holds until
    /// its end, excluded). A snooze keeps reminders quiet only: a new alert, or a level change, is still told.
    /// </summary>
    public static bool Reminds(AlertState state, Instant? snoozedUntil, Instant now) => Reminds(state) && !(snoozedUntil > now);

    /// <summary>The longest a snooze may run: past it, an alert nobody handles should be heard again.</summary>
    public static Duration LongestSnooze { get; } = Duration.FromDays(30);

    /// <summary>The longest note on an acknowledgement or reason for a snooze, in characters.</summary>
    public const int LongestNote = 1000;

    /// <summary>Whether an alert in <paramref name="state"/> can be snoozed (one not yet resolved).</summary>
    public static bool Snoozes(AlertState state) => state != AlertState.Resolved;

    /// <summary>
    /// What is wrong with a snooze until <paramref name="until"/> for <paramref name="reason"/> asked for at
    /// <paramref name="now"/>, by field (<c>until</c>, <c>reason</c>); empty when it may be stored.
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> SnoozeProblems(Instant? until, string? reason, Instant now)
    {
        var problems = new List<(string, string)>();
        if (until is not { } end)
        {
            problems.Add(("until", "is required: the instant the snooze ends."));
        }
        else if (end <= now)
        {
            problems.Add(("until", "must be after now: a snooze ends in the future."));
        }
        else if (end - now > LongestSnooze)
        {
            problems.Add(("until", $"must be within {LongestSnooze.Days} days: an alert nobody handles for longer should be heard again."));
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            problems.Add(("reason", "is required: say why the alert may stay quiet (e.g. the change that fixes it, its date)."));
        }
        else if (reason.Length > LongestNote)
        {
            problems.Add(("reason", $"is {reason.Length} characters: at most {LongestNote}."));
        }
        return problems;
    }

    /// <summary>What is wrong with a note on an acknowledgement (it is optional); null when it may be stored.</summary>
    public static string? NoteProblem(string? note) =>
        note is { Length: > LongestNote } ? $"is {note.Length} characters: at most {LongestNote}." : null;
}
