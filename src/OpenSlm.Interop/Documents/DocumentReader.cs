using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Validation;
using OpenSlm.Interop.Json;
using OpenSlm.Interop.OpenSlo;
using OpenSlm.Interop.Yaml;
using YamlDotNet.Core;

namespace OpenSlm.Interop.Documents;

/// <summary>
/// Reads OpenSLM (<c>openslm/v1</c>) and OpenSLO (<c>openslo/v1</c>) YAML into validated documents.
/// Each document is checked on its own here; references between documents are checked when applied.
/// </summary>
public static class DocumentReader
{
    private static readonly HashSet<string> EnvelopeFields = ["apiVersion", "kind", "metadata", "spec"];

    /// <summary>
    /// Reads every <c>.yaml</c> and <c>.yml</c> file of a file or a directory (recursively, in name order) as one set:
    /// an OpenSLO SLO may name alert policies, conditions and targets written in another file of it.
    /// </summary>
    public static ReadResult ReadPath(string path)
    {
        if (YamlFiles(path) is not { } files)
        {
            return new ReadResult([], [new DocumentError(new SourceLocation(path, 0, 0), string.Empty, "no such file or directory.")], []);
        }
        return ReadSet([.. files.Select(ParseFile)]);
    }

    /// <summary>The YAML documents of one file, or the error that stopped its reading or parsing.</summary>
    private static (IReadOnlyList<YamlSourceDocument> Documents, DocumentError? Error) ParseFile(string file)
    {
        var (text, error) = InputFiles.ReadText(file);
        return error is null ? Parse(text!, file) : ([], error);
    }

