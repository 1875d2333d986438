using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Storage.Entities;

namespace OpenSlm.Storage.Reviews;

/// <summary>A comment as stored: its number, the version, what was said and by whom.</summary>
public sealed record CommentRecord(long Id, string Agreement, int Version, CommentTerms Terms, string Author, string? Stakeholder, Instant WrittenAt);

/// <summary>Comments on agreement versions (issue 18, negotiation). Comments are never edited or removed: the discussion is part of the record.</summary>
public sealed class CommentStore(DatabaseTarget database)
{
    /// <summary>Adds a comment; null (nothing stored) when the version already holds <see cref="VersionComments.MaxPerVersion"/>.</summary>
    public async Task<CommentRecord?> AddAsync(string agreement, int version, CommentTerms terms, string author, string? stakeholder, Instant at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        await using var db = database.CreateContext();
        if (await db.VersionComments.CountAsync(c => c.Agreement == agreement && c.Version == version, ct).ConfigureAwait(false) >= VersionComments.MaxPerVersion)
        {
            return null;
        }
        var row = new VersionCommentEntity
        {
            Agreement = agreement,
            Version = version,
            Term = terms.Term,
            Text = terms.Text,
            Internal = terms.Internal,
            Author = author,
            Stakeholder = stakeholder,
            WrittenAt = at,
        };
        db.VersionComments.Add(row);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return ToRecord(row);
    }

    /// <summary>A version's comments, oldest first (a discussion reads in order).</summary>
    public async Task<IReadOnlyList<CommentRecord>> ListAsync(string agreement, int version, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.VersionComments.AsNoTracking().Where(c => c.Agreement == agreement && c.Version == version).OrderBy(c => c.Id)
            .ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.Select(ToRecord)];
    }

    private static CommentRecord ToRecord(VersionCommentEntity c) =>
        new(c.Id, c.Agreement, c.Version, new CommentTerms(c.Text, c.Term, c.Internal), c.Author, c.Stakeholder, c.WrittenAt);
}
