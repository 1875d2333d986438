using System.Text.Json.Nodes;
using FsCheck.Xunit;
using OpenSlm.Core.Agreements;
using OpenSlm.Interop.Documents;

namespace OpenSlm.Interop.Tests.Documents;

public sealed class TermsCompareTests
{
    private static AgreementSpec Spec(string spec)
    {
        var read = DocumentReader.Read($"apiVersion: openslm/v1\nkind: Agreement\nmetadata: {{name: sla}}\nspec:\n{spec}", "sla.yaml");
        Assert.True(read.Ok, string.Join("\n", read.Errors));
        return (AgreementSpec)Assert.Single(read.Documents).Spec;
    }

    [Fact]
    public void An_amendment_shows_each_term_it_changes_by_its_path_with_objectives_known_by_name()
    {
        var v1 = Spec("""
              kind: SLA
              customer: acme
              services: [shop]
              objectives:
                - {name: availability, indicator: shop-ok, target: 99.9, window: {calendar: month}}
                - {name: latency, indicator: shop-fast, target: 95, window: {calendar: month}}
              charge: {amount: 1000, currency: GBP}
              credits:
                objectives: [availability]
                tiers:
                  - {below: 99.9, credit: 5}
                  - {below: 99.0, credit: 10}
            """);
        var v2 = Spec("""
              kind: SLA
              customer: acme
              description: Amended after the March review.
              services: [shop, payments]
              objectives:
                - {name: checkout, indicator: pay-ok, target: 99.5, window: {calendar: month}}
                - {name: availability, indicator: shop-ok, target: 99.95, window: {calendar: month}}
                - {name: latency, indicator: shop-fast, target: 95, window: {calendar: month}}
              charge: {amount: 1000, currency: GBP}
              credits:
                objectives: [availability]
                tiers:
                  - {below: 99.9, credit: 5}
            """);
        var changes = TermsCompare.Compare(v1, v2);
        Assert.Equal(
            [
                ("description", null, "Amended after the March review.", TermChangeKind.Added),
                ("services", "shop", "shop, payments", TermChangeKind.Changed),
                ("objectives[availability].target", "99.9", "99.95", TermChangeKind.Changed),
                ("credits.tiers[1].below", "99.0", null, TermChangeKind.Removed),
                ("credits.tiers[1].credit", "10", null, TermChangeKind.Removed),
            ],
            changes.Where(c => !c.Path.StartsWith("objectives[checkout]", StringComparison.Ordinal)).Select(c => (c.Path, c.Before, c.After, c.Kind)));
        // The new objective is every one of its fields added, in the place it takes (before availability), by its name.
        var added = changes.Where(c => c.Path.StartsWith("objectives[checkout]", StringComparison.Ordinal)).ToList();
        Assert.All(added, c => Assert.Equal(TermChangeKind.Added, c.Kind));
        Assert.Contains(added, c => c is { Path: "objectives[checkout].target", After: "99.5" });
        Assert.True(changes.ToList().FindIndex(c => c.Path == "objectives[checkout].indicator") < changes.ToList().FindIndex(c => c.Path == "objectives[availability].target"));
        Assert.Empty(TermsCompare.Compare(v1, v1));
    }

    [Fact]
    public void Keys_that_read_as_paths_are_quoted_and_items_named_alike_are_known_by_their_place()
    {
        var tree = JsonNode.Parse("""{"labels": {"app.kubernetes.io/name": "shop", "app": {"kubernetes": 1}}, "objectives": [{"name": "a"}, {"name": "a"}, {"name": "7"}]}""");
        Assert.Equal(
            ["labels[\"app.kubernetes.io/name\"]", "labels.app.kubernetes", "objectives[a].name", "objectives[1].name", "objectives[2].name"],
            TermsCompare.Terms(tree).Select(t => t.Path));
    }

    [Property(MaxTest = 300)]
    public bool Applying_the_changes_to_the_earlier_terms_gives_the_later_ones_and_the_reverse_compare_mirrors_it(int seedA, int seedB)
    {
        var a = TermsCompare.Terms(RandomTree(new Random(seedA), 0));
        var b = TermsCompare.Terms(RandomTree(new Random(seedB), 0));
        var forward = TermsCompare.Compare(a, b);
        var applied = a.ToDictionary(t => t.Path, t => t.Value, StringComparer.Ordinal);
        foreach (var change in forward)
        {
            if (change.After is null)
            {
                applied.Remove(change.Path);
            }
            else
            {
                applied[change.Path] = change.After;
            }
        }
        var expected = b.ToDictionary(t => t.Path, t => t.Value, StringComparer.Ordinal);
        var backward = TermsCompare.Compare(b, a);
        return applied.Count == expected.Count && applied.All(kv => expected.TryGetValue(kv.Key, out var v) && v == kv.Value)
            && TermsCompare.Compare(a, a).Count == 0
            && backward.Select(c => (c.Path, c.Before, c.After)).OrderBy(c => c.Path, StringComparer.Ordinal)
                .SequenceEqual(forward.Select(c => (c.Path, Before: c.After, After: c.Before)).OrderBy(c => c.Path, StringComparer.Ordinal))
            && forward.All(c => c.Kind == (c.Before is null ? TermChangeKind.Added : c.After is null ? TermChangeKind.Removed : TermChangeKind.Changed));
    }

    /// <summary>A small tree of the shapes specs have: mappings, lists of named items, lists of values, values — from a few names so two trees overlap.</summary>
    private static JsonObject RandomTree(Random random, int depth)
    {
        string[] keys = ["a", "b", "name", "target", "x.y"];
        var obj = new JsonObject();
        foreach (var key in keys.Where(_ => random.Next(3) > 0))
        {
            obj[key] = random.Next(depth < 3 ? 5 : 2) switch
            {
                0 => random.Next(3),
                1 => (JsonNode)$"v{random.Next(3)}",
                2 => RandomTree(random, depth + 1),
                3 => new JsonArray([.. Enumerable.Range(0, random.Next(3)).Select(_ => (JsonNode?)JsonValue.Create(random.Next(3)))]),
                _ => new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => (JsonNode?)RandomTree(random, depth + 1))]),
            };
        }
        return obj;
    }
}
