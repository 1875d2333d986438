using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Storage.Catalogue;
using OpenSlm.TestSupport;

namespace OpenSlm.Storage.Tests.Catalogue;

public sealed class AgreementVersionTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static async Task<(TestDatabase, CatalogueStore)> ActiveAgreementAsync(string provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var store = Some.Store(db);
        await store.ApplyOk(Some.Catalogue);
        await store.ApplyOk(Some.Agreement("Active"));
        return (db, store);
    }

    private static async Task<IReadOnlyList<(int, VersionStatus)>> VersionsAsync(CatalogueStore store) =>
        [.. (await store.GetAsync(ResourceKind.Agreement, "acme-sla"))!.Versions.Select(v => (v.Number, v.Status))];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_new_agreement_applied_as_active_passes_through_draft_with_both_steps_audited(string provider)
    {
        var (db, store) = await ActiveAgreementAsync(provider);
        await using var _ = db;
        Assert.Equal([(1, VersionStatus.Active)], await VersionsAsync(store));
        var audit = (await store.AuditAsync(ResourceKind.Agreement, "acme-sla")).Items;
        Assert.Equal(["StatusChanged", "Created"], audit.Select(a => a.Action));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Changed_terms_on_an_active_version_make_an_amendment_that_supersedes_it(string provider)
    {
        var (db, store) = await ActiveAgreementAsync(provider);
        await using var _ = db;
        var result = await store.ApplyOk(Some.Agreement("Proposed", target: 99.95m));
        var amendment = Assert.Single(result.Changes, c => c.Action == ChangeAction.VersionCreated);
        Assert.Equal([new FieldChange("spec.objectives[0].target", "99.9", "99.95")], amendment.Fields);
        Assert.Equal([(1, VersionStatus.Active), (2, VersionStatus.Proposed)], await VersionsAsync(store));
        await store.SignOffAsync(2);
        await store.ApplyOk(Some.Agreement("Active", target: 99.95m));
        Assert.Equal([(1, VersionStatus.Superseded), (2, VersionStatus.Active)], await VersionsAsync(store));

        var v1 = (await store.GetVersionAsync("acme-sla", 1))!;
        Assert.Equal(99.9m, v1.Spec.Objectives[0].Target);  // the old terms are kept as they were
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_draft_amendment_leaves_the_active_version_in_force_and_is_edited_in_place(string provider)
    {
        var (db, store) = await ActiveAgreementAsync(provider);
        await using var _ = db;
        await store.ApplyOk(Some.Agreement("Draft", target: 99.95m));
        await store.ApplyOk(Some.Agreement("Draft", target: 99.99m));
        Assert.Equal([(1, VersionStatus.Active), (2, VersionStatus.Draft)], await VersionsAsync(store));
        Assert.Equal(99.99m, (await store.GetVersionAsync("acme-sla", 2))!.Spec.Objectives[0].Target);

        await store.SignOffAsync(2);
        Assert.True((await store.MoveVersionAsync("acme-sla", 2, VersionStatus.Active, null, Some.Alice)).Ok);
        Assert.Equal([(1, VersionStatus.Superseded), (2, VersionStatus.Active)], await VersionsAsync(store));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_active_version_is_never_edited_in_place(string provider)
    {
        var (db, store) = await ActiveAgreementAsync(provider);
        await using var _ = db;
        var terms = (await store.GetVersionAsync("acme-sla", 1))!.Spec with { Description = "changed" };
        var error = Assert.Single((await store.EditVersionAsync("acme-sla", 1, terms, null, Some.Alice)).Errors);
        Assert.Equal(WriteErrorType.Conflict, error.Type);
        Assert.Contains("version 1 is Active: only a Draft is edited in place", error.Message, StringComparison.Ordinal);
        Assert.Null((await store.GetVersionAsync("acme-sla", 1))!.Spec.Description);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Moving_an_active_version_back_to_draft_is_refused_with_the_way_forward(string provider)
    {
        var (db, store) = await ActiveAgreementAsync(provider);
        await using var _ = db;
        var error = Assert.Single((await store.ApplyAsync(Some.Read(Some.Agreement("Draft")), Some.Alice)).Errors);
        Assert.Equal("spec.status", error.Path);
        Assert.Contains("version 1 is Active and cannot move to Draft", error.Message, StringComparison.Ordinal);
        Assert.Contains("create an amendment", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_amendment_copies_the_latest_terms_and_only_one_draft_may_be_open(string provider)
    {
        var (db, store) = await ActiveAgreementAsync(provider);
        await using var _ = db;
        var amended = await store.AmendAsync("acme-sla", null, null, Some.Alice);
        Assert.Equal(2, Assert.Single(amended.Changes).Version);
        Assert.Equal(
            OpenSlm.Interop.Documents.Document.SpecToNode((await store.GetVersionAsync("acme-sla", 1))!.Spec.Terms()).ToJsonString(),
            OpenSlm.Interop.Documents.Document.SpecToNode((await store.GetVersionAsync("acme-sla", 2))!.Spec.Terms()).ToJsonString());
        var again = Assert.Single((await store.AmendAsync("acme-sla", null, null, Some.Alice)).Errors);
        Assert.Contains("already a Draft", again.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Retiring_an_agreement_expires_its_version_in_force(string provider)
    {
        var (db, store) = await ActiveAgreementAsync(provider);
        await using var _ = db;
        Assert.True((await store.RetireAsync(ResourceKind.Agreement, "acme-sla", null, Some.Alice)).Ok);
        Assert.Equal([(1, VersionStatus.Expired)], await VersionsAsync(store));
        // with the agreement retired, nothing refers to the indicator any more
        Assert.True((await store.RetireAsync(ResourceKind.Indicator, "web-ok", null, Some.Alice)).Ok);
    }
}
