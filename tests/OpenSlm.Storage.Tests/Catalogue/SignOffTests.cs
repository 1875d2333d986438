using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Storage.Catalogue;
using OpenSlm.TestSupport;

namespace OpenSlm.Storage.Tests.Catalogue;

/// <summary>Issue 18, finding 4 and findings 1: lifecycle moves need the approvals; an amendment takes effect from its activation.</summary>
public sealed class SignOffTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static readonly Actor Bob = new("bob@acme.example", "test");

    private static async Task<(TestDatabase, CatalogueStore, FixedClock)> DraftAmendmentAsync(string provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var clock = new FixedClock(Some.Start);
        var store = Some.Store(db, clock);
        await store.ApplyOk(Some.Catalogue);
        await store.ApplyOk(Some.Agreement("Active"));
        await store.ApplyOk(Some.Agreement("Draft", target: 99.95m));
        return (db, store, clock);
    }

    private static async Task<VersionStatus> StatusAsync(CatalogueStore store, int number) => (await store.GetVersionAsync("acme-sla", number))!.Info.Status;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_SLA_draft_cannot_skip_to_agreed_or_active(string provider)
    {
        var (db, store, _) = await DraftAmendmentAsync(provider);
        await using var _ = db;
        foreach (var to in new[] { VersionStatus.Agreed, VersionStatus.Active })
        {
            var error = Assert.Single((await store.MoveVersionAsync("acme-sla", 2, to, null, Some.Alice)).Errors);
            Assert.Equal(WriteErrorType.Conflict, error.Type);
            Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
        }
        Assert.True((await store.MoveVersionAsync("acme-sla", 2, VersionStatus.Proposed, null, Some.Alice)).Ok);
        var agreed = Assert.Single((await store.MoveVersionAsync("acme-sla", 2, VersionStatus.Agreed, null, Some.Alice)).Errors);
        Assert.Contains("becomes Agreed when the Accountable of each party has approved it", agreed.Message, StringComparison.Ordinal);
        Assert.Equal(VersionStatus.Proposed, await StatusAsync(store, 2));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Both_parties_approving_makes_it_agreed_and_each_decision_is_kept_with_the_person(string provider)
    {
        var (db, store, clock) = await DraftAmendmentAsync(provider);
        await using var _ = db;
        Assert.True((await store.MoveVersionAsync("acme-sla", 2, VersionStatus.Proposed, null, Some.Alice)).Ok);
        clock.Advance(Duration.FromHours(1));
        Assert.True((await store.DecideAsync("acme-sla", 2, new SignOffRequest("bob", true), null, Bob)).Ok);
        Assert.Equal(VersionStatus.Proposed, await StatusAsync(store, 2));
        var state = (await store.SignOffAsync("acme-sla", 2))!;
        Assert.Equal([Party.Provider], state.Pending.Select(p => p.Party));
        Assert.Equal(["alice"], state.Signatories.Single(s => s.Party == Party.Provider).Accountable);

        // approving twice is refused with the reason, and stores nothing
        var twice = Assert.Single((await store.DecideAsync("acme-sla", 2, new SignOffRequest("bob", true), null, Bob)).Errors);
        Assert.Contains("already approved for the customer by bob", twice.Message, StringComparison.Ordinal);

        Assert.True((await store.DecideAsync("acme-sla", 2, new SignOffRequest("alice", true), null, Some.Alice)).Ok);
        Assert.Equal(VersionStatus.Agreed, await StatusAsync(store, 2));
        state = (await store.SignOffAsync("acme-sla", 2))!;
        Assert.Empty(state.Pending);
        Assert.Equal([("bob", "bob@acme.example", Party.Customer), ("alice", "alice", Party.Provider)],
            state.History.Select(h => (h.Decision.Stakeholder, h.Decision.By, h.Decision.Party)));
        Assert.All(state.History, h => Assert.Equal(Some.Start + Duration.FromHours(1), h.Decision.At));
        var audit = (await store.AuditAsync(ResourceKind.Agreement, "acme-sla")).Items;
        Assert.Equal(["StatusChanged", "Approved", "Approved"], audit.Take(3).Select(a => a.Action));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Someone_who_is_not_an_accountable_party_is_refused_with_who_is(string provider)
    {
        var (db, store, _) = await DraftAmendmentAsync(provider);
        await using var _ = db;
        await store.ApplyOk("""
            apiVersion: openslm/v1
            kind: Stakeholder
            metadata: {name: mallory}
            """);
        Assert.True((await store.MoveVersionAsync("acme-sla", 2, VersionStatus.Proposed, null, Some.Alice)).Ok);
        var error = Assert.Single((await store.DecideAsync("acme-sla", 2, new SignOffRequest("mallory", true), null, new Actor("mallory", "test"))).Errors);
        Assert.Equal(WriteErrorType.Forbidden, error.Type);
        Assert.Contains("mallory is not the Accountable of a party", error.Message, StringComparison.Ordinal);
        Assert.Contains("customer acme is signed off by bob", error.Message, StringComparison.Ordinal);
        var unlinked = Assert.Single((await store.DecideAsync("acme-sla", 2, new SignOffRequest(null, true), null, new Actor("someone", "test"))).Errors);
        Assert.Contains("not linked to a stakeholder", unlinked.Message, StringComparison.Ordinal);
        Assert.Empty((await store.SignOffAsync("acme-sla", 2))!.History);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_rejection_needs_a_reason_sends_it_back_to_draft_and_a_new_proposal_starts_afresh(string provider)
    {
        var (db, store, _) = await DraftAmendmentAsync(provider);
        await using var _ = db;
        Assert.True((await store.MoveVersionAsync("acme-sla", 2, VersionStatus.Proposed, null, Some.Alice)).Ok);
        Assert.True((await store.DecideAsync("acme-sla", 2, new SignOffRequest("alice", true), null, Some.Alice)).Ok);
        var noReason = Assert.Single((await store.DecideAsync("acme-sla", 2, new SignOffRequest("bob", false, "  "), null, Bob)).Errors);
        Assert.Equal(("reason", WriteErrorType.Invalid), (noReason.Path, noReason.Type));

        Assert.True((await store.DecideAsync("acme-sla", 2, new SignOffRequest("bob", false, "99.95 % is more than we pay for"), null, Bob)).Ok);
        Assert.Equal(VersionStatus.Draft, await StatusAsync(store, 2));
        var audit = (await store.AuditAsync(ResourceKind.Agreement, "acme-sla")).Items;
        Assert.Contains("99.95 % is more than we pay for", audit[0].After, StringComparison.Ordinal);

        Assert.True((await store.MoveVersionAsync("acme-sla", 2, VersionStatus.Proposed, null, Some.Alice)).Ok);
        var state = (await store.SignOffAsync("acme-sla", 2))!;
        Assert.Equal(2, state.Round);
        Assert.Empty(state.Current);                                   // alice's approval was of the first proposal
        Assert.Equal(2, state.Pending.Count);
        Assert.Equal(2, state.History.Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_version_nobody_can_sign_for_is_not_proposed(string provider)
    {
        var (db, store, _) = await DraftAmendmentAsync(provider);
        await using var _ = db;
        await store.ApplyOk("""
            apiVersion: openslm/v1
            kind: Customer
            metadata: {name: acme}
            """);
        var error = Assert.Single((await store.MoveVersionAsync("acme-sla", 2, VersionStatus.Proposed, null, Some.Alice)).Errors);
        Assert.Contains("nobody can sign it off for the customer acme", error.Message, StringComparison.Ordinal);
        Assert.Contains("Give customer acme an Accountable stakeholder", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_expectation_may_go_straight_from_draft_to_active(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = Some.Store(db);
        await store.ApplyOk(Some.Catalogue);
        await store.ApplyOk(Some.Agreement("Draft").Replace("kind: SLA", "kind: Expectation", StringComparison.Ordinal));
        Assert.True((await store.MoveVersionAsync("acme-sla", 1, VersionStatus.Active, null, Some.Alice)).Ok);
        Assert.Equal(VersionStatus.Active, await StatusAsync(store, 1));
        var error = Assert.Single((await store.DecideAsync("acme-sla", 1, new SignOffRequest("bob", true), null, Bob)).Errors);
        Assert.Contains("needs no sign-off", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Expiring_by_hand_needs_a_reason_and_is_final(string provider)
    {
        var (db, store, _) = await DraftAmendmentAsync(provider);
        await using var _ = db;
        var error = Assert.Single((await store.MoveVersionAsync("acme-sla", 1, VersionStatus.Expired, null, Some.Alice)).Errors);
        Assert.Equal(("reason", WriteErrorType.Invalid), (error.Path, error.Type));
        Assert.Equal(VersionStatus.Active, await StatusAsync(store, 1));
        Assert.True((await store.MoveVersionAsync("acme-sla", 1, new VersionMove(VersionStatus.Expired, Reason: "contract terminated by acme"), null, Some.Alice)).Ok);
        var audit = (await store.AuditAsync(ResourceKind.Agreement, "acme-sla")).Items[0];
        Assert.Contains("contract terminated by acme", audit.After, StringComparison.Ordinal);
        Assert.False((await store.MoveVersionAsync("acme-sla", 1, VersionStatus.Active, null, Some.Alice)).Ok);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_amendment_takes_effect_from_the_day_it_is_activated_and_the_closed_days_stay_with_the_old_version(string provider)
    {
        var (db, store, clock) = await DraftAmendmentAsync(provider);
        await using var _ = db;
        await store.SignOffAsync(2);
        clock.Advance(Duration.FromDays(30));   // 4 February 2026
        var today = clock.GetCurrentInstant().InUtc().Date;
        var moved = await store.MoveVersionAsync("acme-sla", 2, VersionStatus.Active, null, Some.Alice);
        Assert.True(moved.Ok);
        Assert.Contains(moved.Changes, c => c.Note == $"version 2: Agreed → Active, in force from {today:yyyy'-'MM'-'dd}");
        var terms = await store.VersionTermsAsync("acme-sla");
        Assert.Equal(today, terms.Single(t => t.Number == 2).InForceFrom);
        Assert.Equal(1, VersionsInForce.On(terms, today.PlusDays(-1)));
        Assert.Equal(2, VersionsInForce.On(terms, today));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_retroactive_date_needs_a_reason_and_is_recorded_with_it(string provider)
    {
        var (db, store, _) = await DraftAmendmentAsync(provider);
        await using var _ = db;
        await store.SignOffAsync(2);
        var earlier = new LocalDate(2026, 1, 1);
        var error = Assert.Single((await store.MoveVersionAsync("acme-sla", 2, new VersionMove(VersionStatus.Active, earlier), null, Some.Alice)).Errors);
        Assert.Equal(("reason", WriteErrorType.Invalid), (error.Path, error.Type));
        Assert.Equal(VersionStatus.Agreed, await StatusAsync(store, 2));
        Assert.True((await store.MoveVersionAsync("acme-sla", 2, new VersionMove(VersionStatus.Active, earlier, "clause 4.2: the new target applies from the start of the year"), null, Some.Alice)).Ok);
        var version = (await store.GetVersionAsync("acme-sla", 2))!.Info;
        Assert.Equal((earlier, "clause 4.2: the new target applies from the start of the year"), (version.InForceFrom!.Value, version.InForceReason));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_future_date_leaves_it_agreed_until_the_day_comes(string provider)
    {
        var (db, store, clock) = await DraftAmendmentAsync(provider);
        await using var _ = db;
        await store.SignOffAsync(2);
        var first = new LocalDate(2026, 2, 1);
        var moved = await store.MoveVersionAsync("acme-sla", 2, new VersionMove(VersionStatus.Active, first), null, Some.Alice);
        Assert.True(moved.Ok, string.Join("; ", moved.Errors));
        Assert.Equal((VersionStatus.Active, VersionStatus.Agreed), (await StatusAsync(store, 1), await StatusAsync(store, 2)));
        Assert.True((await store.GetVersionAsync("acme-sla", 2))!.Info.Scheduled);
        Assert.Empty(await store.ActivateDueAsync(first.PlusDays(-1), Some.Alice));
        clock.Advance(Duration.FromDays(30));
        Assert.Equal([("acme-sla", 2, first)], await store.ActivateDueAsync(first, Some.Alice));
        Assert.Equal((VersionStatus.Superseded, VersionStatus.Active), (await StatusAsync(store, 1), await StatusAsync(store, 2)));
        Assert.Equal(first, (await store.VersionTermsAsync("acme-sla")).Single(t => t.Number == 2).InForceFrom);
    }
}
