using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenSlm.Storage.Entities;

namespace OpenSlm.Storage.Reports;

/// <summary>A published report: where it is kept, what it covers, and the snapshot of its numbers.</summary>
public sealed record PublishedReport(long Id, string Agreement, int Version, string Period, string DataHash, Instant PublishedAt, string PublishedBy, string Snapshot);

/// <summary>
/// Published reports. Publishing keeps a snapshot of every number a report showed with the hash of the data behind
/// them; the same agreement, version, period and data published again is the same publication.
/// </summary>
public sealed class ReportStore(DatabaseTarget database)
{
    /// <summary>Keeps a report as published; gives the publication and whether it is new (false: the same data was
    /// published before, and that publication is given).</summary>
    public async Task<(PublishedReport Report, bool Created)> PublishAsync(string agreement, int version, string period, string dataHash, string snapshot,
        string by, Instant now, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        if (await Find(db, agreement, version, period, dataHash, ct).ConfigureAwait(false) is { } existing)
        {
            return (ToRecord(existing), false);
        }
        var row = new PublishedReportEntity
        {
            Agreement = agreement,
            Version = version,
            Period = period,
            DataHash = dataHash,
            Snapshot = snapshot,
            PublishedAt = now,
            PublishedBy = by,
        };
        db.PublishedReports.Add(row);
        try
        {
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            return (ToRecord(row), true);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Published by someone else at the same moment: the unique index kept it to one.
            await using var again = database.CreateContext();
            return (ToRecord((await Find(again, agreement, version, period, dataHash, ct).ConfigureAwait(false))!), false);
        }
    }

    /// <summary>Whether a schedule has run for the occurrence <paramref name="due"/>.</summary>
    public async Task<bool> HasRunAsync(string schedule, Instant due, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var ticks = due;
        return await db.ReportRuns.AnyAsync(r => r.Schedule == schedule && r.Due == ticks, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Records that a schedule ran for <paramref name="due"/> and writes its e-mails to the outbox, in one transaction;
    /// false (nothing written) when it had run for that occurrence already, here or on another instance.
    /// </summary>
    public async Task<bool> RecordRunAsync(string schedule, Instant due, string period, long? publication, IReadOnlyList<Alerts.NotificationDraft> mails, Instant now, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        db.ReportRuns.Add(new ReportRunEntity { Schedule = schedule, Due = due, RanAt = now, Period = period, PublishedReport = publication });
        Alerts.AlertStore.Enqueue(db, mails, now);
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

    /// <summary>One publication; null when there is none with that id.</summary>
    public async Task<PublishedReport?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.PublishedReports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct).ConfigureAwait(false) is { } row ? ToRecord(row) : null;
    }

    /// <summary>Publications, newest first, optionally of one agreement (without their snapshots).</summary>
    public async Task<(IReadOnlyList<PublishedReport> Items, int Total)> ListAsync(string? agreement, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var query = db.PublishedReports.AsNoTracking();
        if (agreement is not null)
        {
            query = query.Where(r => r.Agreement == agreement);
        }
        var total = await query.CountAsync(ct).ConfigureAwait(false);
        var rows = await query.OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(r => new PublishedReportEntity
            {
                Id = r.Id,
                Agreement = r.Agreement,
                Version = r.Version,
                Period = r.Period,
                DataHash = r.DataHash,
                PublishedAt = r.PublishedAt,
                PublishedBy = r.PublishedBy,
                Snapshot = string.Empty,
            })
            .ToListAsync(ct).ConfigureAwait(false);
        return ([.. rows.Select(ToRecord)], total);
    }

    private static Task<PublishedReportEntity?> Find(SlmDbContext db, string agreement, int version, string period, string dataHash, CancellationToken ct) =>
        db.PublishedReports.AsNoTracking().FirstOrDefaultAsync(r => r.Agreement == agreement && r.Version == version && r.Period == period && r.DataHash == dataHash, ct);

    private static PublishedReport ToRecord(PublishedReportEntity r) =>
        new(r.Id, r.Agreement, r.Version, r.Period, r.DataHash, r.PublishedAt, r.PublishedBy, r.Snapshot);
}
