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
        kind: Customer
        metadata: {name: acme}
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

    public static async Task<WriteResult> ApplyOk(this CatalogueStore store, string yaml, Actor? actor = null)
    {
        var result = await store.ApplyAsync(Read(yaml), actor ?? Alice);
        Assert.True(result.Ok, string.Join("; ", result.Errors));
        return result;
    }
}
