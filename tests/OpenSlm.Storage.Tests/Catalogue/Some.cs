using NodaTime;
using OpenSlm.Interop.Documents;
using OpenSlm.Storage.Catalogue;
using OpenSlm.TestSupport;

namespace OpenSlm.Storage.Tests.Catalogue;

/// <summary>Builders for store tests.</summary>
internal static class Some
{
    public static readonly Actor Alice = new("alice", "test");

    public static readonly Instant Start = Instant.FromUtc(2026, 1, 5, 9, 0);

    public const string Catalogue = """
        apiVersion: openslm/v1
        kind: Stakeholder
        metadata: {name: alice}
        spec: {email: alice@example.com}
        ---
        apiVersion: openslm/v1
        kind: Stakeholder
        metadata: {name: bob}
        spec: {email: bob@acme.example, team: Acme purchasing}
        ---
        apiVersion: openslm/v1
        kind: Customer
        metadata: {name: acme}
        spec:
          stakeholders: [{stakeholder: bob, role: Accountable}]
        ---
        apiVersion: openslm/v1
        kind: Customer
        metadata: {name: globex}
        ---
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: db}
        spec: {tier: 2, customers: [globex]}
        ---
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: web, displayName: Web shop}
        spec: {tier: 1, owner: alice, customers: [acme], dependsOn: [db]}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: web-ok}
        spec: {service: web}
        """;

    public static string Agreement(string status, decimal target = 99.9m) => $$"""
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: acme-sla}
        spec:
          kind: SLA
          status: {{status}}
          customer: acme
          services: [web]
          objectives:
            - {name: availability, indicator: web-ok, target: {{target.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}
        """;

    public static IReadOnlyList<Document> Read(string yaml)
    {
        var read = DocumentReader.Read(yaml, "test.yaml");
        Assert.True(read.Ok, string.Join("; ", read.Errors));
        return read.Documents;
    }

    public static CatalogueStore Store(TestDatabase db, FixedClock? clock = null) => new(db.Target, clock ?? new FixedClock(Start));

    /// <summary>Proposes version <paramref name="number"/> of acme-sla (when it is a Draft) and has both parties approve it: alice for the provider (she owns web), bob for acme.</summary>
    public static async Task SignOffAsync(this CatalogueStore store, int number)
    {
        if ((await store.GetVersionAsync("acme-sla", number))!.Info.Status == Core.Agreements.VersionStatus.Draft)
        {
            Assert.True((await store.MoveVersionAsync("acme-sla", number, Core.Agreements.VersionStatus.Proposed, null, Alice)).Ok);
        }
        foreach (var who in new[] { "alice", "bob" })
        {
            var result = await store.DecideAsync("acme-sla", number, new Core.Agreements.SignOffRequest(who, Approve: true), null, new Actor($"{who}@example.com", "test"));
            Assert.True(result.Ok, string.Join("; ", result.Errors));
        }
    }

    public static async Task<WriteResult> ApplyOk(this CatalogueStore store, string yaml, Actor? actor = null)
    {
        var result = await store.ApplyAsync(Read(yaml), actor ?? Alice);
        Assert.True(result.Ok, string.Join("; ", result.Errors));
        return result;
    }
}
