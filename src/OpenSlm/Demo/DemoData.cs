using System.Reflection;
using OpenSlm.Core.Catalogue;
using OpenSlm.Interop.Documents;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Demo;

/// <summary>
/// The demo catalogue of Fernleaf Retail, a fictional UK retailer: services with dependencies, three
/// customers, two suppliers, SLAs, OLAs, UCs and expectations, a UK business-hours calendar and a 24x7 one.
/// </summary>
public static class DemoData
{
    /// <summary>The demo catalogue as YAML, exactly as shipped.</summary>
    public static string Yaml()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("OpenSlm.Demo.fernleaf.yaml")
            ?? throw new InvalidOperationException("The demo data is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The demo catalogue's documents.</summary>
    public static IReadOnlyList<Document> Documents()
    {
        var read = DocumentReader.Read(Yaml(), "demo/fernleaf.yaml");
        return read.Ok ? read.Documents : throw new InvalidOperationException($"The demo data is invalid: {string.Join("; ", read.Errors)}");
    }

    /// <summary>Applies the demo catalogue (idempotent: applying it again changes nothing).</summary>
    public static Task<WriteResult> ApplyAsync(CatalogueStore store, string actor, CancellationToken ct = default) =>
        store.ApplyAsync(Documents(), new Actor(actor, "demo"), dryRun: false, ct);

    /// <summary>
    /// Loads the demo catalogue unless the store already holds services, then <paramref name="activity"/> (the demo's
    /// measurements and tickets, <see cref="DemoActivity"/>) when given; says what it did.
    /// </summary>
    public static async Task<string> LoadIfEmptyAsync(CatalogueStore store, Func<Task<string>>? activity = null, CancellationToken ct = default)
    {
        var (existing, _) = await store.ListAsync(ResourceKind.Service, new ListQuery { PageSize = 1, IncludeRetired = true }, ct).ConfigureAwait(false);
        if (existing!.Total > 0)
        {
            return $"not loaded: the store already holds {existing.Total} service(s).";
        }
        var result = await ApplyAsync(store, "demo", ct).ConfigureAwait(false);
        if (!result.Ok)
        {
            throw new InvalidOperationException($"The demo data was refused: {string.Join("; ", result.Errors)}");
        }
        var created = $"loaded {result.Changes.Count(c => c.Action == ChangeAction.Created)} records of Fernleaf Retail";
        return activity is null ? created + "." : $"{created} and {await activity().ConfigureAwait(false)} up to now.";
    }
}
