using OpenSlm.Interop.Yaml;

namespace OpenSlm.Interop.Documents;

/// <summary>Writes documents as <c>openslm/v1</c> YAML, in dependency order, so the output applies again.</summary>
public static class DocumentWriter
{
    /// <summary>One YAML stream holding every document.</summary>
    public static string Write(IEnumerable<Document> documents) =>
        YamlJson.Write(Order(documents).Select(d => d.ToJson()));

    /// <summary>Orders documents by kind (dependencies first), then by name.</summary>
    public static IEnumerable<Document> Order(IEnumerable<Document> documents) =>
        documents.OrderBy(d => d.Kind).ThenBy(d => d.Name, StringComparer.Ordinal);
}
