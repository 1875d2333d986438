using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace OpenSlm.Storage.Alerts;

/// <summary>Where a notification stands.</summary>
public enum NotificationState
{
    /// <summary>Not delivered yet; due at its next attempt.</summary>
    Pending,

    /// <summary>Delivered.</summary>
    Sent,

    /// <summary>Given up on after <see cref="NotificationStore.MaxAttempts"/> attempts.</summary>
    Failed,
}

/// <summary>A notification in the outbox.</summary>
public sealed record NotificationRecord(
    long Id, string Channel, string Recipient, string Subject, string Body, NotificationState State, int Attempts, Instant NextAttemptAt,
    string? LastError, Instant CreatedAt, Instant? SentAt, NotificationAttachment? Attachment = null);

/// <summary>
/// The outbox of notifications: due ones are handed to the one instance holding the delivery lease, retried with
/// exponential backoff (30 s, 1 min, 2 min … at most 1 h) and given up after <see cref="MaxAttempts"/> attempts.
/// </summary>
public sealed class NotificationStore(DatabaseTarget database)
{
    /// <summary>Attempts before a notification is given up (about a day of retrying).</summary>
    public const int MaxAttempts = 30;

    /// <summary>The wait after the given number of failed attempts.</summary>
    public static Duration Backoff(int attempts) =>
        Duration.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Min(attempts - 1, 20))));

    /// <summary>Pending notifications due at <paramref name="now"/>, oldest first.</summary>
    public async Task<IReadOnlyList<NotificationRecord>> DueAsync(Instant now, int limit, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var (ticks, pending) = (now, nameof(NotificationState.Pending));
        var rows = await db.Notifications.AsNoTracking().Where(n => n.State == pending && n.NextAttemptAt <= ticks)
            .OrderBy(n => n.Id).Take(limit).ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.Select(ToRecord)];
    }

    /// <summary>Records a delivery.</summary>
    public async Task SentAsync(long id, Instant now, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var (ticks, sent) = (now, nameof(NotificationState.Sent));
        await db.Notifications.Where(n => n.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(n => n.State, sent).SetProperty(n => n.SentAt, ticks).SetProperty(n => n.Attempts, n => n.Attempts + 1), ct).ConfigureAwait(false);
    }

    /// <summary>Records a failed attempt: due again after the backoff, or given up.</summary>
    public async Task FailedAsync(long id, string error, Instant now, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        if (await db.Notifications.SingleOrDefaultAsync(n => n.Id == id, ct).ConfigureAwait(false) is not { } n)
        {
            return;
        }
        n.Attempts++;
        n.LastError = error.Length > 2000 ? error[..2000] : error;
        n.NextAttemptAt = now + Backoff(n.Attempts);
        if (n.Attempts >= MaxAttempts)
        {
            n.State = nameof(NotificationState.Failed);
        }
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Notifications, newest first, optionally in one state.</summary>
    public async Task<(IReadOnlyList<NotificationRecord> Items, int Total)> ListAsync(NotificationState? state, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var query = db.Notifications.AsNoTracking();
        if (state is { } s)
        {
            var name = s.ToString();
            query = query.Where(n => n.State == name);
        }
        var total = await query.CountAsync(ct).ConfigureAwait(false);
        var rows = await query.OrderByDescending(n => n.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct).ConfigureAwait(false);
        return ([.. rows.Select(ToRecord)], total);
    }

    private static NotificationRecord ToRecord(Entities.NotificationEntity n) => new(
        n.Id, n.Channel, n.Recipient, n.Subject, n.Body, Enum.Parse<NotificationState>(n.State), n.Attempts, n.NextAttemptAt,
        n.LastError, n.CreatedAt, n.SentAt,
        n.AttachmentName is { } name && n.Attachment is { } content ? new NotificationAttachment(name, n.AttachmentType ?? "application/octet-stream", content) : null);
}
