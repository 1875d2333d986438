using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenSlm.Core.Alerting;
using OpenSlm.Storage.Entities;

namespace OpenSlm.Storage.Alerts;

/// <summary>Where an alert stands.</summary>
/// <summary>A stored alert. <see cref="Subject"/> is a ticket's id for ticket warnings (empty otherwise); <see cref="Level"/>
/// how far its condition has gone (a status, a threshold crossed).</summary>
public sealed record AlertRecord(
    long Id, string Agreement, string Objective, AlertKind Kind, AlertSeverity Severity, AlertState State, string Reason, string Evaluation,
    Instant OpenedAt, Instant LastSeenAt, Instant? AcknowledgedAt, string? AcknowledgedBy, Instant? ResolvedAt, string Subject = "", string Level = "",
    string? AcknowledgeNote = null, Instant? SnoozedUntil = null, string? SnoozedBy = null, string? SnoozeReason = null)
{
    /// <summary>Whether its reminders are quiet at <paramref name="now"/>.</summary>
    public bool SnoozedAt(Instant now) => SnoozedUntil > now && State != AlertState.Resolved;
}

/// <summary>What a request to snooze an alert found.</summary>
public enum SnoozeOutcome
{
    /// <summary>Snoozed until the instant asked.</summary>
    Snoozed,

    /// <summary>No such alert.</summary>
    NotFound,

    /// <summary>The alert is resolved: there is nothing to keep quiet.</summary>
    Resolved,
}

/// <summary>How a period's breach record is to stand after a retroactive version re-judged it: breached (with the attainment and target that judged it) or not (why).</summary>
public sealed record BreachRejudgement(string Objective, Instant Start, Instant End, bool Breached, decimal Attainment, decimal Target, string Why);

/// <summary>A stored breach: a period that closed below target; <c>WithdrawnAt</c> is set when a retroactive version re-judged its period as not breached.</summary>
public sealed record BreachRecord(
    long Id, string Agreement, string Objective, Instant PeriodStart, Instant PeriodEnd, decimal Attainment, decimal Target, Instant RecordedAt,
    string? RootCause, string? Actions, string? UpdatedBy, string? Statement = null, Instant? WithdrawnAt = null, string? WithdrawnReason = null)
{
    /// <summary>The cause's category; null until diagnosed.</summary>
    public Core.Improvement.CauseCategory? Category { get; init; }

    /// <summary>The incidents and changes the diagnosis refers to.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The services that contributed.</summary>
    public IReadOnlyList<string> ContributingServices { get; init; } = [];

    /// <summary>The problem whose cause it shares; null when none is known.</summary>
    public string? Problem { get; init; }

    /// <summary>The diagnosis as a whole.</summary>
    public Core.Improvement.Diagnosis Diagnosis => new()
    {
        Category = Category,
        RootCause = RootCause,
        References = References,
        ContributingServices = ContributingServices,
        Problem = Problem,
        Actions = Actions,
        Statement = Statement,
    };

    /// <summary>
    /// The diagnosis's entity tag: a digest of every part of it and who wrote it, so a client that read a diagnosis can ask
    /// (If-Match) that its change be made only if nobody changed it since.
    /// </summary>
    public string DiagnosisTag => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes($"{RootCause?.Length}:{RootCause}|{Actions?.Length}:{Actions}|{Statement?.Length}:{Statement}|{UpdatedBy}|{Category}|{Lines(References)}|{Lines(ContributingServices)}|{Problem}")))[..16];

    /// <summary>A list as stored: one item a line; null for none.</summary>
    internal static string? Lines(IReadOnlyList<string> items) => items.Count == 0 ? null : string.Join('\n', items);

    /// <summary>A stored list read back.</summary>
    internal static IReadOnlyList<string> Items(string? lines) => lines is null ? [] : lines.Split('\n');
}

/// <summary>What became of a diagnosis: written, or refused because the breach is unknown or its diagnosis changed.</summary>
public enum DiagnosisOutcome
{
    /// <summary>Written.</summary>
    Written,

    /// <summary>No such breach.</summary>
    NotFound,

    /// <summary>The diagnosis is no longer the one the client read (its tag differs): nothing was written.</summary>
    Changed,
}

/// <summary>A condition that holds for an objective now, with the evaluation that shows it (JSON).</summary>
public sealed record FiringSignal(AlertSignal Signal, string Evaluation);

/// <summary>What happened to an alert that people are told of.</summary>
public enum AlertEvent
{
    /// <summary>It opened.</summary>
    Opened,

