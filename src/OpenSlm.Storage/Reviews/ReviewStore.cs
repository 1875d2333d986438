using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Reporting;
using OpenSlm.Storage.Alerts;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Entities;

namespace OpenSlm.Storage.Reviews;

/// <summary>A review as stored: its number, the agreement and version reviewed, what was recorded, and by whom.</summary>
public sealed record ReviewRecord(
    long Id, string Agreement, int Version, ReviewTerms Terms, string RecordedBy, Instant RecordedAt, string? UpdatedBy, Instant? UpdatedAt, long Revision)
{
    /// <summary>The entity tag of this state, for If-Match.</summary>
    public string Tag => Revision.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What changing an action did.</summary>
public enum ActionOutcome
{
    /// <summary>Changed.</summary>
    Updated,

    /// <summary>No such review, or no such action in it.</summary>
    NotFound,

    /// <summary>The review changed since the If-Match tag was read.</summary>
    Changed,
}

/// <summary>Service level reviews and the reminders sent about them (issue 18).</summary>
public sealed class ReviewStore(DatabaseTarget database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Records a review of version <paramref name="version"/> of an agreement.</summary>
    public async Task<ReviewRecord> AddAsync(string agreement, int version, ReviewTerms terms, string by, Instant at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        await using var db = database.CreateContext();
        var row = new ReviewEntity
        {
            Agreement = agreement,
            Version = version,
            HeldOn = RecordMapper.Day(terms.HeldOn)!,
            Period = terms.Period?.Key,
            Attendees = JsonSerializer.Serialize(terms.Attendees, Json),
            Decisions = JsonSerializer.Serialize(terms.Decisions, Json),
            Actions = ActionsJson(terms.Actions),
            Notes = terms.Notes,
            NextReview = RecordMapper.Day(terms.NextReview)!,
            RecordedBy = by,
            RecordedAt = at,
            Revision = 1,
        };
        db.Reviews.Add(row);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return ToRecord(row);
    }

    /// <summary>An agreement's reviews, the latest held first.</summary>
    public async Task<IReadOnlyList<ReviewRecord>> ListAsync(string agreement, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.Reviews.AsNoTracking().Where(r => r.Agreement == agreement).ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.OrderByDescending(r => r.HeldOn, StringComparer.Ordinal).ThenByDescending(r => r.Id).Select(ToRecord)];
    }

    /// <summary>One review; null when there is none with that number.</summary>
    public async Task<ReviewRecord?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.Reviews.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct).ConfigureAwait(false) is { } row ? ToRecord(row) : null;
    }

    /// <summary>For every agreement reviewed, the next review its latest review (the one held last) set.</summary>
    public async Task<IReadOnlyDictionary<string, LocalDate>> NextSetAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.Reviews.AsNoTracking().Select(r => new { r.Agreement, r.HeldOn, r.Id, r.NextReview }).ToListAsync(ct).ConfigureAwait(false);
        return rows.GroupBy(r => r.Agreement, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => RecordMapper.Day(g.OrderByDescending(r => r.HeldOn, StringComparer.Ordinal).ThenByDescending(r => r.Id).First().NextReview)!.Value, StringComparer.Ordinal);
    }

    /// <summary>Every action still open, with its review and index, of every agreement.</summary>
    public async Task<IReadOnlyList<(string Agreement, long Review, int Index, ReviewAction Action)>> OpenActionsAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var open = JsonSerializer.Serialize(nameof(ActionStatus.Open), Json);
        var rows = await db.Reviews.AsNoTracking().Where(r => r.Actions.Contains(open)).Select(r => new { r.Agreement, r.Id, r.Actions }).ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.Id).SelectMany(r => ActionsOf(r.Actions).Select((a, i) => (r.Agreement, r.Id, i, a))).Where(x => x.a.Status == ActionStatus.Open)];
    }

    /// <summary>
    /// Replaces action <paramref name="index"/> of review <paramref name="id"/> with what <paramref name="change"/> makes
    /// of it (its problems, when it refuses, are given back and nothing is stored); with <paramref name="ifMatch"/>, only
    /// if the review is still in that state.
    /// </summary>
    public async Task<(ActionOutcome Outcome, ReviewRecord? Review, List<(string Field, string Message)> Problems)> UpdateActionAsync(
        long id, int index, Func<ReviewAction, LocalDate, (ReviewAction? Action, List<(string Field, string Message)> Problems)> change, string? ifMatch, string by, Instant at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var db = database.CreateContext();
        if (await db.Reviews.FirstOrDefaultAsync(r => r.Id == id, ct).ConfigureAwait(false) is not { } row)
        {
            return (ActionOutcome.NotFound, null, []);
        }
        var actions = ActionsOf(row.Actions);
        if (index < 0 || index >= actions.Count)
        {
            return (ActionOutcome.NotFound, ToRecord(row), []);
        }
        if (ifMatch is not null && ifMatch != ToRecord(row).Tag)
        {
            return (ActionOutcome.Changed, ToRecord(row), []);
        }
        var (changed, problems) = change(actions[index], RecordMapper.Day(row.HeldOn)!.Value);
        if (changed is null)
        {
            return (ActionOutcome.Updated, null, problems);
        }
        actions[index] = changed;
        row.Actions = ActionsJson(actions);
        (row.UpdatedBy, row.UpdatedAt, row.Revision) = (by, at, row.Revision + 1);
        try
        {
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var again = database.CreateContext();
            return (ActionOutcome.Changed, await again.Reviews.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct).ConfigureAwait(false) is { } now ? ToRecord(now) : null, []);
        }
        return (ActionOutcome.Updated, ToRecord(row), problems);
    }

    /// <summary>
    /// Records that <paramref name="reminder"/> was sent and writes its notifications to the outbox, in one transaction;
    /// false (nothing written) when it had been sent already, here or on another instance.
    /// </summary>
    public async Task<bool> RemindAsync(Reminder reminder, IReadOnlyList<NotificationDraft> drafts, Instant now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        await using var db = database.CreateContext();
        db.RemindersSent.Add(new ReminderEntity { Key = reminder.Key, SentAt = now });
        AlertStore.Enqueue(db, drafts, now);
        try
        {
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return false;
        }
    }

    /// <summary>Whether a reminder with this key was sent.</summary>
    public async Task<bool> RemindedAsync(string key, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.RemindersSent.AnyAsync(r => r.Key == key, ct).ConfigureAwait(false);
    }

    private sealed record StoredAction(string Title, string? Owner, string? Due, string Status);

    private static string ActionsJson(IEnumerable<ReviewAction> actions) =>
        JsonSerializer.Serialize(actions.Select(a => new StoredAction(a.Title, a.Owner, RecordMapper.Day(a.Due), a.Status.ToString())).ToList(), Json);

    private static List<ReviewAction> ActionsOf(string json) =>
        [.. (JsonSerializer.Deserialize<List<StoredAction>>(json, Json) ?? []).Select(a => new ReviewAction(a.Title, a.Owner, RecordMapper.Day(a.Due), Enum.Parse<ActionStatus>(a.Status)))];

    private static ReviewRecord ToRecord(ReviewEntity r) => new(
        r.Id, r.Agreement, r.Version,
        new ReviewTerms(RecordMapper.Day(r.HeldOn)!.Value, r.Period is null ? null : ReportPeriod.Parse(r.Period, out _),
            JsonSerializer.Deserialize<List<string>>(r.Attendees, Json) ?? [], JsonSerializer.Deserialize<List<string>>(r.Decisions, Json) ?? [],
            ActionsOf(r.Actions), r.Notes, RecordMapper.Day(r.NextReview)!.Value),
        r.RecordedBy, r.RecordedAt, r.UpdatedBy, r.UpdatedAt, r.Revision);
}
