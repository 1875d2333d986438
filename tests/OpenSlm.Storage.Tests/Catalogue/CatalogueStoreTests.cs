using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Interop.Documents;
using OpenSlm.Storage.Catalogue;
using OpenSlm.TestSupport;

namespace OpenSlm.Storage.Tests.Catalogue;

public sealed class CatalogueStoreTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Applying_creates_every_record_and_applying_again_changes_nothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = Some.Store(db);

        var first = await store.ApplyOk(Some.Catalogue);
        Assert.Equal(7, first.Changes.Count(c => c.Action == ChangeAction.Created));

        var second = await store.ApplyOk(Some.Catalogue);
        Assert.All(second.Changes, c => Assert.Equal(ChangeAction.Unchanged, c.Action));
        var web = await store.GetAsync(ResourceKind.Service, "web");
        Assert.Equal(1, web!.Status.Revision);
        Assert.Equal("alice", web.Status.CreatedBy);
        Assert.Equal(Some.Start, web.Status.CreatedAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_dry_run_reports_the_plan_and_stores_nothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = Some.Store(db);
        var plan = await store.ApplyAsync(Some.Read(Some.Catalogue), Some.Alice, dryRun: true);
        Assert.True(plan.Ok);
        Assert.Equal(7, plan.Changes.Count(c => c.Action == ChangeAction.Created));
        Assert.Empty(await store.ExportAsync());
        Assert.Equal(0, (await store.AuditAsync(null, null)).Total);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_objective_must_fit_its_indicator_type_threshold_or_counts(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = Some.Store(db);
        await store.ApplyOk(Some.Catalogue);

        // web-ok (stored) counts events: a threshold does not apply.
        var withThreshold = Some.Agreement("Draft").Replace("target: 99.9}", "target: 99.9, threshold: {op: Lt, value: 500}}", StringComparison.Ordinal);
        var error = Assert.Single((await store.ApplyAsync(Some.Read(withThreshold), Some.Alice)).Errors);
        Assert.Equal(("acme-sla", "spec.objectives[0].threshold"), (error.Name, error.Path));
        Assert.Contains("'web-ok' is a Ratio indicator", error.Message, StringComparison.Ordinal);

        // A Threshold indicator in the same batch: the objective needs a threshold.
        var latency = """
            apiVersion: openslm/v1
            kind: Indicator
            metadata: {name: web-latency}
            spec: {service: web, type: Threshold, unit: ms}
            ---

            """ + Some.Agreement("Draft").Replace("indicator: web-ok", "indicator: web-latency", StringComparison.Ordinal);
        error = Assert.Single((await store.ApplyAsync(Some.Read(latency), Some.Alice)).Errors);
        Assert.Equal("spec.objectives[0].threshold", error.Path);
        Assert.Contains("is required: indicator 'web-latency' is a Threshold indicator", error.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(ResourceKind.Agreement, "acme-sla"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_unknown_reference_refuses_the_whole_batch_naming_the_field(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = Some.Store(db);
        var yaml = Some.Catalogue.Replace("dependsOn: [db]", "dependsOn: [db, cache]", StringComparison.Ordinal);
        var result = await store.ApplyAsync(Some.Read(yaml), Some.Alice);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("web", "spec.dependsOn[1]", WriteErrorType.Invalid), (error.Name, error.Path, error.Type));
        Assert.Contains("Service 'cache', which does not exist", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Location);
        Assert.Empty(await store.ExportAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_dependency_cycle_is_refused(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = Some.Store(db);
        await store.ApplyOk(Some.Catalogue);
        var cyclic = """
            apiVersion: openslm/v1
            kind: Service
            metadata: {name: db}
            spec: {dependsOn: [web]}
            """;
        var error = Assert.Single((await store.ApplyAsync(Some.Read(cyclic), Some.Alice)).Errors);
        Assert.Equal("spec.dependsOn", error.Path);
        Assert.Contains("cycle: db → web → db", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_update_bumps_the_revision_and_audits_before_and_after(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FixedClock(Some.Start);
        var store = Some.Store(db, clock);
        await store.ApplyOk(Some.Catalogue);
        clock.Advance(NodaTime.Duration.FromHours(1));

        var result = await store.ApplyOk(Some.Catalogue.Replace("{tier: 1, owner", "{tier: 2, owner", StringComparison.Ordinal), new Actor("bob", "apply"));
        var change = Assert.Single(result.Changes, c => c.Action == ChangeAction.Updated);
        Assert.Equal([new FieldChange("spec.tier", "1", "2")], change.Fields);

        var web = (await store.GetAsync(ResourceKind.Service, "web"))!;
        Assert.Equal((2L, "bob", clock.Now), (web.Status.Revision, web.Status.UpdatedBy, web.Status.UpdatedAt));
        var audit = (await store.AuditAsync(ResourceKind.Service, "web")).Items;
        Assert.Equal(["Updated", "Created"], audit.Select(a => a.Action));
        Assert.Equal(("bob", "apply"), (audit[0].Actor, audit[0].Via));
        Assert.Contains("\"tier\":1", audit[0].Before, StringComparison.Ordinal);
        Assert.Contains("\"tier\":2", audit[0].After, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_stale_revision_is_refused_as_a_failed_precondition(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = Some.Store(db);
        await store.ApplyOk(Some.Catalogue);
        var web = Some.Read(Some.Catalogue).Single(d => d.Name == "web");
        Assert.True((await store.UpdateAsync(web, expectedRevision: 1, Some.Alice)).Ok);
        var stale = await store.UpdateAsync(web with { Metadata = web.Metadata with { DisplayName = "Other" } }, expectedRevision: 0, Some.Alice);
        Assert.Equal(WriteErrorType.PreconditionFailed, Assert.Single(stale.Errors).Type);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Creating_an_existing_name_is_a_conflict_and_updating_a_missing_one_is_not_found(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = Some.Store(db);
        await store.ApplyOk(Some.Catalogue);
        var web = Some.Read(Some.Catalogue).Single(d => d.Name == "web");
        Assert.Equal(WriteErrorType.Conflict, Assert.Single((await store.CreateAsync(web, Some.Alice)).Errors).Type);
        var ghost = web with { Metadata = web.Metadata with { Name = "ghost" } };
        Assert.Equal(WriteErrorType.NotFound, Assert.Single((await store.UpdateAsync(ghost, null, Some.Alice)).Errors).Type);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_record_in_use_cannot_be_retired_until_nothing_refers_to_it(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = Some.Store(db);
        await store.ApplyOk(Some.Catalogue);

        var refused = Assert.Single((await store.RetireAsync(ResourceKind.Service, "db", null, Some.Alice)).Errors);
        Assert.Equal(WriteErrorType.Conflict, refused.Type);
        Assert.Contains("service/web (spec.dependsOn[0])", refused.Message, StringComparison.Ordinal);

        await store.ApplyOk(Some.Catalogue.Replace(", dependsOn: [db]", string.Empty, StringComparison.Ordinal));
        Assert.True((await store.RetireAsync(ResourceKind.Service, "db", null, Some.Alice)).Ok);

        var retired = (await store.GetAsync(ResourceKind.Service, "db"))!;
        Assert.NotNull(retired.Status.RetiredAt);
        Assert.Equal(Lifecycle.Retired, ((ServiceSpec)retired.Document.Spec).Lifecycle);
        var (live, _) = await store.ListAsync(ResourceKind.Service, new ListQuery());
        Assert.Equal(["web"], live!.Items.Select(r => r.Document.Name));
        var (all, _) = await store.ListAsync(ResourceKind.Service, new ListQuery { IncludeRetired = true });
        Assert.Equal(2, all!.Total);

        const string usesRetired = "apiVersion: openslm/v1\nkind: Service\nmetadata: {name: web}\nspec: {dependsOn: [db]}\n";
        var error = Assert.Single((await store.ApplyAsync(Some.Read(usesRetired), Some.Alice)).Errors);
        Assert.Contains("which is retired", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Listing_pages_and_filters_on_spec_fields(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = Some.Store(db);
        await store.ApplyOk(Some.Catalogue);

        var (byCustomer, _) = await store.ListAsync(ResourceKind.Service, new ListQuery { Filters = new Dictionary<string, string> { ["customer"] = "ACME" } });
        Assert.Equal(["web"], byCustomer!.Items.Select(r => r.Document.Name));
        var (byTier, _) = await store.ListAsync(ResourceKind.Service, new ListQuery { Filters = new Dictionary<string, string> { ["tier"] = "2" } });
        Assert.Equal(["db"], byTier!.Items.Select(r => r.Document.Name));
        var (paged, _) = await store.ListAsync(ResourceKind.Customer, new ListQuery { Page = 2, PageSize = 1 });
        Assert.Equal(2, paged!.Total);
        Assert.Equal(["globex"], paged.Items.Select(r => r.Document.Name));
        var (searched, _) = await store.ListAsync(ResourceKind.Service, new ListQuery { Search = "shop" });
        Assert.Equal(["web"], searched!.Items.Select(r => r.Document.Name));

        var (none, error) = await store.ListAsync(ResourceKind.Service, new ListQuery { Filters = new Dictionary<string, string> { ["colour"] = "red" } });
        Assert.Null(none);
        Assert.Contains("'colour' is not a field of services", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Export_applied_to_an_empty_store_gives_the_same_export_and_changes_nothing_when_reapplied(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = Some.Store(db);
        await store.ApplyOk(Some.Catalogue);
        await store.ApplyOk(Some.Agreement("Active"));
        await store.ApplyOk(Some.Agreement("Draft", target: 99.95m));
        var exported = DocumentWriter.Write(await store.ExportAsync());

        Assert.All((await store.ApplyOk(exported)).Changes, c => Assert.Equal(ChangeAction.Unchanged, c.Action));

        await using var fresh = await TestDatabase.CreateAsync("sqlite");
        var copy = Some.Store(fresh);
        await copy.ApplyOk(exported);
        Assert.Equal(exported, DocumentWriter.Write(await copy.ExportAsync()));
    }
}
