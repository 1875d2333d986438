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

    [Fact]
    public void Activating_a_version_supersedes_the_active_one_first_and_nothing_else()
    {
        var versions = new[] { (1, VersionStatus.Superseded), (2, VersionStatus.Active), (3, VersionStatus.Agreed), (4, VersionStatus.Draft) };
        Assert.Equal([(2, VersionStatus.Superseded), (3, VersionStatus.Active)], AgreementLifecycle.Move(versions, 3, VersionStatus.Active));
        Assert.Equal([(4, VersionStatus.Proposed)], AgreementLifecycle.Move(versions, 4, VersionStatus.Proposed));
        Assert.Empty(AgreementLifecycle.Move(versions, 2, VersionStatus.Active));   // already there: no change
        Assert.Throws<InvalidOperationException>(() => AgreementLifecycle.Move(versions, 1, VersionStatus.Active));
    }

    [Fact]
    public void Retiring_expires_the_agreed_and_active_versions_only()
    {
        var versions = new[] { (1, VersionStatus.Superseded), (2, VersionStatus.Active), (3, VersionStatus.Agreed), (4, VersionStatus.Draft), (5, VersionStatus.Expired) };
        Assert.Equal([(2, VersionStatus.Expired), (3, VersionStatus.Expired)], AgreementLifecycle.Retire(versions));
    }

    [Fact]
    public void A_refused_move_says_why_and_what_to_do_instead()
    {
        Assert.Null(AgreementLifecycle.Refusal(2, VersionStatus.Draft, VersionStatus.Active));
        Assert.Null(AgreementLifecycle.Refusal(2, VersionStatus.Active, VersionStatus.Active));
        Assert.Equal("version 2 is Active and cannot move to Draft: it may move to Expired. To change agreed terms, create an amendment (a new version).",
            AgreementLifecycle.Refusal(2, VersionStatus.Active, VersionStatus.Draft));
        Assert.Equal("version 1 is Draft and cannot move to Superseded: a version is Superseded only when a newer version becomes Active.",
            AgreementLifecycle.Refusal(1, VersionStatus.Draft, VersionStatus.Superseded));
        Assert.Equal("version 3 is Expired and cannot move to Active: it cannot change status any more.",
            AgreementLifecycle.Refusal(3, VersionStatus.Expired, VersionStatus.Active));
    }
}