    /// <summary>It resolved.</summary>
    Resolved,

    /// <summary>It is still open and unacknowledged: a reminder.</summary>
    Reminder,

    /// <summary>It is still open, but its condition went further or came back part of the way (its level changed).</summary>
    Changed,
}

/// <summary>An alert not yet resolved, as a round needs it.</summary>
public sealed record UnresolvedAlert(long Id, AlertKind Kind, AlertSeverity Severity, AlertState State, Instant? LastNotifiedAt, string Subject = "", string Level = "",
    Instant? SnoozedUntil = null)
{
    /// <summary>The alert's identity.</summary>
    public AlertIdentity Identity => new(Kind, Severity, Subject);

    /// <summary>As the lifecycle takes it.</summary>
    public UnresolvedAlertState<long> Lifecycle => new(Id, Identity, Level, State);
}

/// <summary>A file sent with an e-mail.</summary>
public sealed record NotificationAttachment(string Name, string ContentType, byte[] Content);

/// <summary>A notification to write to the outbox, on one of the <see cref="NotificationChannel"/>s (an attachment: e-mail only); the recipient is an address for e-mail, a URL otherwise.</summary>
public sealed record NotificationDraft(string Channel, string Recipient, string Subject, string Body, NotificationAttachment? Attachment = null);

/// <summary>What syncing an objective's signals did: alerts opened, resolved, and still open at a new level.</summary>
public sealed record AlertChanges(IReadOnlyList<AlertRecord> Opened, IReadOnlyList<AlertRecord> Resolved, IReadOnlyList<AlertRecord> Changed);

/// <summary>
/// Alerts and breaches as records. Of one objective, one alert of an <see cref="AlertIdentity"/> (kind, severity,
/// subject) is unresolved at a time (a unique index makes that hold across instances too); which open, change or resolve
/// is <see cref="AlertLifecycle"/>'s to say.
/// </summary>
public sealed class AlertStore(DatabaseTarget database)
{
    /// <summary>
    /// Makes the stored alerts of one objective match the conditions that hold now: opens an alert for each signal
    /// without one (keeping the evaluation that fired it), notes the others as still seen (those whose level changed
    /// take the new level, reason and evaluation, and are told again), and resolves open alerts whose condition no
    /// longer holds.
    /// </summary>
    /// <remarks>The notifications <paramref name="notify"/> drafts for each alert opened or resolved are written in the
    /// same transaction as the alerts: both are stored, or neither.</remarks>
    public async Task<AlertChanges> SyncAsync(string agreement, string objective, IReadOnlyList<FiringSignal> firing, Instant now,
        Func<AlertRecord, AlertEvent, IEnumerable<NotificationDraft>>? notify = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(firing);
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        var ticks = now;
        var open = (await db.Alerts.Where(a => a.Agreement == agreement && a.Objective == objective && a.OpenKey != null).ToListAsync(ct).ConfigureAwait(false))
            .ToDictionary(a => a.Id);
        var evaluation = firing.GroupBy(f => AlertIdentity.Of(f.Signal)).ToDictionary(g => g.Key, g => g.First().Evaluation);
        var plan = AlertLifecycle.Sync([.. open.Values.Select(a => new UnresolvedAlertState<long>(a.Id, Identity(a), a.Level, Enum.Parse<AlertState>(a.State)))],
            [.. firing.Select(f => f.Signal)]);
        var (opened, changed) = (new List<AlertEntity>(), new List<AlertEntity>());
        foreach (var id in plan.Seen)
        {
            open[id].LastSeenAt = ticks;
        }
        foreach (var (id, signal) in plan.Changed)
        {
            var existing = open[id];
            existing.LastSeenAt = ticks;
            (existing.Level, existing.Reason, existing.Evaluation) = (signal.Level, signal.Reason, evaluation[AlertIdentity.Of(signal)]);
            existing.LastNotifiedAt = notify is null ? existing.LastNotifiedAt : ticks;
            changed.Add(existing);
        }
        foreach (var signal in plan.Open)
        {
            var alert = new AlertEntity
            {
                Agreement = agreement,
                Objective = objective,
                Kind = signal.Kind.ToString(),
                Severity = signal.Severity.ToString(),
                Subject = signal.Subject,
                Level = signal.Level,
                State = nameof(AlertState.Open),
                OpenKey = 1,
                Reason = signal.Reason,
                Evaluation = evaluation[AlertIdentity.Of(signal)],
                OpenedAt = ticks,
                LastSeenAt = ticks,
                LastNotifiedAt = notify is null ? null : ticks,
            };
            db.Alerts.Add(alert);
            opened.Add(alert);
        }
        var resolved = plan.Resolve.Select(id => open[id]).ToList();
        foreach (var a in resolved)
        {
            (a.State, a.OpenKey, a.ResolvedAt) = (nameof(AlertState.Resolved), null, ticks);
        }
        try
        {
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Another instance opened the same alert first: the unique index kept it to one. Nothing of ours was stored.
            return new AlertChanges([], [], []);
        }
        var changes = new AlertChanges([.. opened.Select(ToRecord)], [.. resolved.Select(ToRecord)], [.. changed.Select(ToRecord)]);
        if (notify is not null)
        {
            Enqueue(db, changes.Opened.SelectMany(a => notify(a, AlertEvent.Opened))
                .Concat(changes.Changed.SelectMany(a => notify(a, AlertEvent.Changed)))
                .Concat(changes.Resolved.SelectMany(a => notify(a, AlertEvent.Resolved))), ticks);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return changes;
    }

    /// <summary>The (kind, severity) of every alert not yet resolved, by agreement and objective, with its id: one read per round.</summary>
    public async Task<Dictionary<(string Agreement, string Objective), List<UnresolvedAlert>>> UnresolvedAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.Alerts.AsNoTracking().Where(a => a.OpenKey != null)
            .Select(a => new { a.Agreement, a.Objective, a.Kind, a.Severity, a.Subject, a.Level, a.Id, a.State, a.LastNotifiedAt, a.SnoozedUntil }).ToListAsync(ct).ConfigureAwait(false);
        return rows.GroupBy(r => (r.Agreement, r.Objective)).ToDictionary(g => g.Key, g => g.Select(r => new UnresolvedAlert(
            r.Id, Enum.Parse<AlertKind>(r.Kind), Enum.Parse<AlertSeverity>(r.Severity), Enum.Parse<AlertState>(r.State),
            r.LastNotifiedAt, r.Subject, r.Level, r.SnoozedUntil)).ToList());
    }

