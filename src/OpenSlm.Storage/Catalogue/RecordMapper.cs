using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Json;
using OpenSlm.Interop.Yaml;
using OpenSlm.Storage.Entities;

namespace OpenSlm.Storage.Catalogue;

/// <summary>Converts between stored rows and documents, and gives the canonical JSON used for diffs and audit.</summary>
internal static class RecordMapper
{
    public static ResourceKind KindOf(ResourceEntity row) => Enum.Parse<ResourceKind>(row.Kind);

    public static string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), SpecJson.Options);

    public static Metadata MetadataOf(ResourceEntity row) => JsonSerializer.Deserialize<Metadata>(row.Metadata, SpecJson.Options)!;

    public static AgreementSpec TermsOf(AgreementVersionEntity version) =>
        JsonSerializer.Deserialize<AgreementSpec>(version.Terms, SpecJson.Options)! with { Status = Enum.Parse<VersionStatus>(version.Status) };

    public static AgreementVersionEntity? Latest(ResourceEntity row) => row.Versions.MaxBy(v => v.Number);

    /// <summary>The row as a document; for an agreement, its latest version's terms and status.</summary>
    public static Document ToDocument(ResourceEntity row)
    {
        var kind = KindOf(row);
        ISpec spec = kind == ResourceKind.Agreement
            ? (Latest(row) is { } latest ? TermsOf(latest) : new AgreementSpec())
            : (ISpec)JsonSerializer.Deserialize(row.Spec, Document.SpecType(kind), SpecJson.Options)!;
        return new Document(kind, MetadataOf(row), spec, new SourceLocation($"{kind.Plural()}/{row.Name}", 0, 0));
    }

    /// <summary>The document as compared and audited: metadata and spec, pruned of empty fields.</summary>
    public static JsonObject Canonical(Document document)
    {
        var json = document.ToJson();
        json.Remove("apiVersion");
        json.Remove("kind");
        return json;
    }

    public static JsonObject Canonical(Metadata metadata, ISpec spec) =>
        Canonical(new Document(ResourceKind.Agreement, metadata, spec, default));

    public static RecordStatus StatusOf(ResourceEntity row) =>
        new(row.Revision, row.CreatedAt, row.CreatedBy, row.UpdatedAt, row.UpdatedBy, row.RetiredAt);

    public static VersionInfo InfoOf(AgreementVersionEntity v) =>
        new(v.Number, Enum.Parse<VersionStatus>(v.Status), v.CreatedAt, v.CreatedBy, v.UpdatedAt, v.UpdatedBy, v.StatusChangedAt,
            Day(v.InForceFrom), v.InForceReason);

    /// <summary>A stored day (yyyy-MM-dd); null for none.</summary>
    public static LocalDate? Day(string? text) =>
        text is null ? null : LocalDatePattern.Iso.Parse(text).GetValueOrThrow();

    /// <summary>A day as stored.</summary>
    public static string? Day(LocalDate? day) => day is { } d ? LocalDatePattern.Iso.Format(d) : null;

    public static StoredRecord ToStored(ResourceEntity row) =>
        new(ToDocument(row), StatusOf(row), [.. row.Versions.OrderBy(v => v.Number).Select(InfoOf)]);

    /// <summary>The references a live record makes: for an agreement, those of every version still open or in force.</summary>
    public static IEnumerable<Reference> LiveReferences(ResourceEntity row)
    {
        if (KindOf(row) != ResourceKind.Agreement)
        {
            return ToDocument(row).Spec.References();
        }
        return row.Versions
            .Where(v => !AgreementLifecycle.IsFinal(Enum.Parse<VersionStatus>(v.Status)))
            .SelectMany(v => TermsOf(v).References().Select(r => r with { Path = $"versions[{v.Number}].{r.Path}" }));
    }
}