    /// <summary>The file itself, or every <c>.yaml</c> and <c>.yml</c> file under the directory (recursively, in name order); null when neither exists.</summary>
    public static IReadOnlyList<string>? YamlFiles(string path)
    {
        if (Directory.Exists(path))
        {
            return [.. Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)];
        }
        return File.Exists(path) ? [path] : null;
    }

    /// <summary>Reads all documents of one YAML (or JSON) text.</summary>
    public static ReadResult Read(string text, string file) => ReadSet([Parse(text, file)]);

    /// <summary>The YAML documents of one text, or the error that stopped its parsing.</summary>
    private static (IReadOnlyList<YamlSourceDocument> Documents, DocumentError? Error) Parse(string text, string file)
    {
        try
        {
            return (YamlJson.Read(text, file), null);
        }
        catch (YamlException ex)
        {
            var at = new SourceLocation(file, (int)ex.Start.Line, (int)ex.Start.Column);
            return ([], new DocumentError(at, string.Empty, $"is not valid YAML: {Innermost(ex).Message}"));
        }
    }

    /// <summary>Reads parsed texts as one set: OpenSLO alerting documents first, so that any SLO of the set can name them.</summary>
    private static ReadResult ReadSet(IReadOnlyList<(IReadOnlyList<YamlSourceDocument> Documents, DocumentError? Error)> texts)
    {
        var documents = new List<Document>();
        var errors = new List<DocumentError>(texts.Select(t => t.Error).OfType<DocumentError>());
        var notes = new List<string>();
        var alerting = new OpenSloAlerting();
        var all = texts.SelectMany(t => t.Documents).ToList();
        foreach (var doc in all)
        {
            if (doc.Root is JsonObject root && (root["apiVersion"] as JsonValue)?.ToString() == OpenSloMapper.ApiVersion
                && (root["kind"] as JsonValue)?.ToString() is { } kind && OpenSloAlerting.Kinds.Contains(kind))
            {
                alerting.Add(root, doc.Locate, errors);
            }
        }
        foreach (var doc in all)
        {
            ReadOne(doc, documents, errors, notes, alerting);
        }
        notes.AddRange(alerting.Unused());
        return new ReadResult(documents, errors, notes);
    }

    /// <summary>Reads one record of a known kind from a JSON tree shaped as the document envelope.</summary>
    public static (Document? Document, IReadOnlyList<DocumentError> Errors) ReadNode(ResourceKind kind, JsonNode? metadata, JsonNode? spec, SourceLocation source, Func<string, SourceLocation>? locate = null)
    {
        var errors = new List<DocumentError>();
        locate ??= _ => source;
        var textProblems = RecordText.Check(metadata, "metadata").Concat(RecordText.Check(spec, "spec")).ToList();
        if (textProblems.Count > 0)
        {
            return (null, [.. textProblems.Select(t => new DocumentError(locate(t.Path), t.Path, t.Message))]);
        }
        var meta = Deserialize<Metadata>(metadata, "metadata", locate, errors);
        var typed = (ISpec?)Deserialize(Document.SpecType(kind), spec ?? new JsonObject(), "spec", locate, errors);
        if (typed is null || meta is null)
        {
            return (null, errors);
        }
        var problems = new Problems();
        if (ResourceName.Check(meta.Name) is { } nameError)
        {
            problems.At("metadata").Add("name", nameError);
        }
        typed.Validate(problems.At("spec"));
        if (typed is Core.Reporting.ReportScheduleSpec { Schedule.Length: > 0 } schedule && CronText.Check(schedule.Schedule) is { } cronError)
        {
            problems.At("spec").Add("schedule", cronError);
        }
        errors.AddRange(problems.Errors.Select(e => new DocumentError(locate(e.Path), e.Path, e.Message)));
        return errors.Count > 0 ? (null, errors) : (new Document(kind, meta, typed, source) { Locator = locate }, errors);
    }

    private static void ReadOne(YamlSourceDocument doc, List<Document> documents, List<DocumentError> errors, List<string> notes, OpenSloAlerting alerting)
    {
        if (doc.Root is null)
        {
            return; // an empty document, e.g. a trailing '---'
        }
        if (doc.Root is not JsonObject root)
        {
            errors.Add(new DocumentError(doc.Start, string.Empty, "a document must be a mapping with apiVersion, kind, metadata and spec."));
            return;
        }
        var apiVersion = (root["apiVersion"] as JsonValue)?.ToString();
        var kindText = (root["kind"] as JsonValue)?.ToString();
        if (apiVersion is not (Document.ApiVersion or OpenSloMapper.ApiVersion))
        {
            errors.Add(new DocumentError(doc.Locate("apiVersion"), "apiVersion",
                apiVersion is null ? $"is required: {Document.ApiVersion} or {OpenSloMapper.ApiVersion}." : $"'{apiVersion}' is not supported: expected {Document.ApiVersion} or {OpenSloMapper.ApiVersion}."));
            return;
        }
        foreach (var field in root.Select(kv => kv.Key).Where(k => !EnvelopeFields.Contains(k)))
        {
            errors.Add(new DocumentError(doc.Locate(field), field, $"unknown field '{field}': a document has only apiVersion, kind, metadata and spec."));
        }
        if (apiVersion == OpenSloMapper.ApiVersion)
        {
            var mapped = OpenSloMapper.Translate(root, doc.Locate, errors, notes, alerting);
            foreach (var (kind, metadata, spec) in mapped)
            {
                var (document, problems) = ReadNode(kind, metadata, spec, doc.Start, _ => doc.Start);
                errors.AddRange(problems);
                if (document is not null)
                {
                    documents.Add(document);
                }
            }
            return;
        }
        if (kindText is null || !Enum.TryParse<ResourceKind>(kindText, ignoreCase: false, out var k) || !Enum.IsDefined(k))
        {
            errors.Add(new DocumentError(doc.Locate("kind"), "kind",
                $"'{kindText}' is not a kind of {Document.ApiVersion}: expected one of {string.Join(", ", ResourceKinds.InDependencyOrder)}."));
            return;
        }
        var (read, readErrors) = ReadNode(k, root["metadata"], root["spec"], doc.Start, doc.Locate);
        errors.AddRange(readErrors);
        if (read is not null)
        {
            documents.Add(read);
        }
    }

    private static T? Deserialize<T>(JsonNode? node, string prefix, Func<string, SourceLocation> locate, List<DocumentError> errors)
        where T : class => (T?)Deserialize(typeof(T), node, prefix, locate, errors);

    private static object? Deserialize(Type type, JsonNode? node, string prefix, Func<string, SourceLocation> locate, List<DocumentError> errors)
    {
        if (node is not JsonObject)
        {
            errors.Add(new DocumentError(locate(prefix), prefix, node is null ? "is required: a mapping." : "must be a mapping of fields."));
            return null;
        }
        try
        {
            return WithoutNulls(node).Deserialize(type, SpecJson.Options);
        }
        catch (JsonException ex)
        {
            var (path, message) = SpecJson.Explain(ex);
            var full = path.Length == 0 ? prefix : $"{prefix}.{path}";
            errors.Add(new DocumentError(locate(full), full, message));
            return null;
        }
    }

    /// <summary>A field written as null (YAML <c>~</c> or nothing) means the field is absent: its default applies.</summary>
    private static JsonNode WithoutNulls(JsonNode node)
    {
        var copy = node.DeepClone();
        Strip(copy);
        return copy;

        static void Strip(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject obj:
                    foreach (var key in obj.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
                    {
                        obj.Remove(key);
                    }
                    foreach (var (_, value) in obj)
                    {
                        Strip(value);
                    }
                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Strip(item);
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;
}
