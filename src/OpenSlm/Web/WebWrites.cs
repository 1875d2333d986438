using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSlm.Core.Catalogue;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Json;
using OpenSlm.Interop.Yaml;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Web;

/// <summary>Messages by form field; "" holds those that belong to the form as a whole.</summary>
public sealed class FormErrors : Dictionary<string, List<string>>
{
    /// <summary>An empty set.</summary>
    public FormErrors()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>Adds <paramref name="message"/> to <paramref name="field"/>.</summary>
    public void Add(string field, string message)
    {
        if (!TryGetValue(field, out var list))
        {
            this[field] = list = [];
        }
        list.Add(message);
    }

    /// <summary>The messages of <paramref name="field"/>.</summary>
    public IReadOnlyList<string> Of(string field) => TryGetValue(field, out var list) ? list : [];
}

/// <summary>What a save from a form did: the errors by field (none when it was stored) and the changes written.</summary>
public sealed record FormSaved(FormErrors Errors, IReadOnlyList<Change> Changes)
{
    /// <summary>Whether it was stored.</summary>
    public bool Ok => Errors.Count == 0;

    /// <summary>For an agreement: the version written (the Draft edited or the amendment opened).</summary>
    public int? Version => Changes.Select(c => c.Version).FirstOrDefault(v => v is not null);

    /// <summary>Whether it was stored and the form was as stored already: nothing changed, nothing audited.</summary>
    public bool Unchanged => Ok && Changes.All(c => c.Action == ChangeAction.Unchanged);

    /// <summary>For an agreement: whether the save opened an amendment (a new Draft) rather than editing one.</summary>
    public bool Amended => Changes.Any(c => c.Action == ChangeAction.VersionCreated);
}

/// <summary>
/// How the web UI writes catalogue records: the record's spec as JSON with the form's values in place, read by the same
/// reader as the API and YAML, then written by the catalogue store (validation, references, dependency cycles, audit),
/// with the revision the form was opened at so that a change made meanwhile is refused, not overwritten.
/// </summary>
public static class WebWrites
{
    /// <summary>
    /// The stored spec of a record as the JSON the API gives (and reads back); for an agreement, its latest version's
    /// terms without the status, which moves by the lifecycle and not by an edit.
    /// </summary>
    public static JsonObject SpecJsonOf(StoredRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var spec = JsonSerializer.SerializeToNode(record.Document.Spec, record.Document.Spec.GetType(), SpecJson.Options)!.AsObject();
        if (record.Document.Kind == ResourceKind.Agreement)
        {
            spec.Remove("status");
        }
        return spec;
    }

    /// <summary>
    /// Replaces record <paramref name="name"/> of <paramref name="kind"/> with <paramref name="spec"/> (its metadata kept),
    /// if it is still at <paramref name="revision"/>. Errors go to the field <paramref name="fieldOf"/> names for their path.
    /// An agreement's Draft is edited in place; any other version is amended (a new Draft), as applying YAML does.
    /// </summary>
    public static async Task<FormSaved> ReplaceAsync(
        CatalogueStore store, ResourceKind kind, string name, JsonObject spec, long revision, Actor actor, Func<string, string> fieldOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(fieldOf);
        var errors = new FormErrors();
        if (await store.GetAsync(kind, name, ct).ConfigureAwait(false) is not { } record)
        {
            errors.Add(string.Empty, $"There is no {kind.ToString().ToLowerInvariant()} named '{name}'.");
            return new FormSaved(errors, []);
        }
        var metadata = JsonSerializer.SerializeToNode(record.Document.Metadata, SpecJson.Options);
        var (document, readErrors) = DocumentReader.ReadNode(kind, metadata, spec, new SourceLocation("form", 0, 0));
        foreach (var e in readErrors)
        {
            errors.Add(fieldOf(e.Path), DecimalComma(spec, e.Path) ?? e.Message);
        }
        if (document is null)
        {
            return new FormSaved(errors, []);
        }
        var result = await store.UpdateAsync(document, revision, actor, ct).ConfigureAwait(false);
        foreach (var e in result.Errors)
        {
            errors.Add(e.Type == WriteErrorType.Conflict && e.Path.Length == 0 ? string.Empty : fieldOf(e.Path), e.Message);
        }
        return new FormSaved(errors, result.Ok ? result.Changes : []);
    }

