using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenSlm.Storage.Entities;
using OpenSlm.Storage.Jobs;
using OpenSlm.TestSupport;

namespace OpenSlm.Storage.Tests.Jobs;

/// <summary>
/// Only a unique violation reads as "another instance got there first": any other database error is a failure, so a
/// lease, an alert or a report run is never silently given up for a broken write.
/// </summary>
public sealed class DbErrorsTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_unique_violation_is_recognised_by_its_code_and_nothing_else_is(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var first = db.Target.CreateContext())
        {
            first.Leases.Add(new LeaseEntity { Name = "job", Holder = "a", ExpiresAt = Instant.FromUnixTimeTicks(1) });
            await first.SaveChangesAsync();
        }
        await using (var second = db.Target.CreateContext())
        {
            second.Leases.Add(new LeaseEntity { Name = "job", Holder = "b", ExpiresAt = Instant.FromUnixTimeTicks(1) });
            var unique = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());
            Assert.True(DbErrors.IsUniqueViolation(unique));
        }
        await using (var third = db.Target.CreateContext())
        {
            third.Leases.Add(new LeaseEntity { Name = "other", Holder = null!, ExpiresAt = Instant.FromUnixTimeTicks(1) });   // NOT NULL, not UNIQUE
            var notNull = await Assert.ThrowsAsync<DbUpdateException>(() => third.SaveChangesAsync());
            Assert.False(DbErrors.IsUniqueViolation(notNull));
        }

        // The lease race itself: the loser of the insert is told so, and a holder renews.
        var leases = new JobLeases(db.Target);
        var now = Instant.FromUtc(2026, 1, 1, 0, 0);
        Assert.True(await leases.TryTakeAsync("race", "x", now));
        Assert.False(await leases.TryTakeAsync("race", "y", now));
        Assert.True(await leases.TryTakeAsync("race", "x", now + Duration.FromSeconds(5)));
    }
}
