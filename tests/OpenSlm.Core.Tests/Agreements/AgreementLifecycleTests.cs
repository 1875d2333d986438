using OpenSlm.Core.Agreements;

namespace OpenSlm.Core.Tests.Agreements;

public sealed class AgreementLifecycleTests
{
    // The whole transition table, written out so any change to the rules shows up here.
    public static TheoryData<VersionStatus, VersionStatus, bool> Table()
    {
        var allowed = new HashSet<(VersionStatus, VersionStatus)>
        {
            (VersionStatus.Draft, VersionStatus.Proposed),
            (VersionStatus.Draft, VersionStatus.Agreed),
            (VersionStatus.Draft, VersionStatus.Active),
            (VersionStatus.Proposed, VersionStatus.Draft),
            (VersionStatus.Proposed, VersionStatus.Agreed),
            (VersionStatus.Proposed, VersionStatus.Active),
            (VersionStatus.Agreed, VersionStatus.Active),
            (VersionStatus.Agreed, VersionStatus.Expired),
            (VersionStatus.Active, VersionStatus.Expired),
        };
        var data = new TheoryData<VersionStatus, VersionStatus, bool>();
        foreach (var from in Enum.GetValues<VersionStatus>())
        {
            foreach (var to in Enum.GetValues<VersionStatus>())
            {
                data.Add(from, to, allowed.Contains((from, to)));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Moves_follow_the_lifecycle_table(VersionStatus from, VersionStatus to, bool allowed) =>
        Assert.Equal(allowed, AgreementLifecycle.CanMove(from, to));

    [Fact]
    public void Only_a_draft_is_editable()
    {
        Assert.Equal([VersionStatus.Draft], Enum.GetValues<VersionStatus>().Where(AgreementLifecycle.IsEditable));
    }

    [Fact]
    public void Superseded_and_expired_versions_are_final()
    {
        foreach (var final in new[] { VersionStatus.Superseded, VersionStatus.Expired })
        {
            Assert.True(AgreementLifecycle.IsFinal(final));
            Assert.Empty(AgreementLifecycle.Next(final));
        }
    }

    [Fact]
    public void Nothing_can_be_moved_to_superseded_by_request()
    {
        Assert.DoesNotContain(Enum.GetValues<VersionStatus>(), s => AgreementLifecycle.CanMove(s, VersionStatus.Superseded));
    }
}