    /// <summary>
    /// Creates a record of <paramref name="kind"/> named <paramref name="name"/> (shown as <paramref name="displayName"/>)
    /// with <paramref name="spec"/>, read and checked as the API and YAML are; refused when the name is taken. Errors go to
    /// the field <paramref name="fieldOf"/> names for their path (metadata.name → "name", metadata.displayName → "displayName").
    /// </summary>
    public static async Task<FormSaved> CreateAsync(
        CatalogueStore store, ResourceKind kind, string? name, string? displayName, JsonObject spec, Actor actor, Func<string, string> fieldOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(fieldOf);
        var errors = new FormErrors();
        string Field(string path) => path switch
        {
            _ when path.StartsWith("metadata.displayName", StringComparison.Ordinal) => "displayName",
            _ when path.StartsWith("metadata", StringComparison.Ordinal) => "name",
            _ => fieldOf(path),
        };
        var metadata = new JsonObject { ["name"] = name?.Trim() ?? string.Empty };
        Set(metadata, "displayName", Text(displayName));
        var (document, readErrors) = DocumentReader.ReadNode(kind, metadata, spec, new SourceLocation("form", 0, 0));
        foreach (var e in readErrors)
        {
            errors.Add(Field(e.Path), DecimalComma(spec, e.Path) ?? e.Message);
        }
        if (document is null)
        {
            return new FormSaved(errors, []);
        }
        var result = await store.CreateAsync(document, actor, ct).ConfigureAwait(false);
        foreach (var e in result.Errors)
        {
            errors.Add(e.Type == WriteErrorType.Conflict && e.Path.Length == 0 ? "name" : Field(e.Path), e.Message);
        }
        return new FormSaved(errors, result.Ok ? result.Changes : []);
    }

    /// <summary>
    /// The refusal of a number typed with a decimal comma (99,95), which is never read as 9995: said as such, with the
    /// number as it is to be written; null when the value at <paramref name="path"/> is no such text.
    /// </summary>
    internal static string? DecimalComma(JsonObject spec, string path)
    {
        JsonNode? node = spec;
        foreach (var part in (path.StartsWith("spec.", StringComparison.Ordinal) ? path[5..] : path).Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            node = node?[bracket < 0 ? part : part[..bracket]];
            if (bracket >= 0 && part.EndsWith(']') && node is JsonArray array && int.TryParse(part[(bracket + 1)..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i))
            {
                node = i < array.Count ? array[i] : null;
            }
        }
        return node is JsonValue value && value.TryGetValue<string>(out var text) && text.Contains(',', StringComparison.Ordinal)
            && decimal.TryParse(text.Replace(',', '.'), NumberStyles, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? $"'{text}' is not a number here: write decimals with a point ({text.Replace(',', '.')}) and no thousands separators."
            : null;
    }

    private const System.Globalization.NumberStyles NumberStyles =
        System.Globalization.NumberStyles.AllowLeadingWhite | System.Globalization.NumberStyles.AllowTrailingWhite
        | System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint;

    /// <summary>A form's text as a JSON string, or null (the field left out) when blank.</summary>
    public static JsonValue? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : JsonValue.Create(value.Trim());

    /// <summary>
    /// A form's number as a JSON number when it reads as one (so the reader's own rules judge it), else as typed, so the
    /// reader names the field and what was expected; null when blank. A comma is never a thousands separator here: 99,95
    /// stays text, refused with how to write it (<see cref="DecimalComma"/>).
    /// </summary>
    public static JsonValue? Number(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : decimal.TryParse(value.Trim(), NumberStyles, System.Globalization.CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
        : JsonValue.Create(value.Trim());

    /// <summary>Sets <paramref name="name"/> on <paramref name="node"/>, or removes it when <paramref name="value"/> is null.</summary>
    public static void Set(JsonObject node, string name, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (value is null)
        {
            node.Remove(name);
        }
        else
        {
            node[name] = value;
        }
    }
}
