using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Indicators;
using OpenSlm.Interop.Json;
using OpenSlm.Interop.Yaml;

namespace OpenSlm.Interop.Documents;

/// <summary>One record as code: its kind, metadata and spec, and where it was read from.</summary>
public sealed record Document(ResourceKind Kind, Metadata Metadata, ISpec Spec, SourceLocation Source)
{
    /// <summary>The apiVersion OpenSLM writes and reads for its own kinds.</summary>
    public const string ApiVersion = "openslm/v1";

    /// <summary>The record's name.</summary>
    public string Name => Metadata.Name;

    /// <summary>Finds the source location of a field path, where the document was read from a file.</summary>
    public Func<string, SourceLocation>? Locator { get; init; }

    /// <summary>Where the field at <paramref name="path"/> was written, or the document's start.</summary>
    public SourceLocation Locate(string path) => Locator?.Invoke(path) ?? Source;

    /// <summary>The spec type of each kind.</summary>
    public static Type SpecType(ResourceKind kind) => kind switch
    {
        ResourceKind.Stakeholder => typeof(StakeholderSpec),
        ResourceKind.Customer => typeof(CustomerSpec),
        ResourceKind.Supplier => typeof(SupplierSpec),
        ResourceKind.Calendar => typeof(CalendarSpec),
        ResourceKind.TicketPolicy => typeof(Core.Tickets.TicketPolicySpec),
        ResourceKind.Service => typeof(ServiceSpec),
        ResourceKind.Indicator => typeof(IndicatorSpec),
        ResourceKind.Agreement => typeof(AgreementSpec),
        ResourceKind.ReportSchedule => typeof(Core.Reporting.ReportScheduleSpec),
        ResourceKind.Requirement => typeof(RequirementSpec),
        ResourceKind.Problem => typeof(Core.Improvement.ProblemSpec),
        ResourceKind.ImprovementPlan => typeof(Core.Improvement.ImprovementPlanSpec),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The document as the JSON tree that YAML export writes: apiVersion, kind, metadata, spec.</summary>
    public JsonObject ToJson() => new()
    {
        ["apiVersion"] = ApiVersion,
        ["kind"] = Kind.ToString(),
        ["metadata"] = Prune(JsonSerializer.SerializeToNode(Metadata, SpecJson.Options)),
        ["spec"] = Prune(SpecToNode(Spec)) ?? new JsonObject(),
    };

    /// <summary>A spec as canonical JSON (the form stored and compared).</summary>
    public static JsonNode SpecToNode(ISpec spec) => JsonSerializer.SerializeToNode(spec, spec.GetType(), SpecJson.Options)!;

    /// <summary>Drops nulls, empty lists and empty mappings, recursively, so exports show only what was set.</summary>
    public static JsonNode? Prune(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(kv => kv.Key).ToList())
                {
                    var pruned = Prune(obj[key]);
                    if (pruned is null)
                    {
                        obj.Remove(key);
                    }
                }
                return obj.Count == 0 ? null : obj;
            case JsonArray array:
                // The mappings of a list (objectives, tiers, roles) are pruned inside; each stays in the list.
                foreach (var item in array.OfType<JsonObject>())
                {
                    Prune(item);
                }
                return array.Count == 0 ? null : array;
            default:
                return node;
        }
    }
}

/// <summary>A problem found while reading documents, with the file, line and field it concerns.</summary>
public sealed record DocumentError(SourceLocation Location, string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Path.Length == 0 ? $"{Location}: {Message}" : $"{Location}: {Path}: {Message}";
}

/// <summary>What reading one or more files produced: documents, errors, and notes on what was skipped.</summary>
public sealed record ReadResult(IReadOnlyList<Document> Documents, IReadOnlyList<DocumentError> Errors, IReadOnlyList<string> Notes)
{
    /// <summary>Whether every document was read without error.</summary>
    public bool Ok => Errors.Count == 0;
}
