using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSlm.Core.Catalogue;
using OpenSlm.Interop.Yaml;

namespace OpenSlm.Storage.Catalogue;

/// <summary>What a write does to one record.</summary>
public enum ChangeAction
{
    /// <summary>The record is new.</summary>
    Created,

    /// <summary>The record changed in place.</summary>
    Updated,

    /// <summary>The record was retired and is back in use.</summary>
    Restored,

    /// <summary>Nothing changed.</summary>
    Unchanged,

    /// <summary>A new agreement version was created (an amendment).</summary>
    VersionCreated,

    /// <summary>An agreement version moved to another status.</summary>
    StatusChanged,

    /// <summary>The record was retired.</summary>
    Retired,

    /// <summary>A party approved a Proposed agreement version.</summary>
    Approved,

    /// <summary>A party rejected a Proposed agreement version, sending it back to Draft.</summary>
    Rejected,
}

/// <summary>One field that differs: its path and the JSON before and after (null where absent).</summary>
public sealed record FieldChange(string Path, string? Before, string? After);

/// <summary>What a write did, or would do in a dry run, to one record.</summary>
public sealed record Change(ResourceKind Kind, string Name, ChangeAction Action, IReadOnlyList<FieldChange> Fields, string? Note = null, int? Version = null);

/// <summary>Why a write was refused.</summary>
public enum WriteErrorType
{
    /// <summary>The input is invalid (400).</summary>
    Invalid,

    /// <summary>The record does not exist (404).</summary>
    NotFound,

    /// <summary>The record's state forbids the change, or it already exists (409).</summary>
    Conflict,

    /// <summary>The record changed since the caller read it (412).</summary>
    PreconditionFailed,

    /// <summary>The caller may not make this change, whatever the record's state (403): not the Accountable who signs.</summary>
    Forbidden,
}

/// <summary>A refused write: which record, which field, what was expected.</summary>
public sealed record WriteError(ResourceKind Kind, string Name, string Path, string Message, WriteErrorType Type, SourceLocation? Location = null)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = Location is { } l ? $"{l}: " : string.Empty;
        var field = Path.Length > 0 ? $" {Path}:" : string.Empty;
        return $"{where}{Kind.ToString().ToLowerInvariant()}/{Name}:{field} {Message}";
    }
}

/// <summary>The outcome of a write: every change, or every reason it was refused (then nothing was stored).</summary>
public sealed record WriteResult(IReadOnlyList<Change> Changes, IReadOnlyList<WriteError> Errors)
{
    /// <summary>Whether the write was accepted.</summary>
    public bool Ok => Errors.Count == 0;

    internal static WriteResult Fail(WriteError error) => new([], [error]);
}

/// <summary>Field-by-field differences between two JSON trees.</summary>
public static class JsonDiff
{
    /// <summary>
    /// Lists the leaves that differ. Lists of plain values compare as one value; lists of mappings
    /// compare item by item.
    /// </summary>
    public static IReadOnlyList<FieldChange> Compare(JsonNode? before, JsonNode? after)
    {
        var a = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var b = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Flatten(before, string.Empty, a);
        Flatten(after, string.Empty, b);
        var changes = new List<FieldChange>();
        foreach (var path in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            a.TryGetValue(path, out var x);
            b.TryGetValue(path, out var y);
            if (x != y)
            {
                changes.Add(new FieldChange(path, x, y));
            }
        }
        return changes;
    }

    private static void Flatten(JsonNode? node, string path, IDictionary<string, string> into)
    {
        switch (node)
        {
            case null:
                return;
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    Flatten(value, path.Length == 0 ? key : $"{path}.{key}", into);
                }
                return;
            case JsonArray array when array.Any(i => i is JsonObject or JsonArray):
                for (var i = 0; i < array.Count; i++)
                {
                    Flatten(array[i], $"{path}[{i}]", into);
                }
                return;
            default:
                into[path] = node.ToJsonString(Compact);
                return;
        }
    }

    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
