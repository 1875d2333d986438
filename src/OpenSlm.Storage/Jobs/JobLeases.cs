using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenSlm.Storage.Entities;

namespace OpenSlm.Storage.Jobs;

/// <summary>
/// Leases that let one <c>slm serve</c> among several on one database run a background job: the holder renews its
/// lease each round; when it stops, another instance takes over once the lease lapses. Works alike on SQLite and
/// PostgreSQL (a conditional update, else an insert that only one instance can win).
/// </summary>
public sealed class JobLeases(DatabaseTarget database)
{
    /// <summary>How long a lease lasts unless its holder renews it (every 5 s while it runs).</summary>
    public static Duration Length { get; } = Duration.FromSeconds(20);

    /// <summary>A holder name no other runner shares: machine, process and a fresh id.</summary>
    public static string NewHolder() => $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Takes or renews the lease on <paramref name="job"/> for <paramref name="holder"/> until now + <see cref="Length"/>:
    /// true when it holds the lease, false when another holder's lease has not lapsed.</summary>
    public async Task<bool> TryTakeAsync(string job, string holder, Instant now, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var (nowTicks, until) = (now, now + Length);
        var taken = await db.Leases.Where(l => l.Name == job && (l.Holder == holder || l.ExpiresAt < nowTicks))
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct).ConfigureAwait(false);
        if (taken > 0)
        {
            return true;
        }
        db.Leases.Add(new LeaseEntity { Name = job, Holder = holder, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return false; // another holder has it
        }
    }

    /// <summary>Gives up <paramref name="holder"/>'s lease on <paramref name="job"/> (as a stopping instance does), so that
    /// another instance takes the job over at once rather than when the lease lapses.</summary>
    public async Task ReleaseAsync(string job, string holder, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        await db.Leases.Where(l => l.Name == job && l.Holder == holder).ExecuteDeleteAsync(ct).ConfigureAwait(false);
    }
}
