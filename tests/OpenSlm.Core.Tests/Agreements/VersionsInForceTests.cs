using NodaTime;
using OpenSlm.Core.Agreements;

namespace OpenSlm.Core.Tests.Agreements;

public sealed class VersionsInForceTests
{
    private static readonly LocalDate March15 = new(2025, 3, 15);
    private static readonly LocalDate April1 = new(2025, 4, 1);

    private static EffectivePeriod Dates(LocalDate? from, LocalDate? to = null) => new() { From = from, To = to };

    [Fact]
    public void Undated_versions_leave_the_active_one_in_force()
    {
        VersionTerm[] versions = [new(1, VersionStatus.Superseded, null), new(2, VersionStatus.Active, null), new(3, VersionStatus.Draft, null)];
        Assert.Equal(2, VersionsInForce.On(versions, March15));
    }

    [Fact]
    public void A_version_dated_from_a_later_day_leaves_the_earlier_days_to_the_version_before_it()
    {
        VersionTerm[] versions = [new(1, VersionStatus.Superseded, null), new(2, VersionStatus.Active, Dates(April1))];
        Assert.Equal(1, VersionsInForce.On(versions, March15));
        Assert.Equal(1, VersionsInForce.On(versions, April1.PlusDays(-1)));
        Assert.Equal(2, VersionsInForce.On(versions, April1));
    }

    [Fact]
    public void Days_no_version_covers_have_none_in_force()
    {
        VersionTerm[] versions = [new(1, VersionStatus.Active, Dates(new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31)))];
        Assert.Null(VersionsInForce.On(versions, new LocalDate(2024, 12, 31)));
        Assert.Null(VersionsInForce.On(versions, new LocalDate(2026, 1, 1)));
        Assert.Equal(1, VersionsInForce.On(versions, March15));
    }

    [Fact]
    public void Versions_never_in_force_are_never_chosen_whatever_their_dates()
    {
        VersionTerm[] versions = [new(1, VersionStatus.Active, null), new(2, VersionStatus.Agreed, Dates(new LocalDate(2025, 3, 1)))];
        Assert.Equal(1, VersionsInForce.On(versions, March15));
        Assert.Null(VersionsInForce.On([new VersionTerm(1, VersionStatus.Draft, null), new VersionTerm(2, VersionStatus.Proposed, null)], March15));
    }

    [Fact]
    public void Overlapping_dates_go_to_the_newer_version_and_an_expired_one_counts_for_its_days()
    {
        VersionTerm[] versions =
        [
            new(1, VersionStatus.Expired, Dates(new LocalDate(2024, 1, 1), new LocalDate(2025, 6, 30))),
            new(2, VersionStatus.Active, Dates(new LocalDate(2025, 3, 1))),
        ];
        Assert.Equal(1, VersionsInForce.On(versions, new LocalDate(2025, 2, 28)));
        Assert.Equal(2, VersionsInForce.On(versions, new LocalDate(2025, 3, 1)));
        Assert.Equal(2, VersionsInForce.On(versions, new LocalDate(2025, 7, 1)));
    }
}
