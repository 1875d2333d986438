using NodaTime;
using OpenSlm.Core.Agreements;

namespace OpenSlm.Core.Tests.Agreements;

/// <summary>A version past its effective end (issue 18, finding 2).</summary>
public sealed class ExpiryTests
{
    private static readonly LocalDate Today = new(2026, 12, 3);

    [Theory]
    [InlineData(VersionStatus.Active, "2026-09-30", true)]
    [InlineData(VersionStatus.Active, "2026-12-02", true)]
    [InlineData(VersionStatus.Active, "2026-12-03", false)]   // its last day is today: still in force
    [InlineData(VersionStatus.Active, null, false)]           // open-ended
    [InlineData(VersionStatus.Agreed, "2026-09-30", false)]   // never in force: nothing to expire by date
    [InlineData(VersionStatus.Superseded, "2026-09-30", false)]
    public void An_active_version_is_past_its_end_only_after_its_last_day(VersionStatus status, string? to, bool expected)
    {
        var effective = new EffectivePeriod { From = new LocalDate(2024, 10, 1), To = to is null ? null : NodaTime.Text.LocalDatePattern.Iso.Parse(to).Value };
        Assert.Equal(expected, AgreementLifecycle.IsPastItsEnd(status, effective, Today));
    }

    [Fact]
    public void The_months_an_expired_version_was_in_force_still_find_it()
    {
        var versions = new[] { new VersionTerm(1, VersionStatus.Expired, new EffectivePeriod { From = new LocalDate(2024, 10, 1), To = new LocalDate(2026, 9, 30) }) };
        Assert.Equal(1, VersionsInForce.On(versions, new LocalDate(2026, 9, 30)));
        Assert.Null(VersionsInForce.On(versions, new LocalDate(2026, 11, 30)));
    }
}