    /// <summary>Writes reminders of alerts still open and unacknowledged, and notes when they were sent, in one transaction.</summary>
    public async Task<int> RemindAsync(IReadOnlyList<long> ids, Instant now, Func<AlertRecord, IEnumerable<NotificationDraft>> notify, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(notify);
        if (ids.Count == 0)
        {
            return 0;
        }
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        var ticks = now;
        var open = nameof(AlertState.Open);
        var alerts = await db.Alerts.Where(a => ids.Contains(a.Id) && a.State == open).ToListAsync(ct).ConfigureAwait(false);
        foreach (var a in alerts)
        {
            a.LastNotifiedAt = ticks;
            Enqueue(db, notify(ToRecord(a)), ticks);
        }
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return alerts.Count;
    }

    /// <summary>Notes that the conditions of these alerts still held at <paramref name="now"/>, in one statement per thousand.</summary>
    public async Task SeenAsync(IReadOnlyList<long> ids, Instant now, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var ticks = now;
        foreach (var chunk in ids.Chunk(1000))
        {
            await db.Alerts.Where(a => chunk.Contains(a.Id)).ExecuteUpdateAsync(u => u.SetProperty(a => a.LastSeenAt, ticks), ct).ConfigureAwait(false);
        }
    }

    /// <summary>The alerts of these ids that exist, by id, in one read.</summary>
    public async Task<IReadOnlyDictionary<long, AlertRecord>> AlertsAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        await using var db = database.CreateContext();
        var rows = await db.Alerts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(ct).ConfigureAwait(false);
        return rows.ToDictionary(a => a.Id, ToRecord);
    }

    /// <summary>One alert, or null.</summary>
    public async Task<AlertRecord?> AlertAsync(long id, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.Alerts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct).ConfigureAwait(false) is { } alert ? ToRecord(alert) : null;
    }

    /// <summary>
    /// Acknowledges an open alert, with an optional note, and gives it as it then stands (an acknowledged or resolved
    /// alert is left as it is); null when there is no such alert.
    /// </summary>
    public async Task<AlertRecord?> AcknowledgeAsync(long id, string by, Instant now, string? note = null, CancellationToken ct = default) =>
        (await AcknowledgeAsync([id], by, now, note, ct).ConfigureAwait(false)) is [var one] ? one : null;

    /// <summary>
    /// Acknowledges the open alerts among <paramref name="ids"/> at once, each with the note, in one transaction; the
    /// others are left as they are. Gives every alert found as it then stands, in the order asked (unknown ids left out).
    /// </summary>
    public async Task<IReadOnlyList<AlertRecord>> AcknowledgeAsync(IReadOnlyList<long> ids, string by, Instant now, string? note, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        var found = await db.Alerts.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct).ConfigureAwait(false);
        foreach (var alert in found.Values)
        {
            if (AlertLifecycle.Acknowledges(Enum.Parse<AlertState>(alert.State)))
            {
                (alert.State, alert.AcknowledgedAt, alert.AcknowledgedBy, alert.AcknowledgeNote) = (nameof(AlertState.Acknowledged), now, by, note);
            }
        }
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return [.. ids.Distinct().Where(found.ContainsKey).Select(id => ToRecord(found[id]))];
    }

    /// <summary>Keeps an unresolved alert's reminders quiet until <paramref name="until"/>, saying who and why (the rules are checked by the caller, see <see cref="AlertLifecycle.SnoozeProblems"/>).</summary>
    public async Task<(SnoozeOutcome Outcome, AlertRecord? Alert)> SnoozeAsync(long id, Instant until, string reason, string by, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        if (await db.Alerts.SingleOrDefaultAsync(a => a.Id == id, ct).ConfigureAwait(false) is not { } alert)
        {
            return (SnoozeOutcome.NotFound, null);
        }
        if (!AlertLifecycle.Snoozes(Enum.Parse<AlertState>(alert.State)))
        {
            return (SnoozeOutcome.Resolved, ToRecord(alert));
        }
        (alert.SnoozedUntil, alert.SnoozeReason, alert.SnoozedBy) = (until, reason, by);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return (SnoozeOutcome.Snoozed, ToRecord(alert));
    }

    /// <summary>Alerts, newest first, optionally in one state or of one agreement.</summary>
    public async Task<(IReadOnlyList<AlertRecord> Items, int Total)> ListAsync(AlertState? state, string? agreement, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var query = db.Alerts.AsNoTracking();
        if (state is { } s)
        {
            var name = s.ToString();
            query = query.Where(a => a.State == name);
        }
        if (agreement is not null)
        {
            query = query.Where(a => a.Agreement == agreement);
        }
        var total = await query.CountAsync(ct).ConfigureAwait(false);
        var rows = await query.OrderByDescending(a => a.OpenedAt).ThenByDescending(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct).ConfigureAwait(false);
        return ([.. rows.Select(ToRecord)], total);
    }

    /// <summary>The alerts of one agreement's objectives opened in (<paramref name="from"/>, <paramref name="to"/>], oldest first,
    /// at most <paramref name="limit"/> of them (the latest): what its charts of that span mark on their time axes.</summary>
    public async Task<IReadOnlyList<AlertRecord>> OpenedDuringAsync(string agreement, Instant from, Instant to, int limit, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.Alerts.AsNoTracking()
            .Where(a => a.Agreement == agreement && a.OpenedAt > from && a.OpenedAt <= to)
            .OrderByDescending(a => a.OpenedAt).ThenByDescending(a => a.Id).Take(limit).ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.Select(ToRecord).Reverse()];
    }

    /// <summary>Records a period that closed below target, once; null when it was recorded already.</summary>
    public async Task<BreachRecord?> RecordBreachAsync(string agreement, string objective, Instant start, Instant end, decimal attainment, decimal target, Instant now,
        Func<BreachRecord, IEnumerable<NotificationDraft>>? notify = null, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        var startTicks = start;
        if (await db.Breaches.AnyAsync(b => b.Agreement == agreement && b.Objective == objective && b.PeriodStart == startTicks, ct).ConfigureAwait(false))
        {
            return null;
        }
        var breach = new BreachEntity
        {
            Agreement = agreement,
            Objective = objective,
            PeriodStart = startTicks,
            PeriodEnd = end,
            Attainment = attainment,
            Target = target,
            RecordedAt = now,
        };
        db.Breaches.Add(breach);
        try
        {
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return null; // recorded by another instance meanwhile
        }
        var record = ToRecord(breach);
        if (notify is not null)
        {
            Enqueue(db, notify(record), now);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return record;
    }

    /// <summary>Adds the drafts to the outbox of <paramref name="db"/> (saved with the caller's other changes).</summary>
    internal static void Enqueue(SlmDbContext db, IEnumerable<NotificationDraft> drafts, Instant now)
    {
        foreach (var d in drafts)
        {
            db.Notifications.Add(new NotificationEntity
            {
                Channel = d.Channel,
                Recipient = d.Recipient,
                Subject = d.Subject,
                Body = d.Body,
                State = nameof(NotificationState.Pending),
                NextAttemptAt = now,
                CreatedAt = now,
                AttachmentName = d.Attachment?.Name,
                AttachmentType = d.Attachment?.ContentType,
                Attachment = d.Attachment?.Content,
            });
        }
    }

    /// <summary>Breaches, newest period first, optionally of one agreement; those a retroactive version withdrew only when asked.</summary>
    public async Task<IReadOnlyList<BreachRecord>> BreachesAsync(string? agreement, bool includeWithdrawn = false, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var query = db.Breaches.AsNoTracking();
        if (!includeWithdrawn)
        {
            query = query.Where(b => b.WithdrawnAt == null);
        }
        if (agreement is not null)
        {
            query = query.Where(b => b.Agreement == agreement);
        }
        return [.. (await query.OrderByDescending(b => b.PeriodStart).ThenBy(b => b.Objective).ToListAsync(ct).ConfigureAwait(false)).Select(ToRecord)];
    }

    /// <summary>
    /// Makes the breach records of periods a confirmed retroactive version re-judged follow its judgement, in one
    /// transaction: a period now breached gets its record (or its withdrawn one back, or its target and attainment
    /// updated); a period no longer breached has its record withdrawn with the reason — kept, with its diagnosis, never deleted.
    /// </summary>
    public async Task<(int Recorded, int Withdrawn, int Updated)> RejudgeBreachesAsync(string agreement, IReadOnlyList<BreachRejudgement> changes, Instant now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        var existing = await db.Breaches.Where(b => b.Agreement == agreement).ToListAsync(ct).ConfigureAwait(false);
        var (recorded, withdrawn, updated) = (0, 0, 0);
        foreach (var c in changes)
        {
            var row = existing.FirstOrDefault(b => b.Objective == c.Objective && b.PeriodStart == c.Start);
            if (c.Breached)
            {
                if (row is null)
                {
                    db.Breaches.Add(new BreachEntity
                    {
                        Agreement = agreement,
                        Objective = c.Objective,
                        PeriodStart = c.Start,
                        PeriodEnd = c.End,
                        Attainment = c.Attainment,
                        Target = c.Target,
                        RecordedAt = now,
                    });
                    recorded++;
                }
                else
                {
                    (row.Attainment, row.Target, row.WithdrawnAt, row.WithdrawnReason) = (c.Attainment, c.Target, null, null);
                    updated++;
                }
            }
            else if (row is { WithdrawnAt: null })
            {
                (row.WithdrawnAt, row.WithdrawnReason) = (now, c.Why);
                withdrawn++;
            }
        }
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return (recorded, withdrawn, updated);
    }

    /// <summary>One breach; null when there is none of that id.</summary>
    public async Task<BreachRecord?> BreachAsync(long id, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.Breaches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct).ConfigureAwait(false) is { } breach ? ToRecord(breach) : null;
    }

    /// <summary>
    /// Writes a breach's <paramref name="diagnosis"/> (its category, analysis, references, contributing services, actions and
    /// the statement its customer reads) when <paramref name="ifTag"/> is null or still the diagnosis's
    /// <see cref="BreachRecord.DiagnosisTag"/>, with an audit entry (kind Breach, the breach's id as its name) holding the
    /// diagnosis before and after under <paramref name="by"/> at <paramref name="at"/>. The write is conditional on the diagnosis read, so of two
    /// clients that read the same one, only the first to write succeeds; a diagnosis as stored already is not written again.
    /// </summary>
    public async Task<(DiagnosisOutcome Outcome, BreachRecord? Breach)> DiagnoseAsync(long id, Core.Improvement.Diagnosis diagnosis, Catalogue.Actor by, Instant at, string? ifTag = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(by);
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        if (await db.Breaches.SingleOrDefaultAsync(b => b.Id == id, ct).ConfigureAwait(false) is not { } row)
        {
            return (DiagnosisOutcome.NotFound, null);
        }
        var current = ToRecord(row);
        if (ifTag is not null && ifTag != current.DiagnosisTag)
        {
            return (DiagnosisOutcome.Changed, current);
        }
        var next = current with
        {
            RootCause = diagnosis.RootCause,
            Actions = diagnosis.Actions,
            Statement = diagnosis.Statement,
            UpdatedBy = by.Name,
            Category = diagnosis.Category,
            References = diagnosis.References,
            ContributingServices = diagnosis.ContributingServices,
            Problem = diagnosis.Problem,
        };
        if (Same(current.Diagnosis, diagnosis))
        {
            return (DiagnosisOutcome.Written, current);
        }
        var (oldCause, oldActions, oldStatement, oldBy, oldCategory, oldRefs, oldServices, oldProblem) =
            (row.RootCause, row.Actions, row.Statement, row.UpdatedBy, row.Category, row.References, row.ContributingServices, row.Problem);
        var (category, refs, services) = (diagnosis.Category?.ToString(), BreachRecord.Lines(diagnosis.References), BreachRecord.Lines(diagnosis.ContributingServices));
        var written = await db.Breaches
            .Where(b => b.Id == id && b.RootCause == oldCause && b.Actions == oldActions && b.Statement == oldStatement && b.UpdatedBy == oldBy
                && b.Category == oldCategory && b.References == oldRefs && b.ContributingServices == oldServices && b.Problem == oldProblem)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.RootCause, diagnosis.RootCause).SetProperty(b => b.Actions, diagnosis.Actions)
                .SetProperty(b => b.Statement, diagnosis.Statement).SetProperty(b => b.UpdatedBy, by.Name)
                .SetProperty(b => b.Category, category).SetProperty(b => b.References, refs).SetProperty(b => b.ContributingServices, services)
                .SetProperty(b => b.Problem, diagnosis.Problem), ct)
            .ConfigureAwait(false);
        if (written == 0)
        {
            await transaction.RollbackAsync(ct).ConfigureAwait(false);
            return (DiagnosisOutcome.Changed, await BreachAsync(id, ct).ConfigureAwait(false));
        }
        db.Audit.Add(new AuditEntity
        {
            At = at,
            Actor = by.Name,
            Via = by.Via,
            Action = "Diagnosed",
            Kind = "Breach",
            Name = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Before = current.Diagnosis.Empty ? null : DiagnosisJson(current.Diagnosis),
            After = DiagnosisJson(diagnosis),
        });
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return (DiagnosisOutcome.Written, next);
    }

    private static bool Same(Core.Improvement.Diagnosis a, Core.Improvement.Diagnosis b) =>
        a.Category == b.Category && a.Problem == b.Problem && a.RootCause == b.RootCause && a.Actions == b.Actions && a.Statement == b.Statement
        && a.References.SequenceEqual(b.References, StringComparer.Ordinal) && a.ContributingServices.SequenceEqual(b.ContributingServices, StringComparer.Ordinal);

    private static string DiagnosisJson(Core.Improvement.Diagnosis d) => System.Text.Json.JsonSerializer.Serialize(new
    {
        category = d.Category?.ToString(),
        problem = d.Problem,
        rootCause = d.RootCause,
        references = d.References,
        contributingServices = d.ContributingServices,
        actions = d.Actions,
        statement = d.Statement,
    });

    private static AlertIdentity Identity(AlertEntity a) => new(Enum.Parse<AlertKind>(a.Kind), Enum.Parse<AlertSeverity>(a.Severity), a.Subject);

    private static AlertRecord ToRecord(AlertEntity a) => new(
        a.Id, a.Agreement, a.Objective, Enum.Parse<AlertKind>(a.Kind), Enum.Parse<AlertSeverity>(a.Severity), Enum.Parse<AlertState>(a.State), a.Reason, a.Evaluation,
        a.OpenedAt, a.LastSeenAt, a.AcknowledgedAt, a.AcknowledgedBy, a.ResolvedAt,
        a.Subject, a.Level, a.AcknowledgeNote, a.SnoozedUntil, a.SnoozedBy, a.SnoozeReason);

    private static BreachRecord ToRecord(BreachEntity b) => new(
        b.Id, b.Agreement, b.Objective, b.PeriodStart, b.PeriodEnd,
        Core.Numbers.Normalize(b.Attainment), Core.Numbers.Normalize(b.Target),
        b.RecordedAt, b.RootCause, b.Actions, b.UpdatedBy, b.Statement, b.WithdrawnAt, b.WithdrawnReason)
    {
        Category = Enum.TryParse<Core.Improvement.CauseCategory>(b.Category, out var category) ? category : null,
        References = BreachRecord.Items(b.References),
        ContributingServices = BreachRecord.Items(b.ContributingServices),
        Problem = b.Problem,
    };

}
