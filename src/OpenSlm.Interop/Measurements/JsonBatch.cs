using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Yaml;

namespace OpenSlm.Interop.Measurements;

/// <summary>The list a JSON batch holds: <c>{"NAME": [...]}</c> or a bare array, or why the document is neither.</summary>
internal static class JsonBatch
{
    /// <summary>The items, or null and the error that names the line (invalid JSON) or the expected shape.</summary>
    public static (JsonArray? Items, DocumentError? Error) Read(string json, string source, string name)
    {
        JsonNode? root;
        try
        {
            root = Json.JsonText.Parse(json);
        }
        catch (JsonException ex)
        {
            return (null, new DocumentError(new SourceLocation(source, (int)(ex.LineNumber ?? 0) + 1, 0), string.Empty, $"is not valid JSON: {Cut(ex.Message)}"));
        }
        return root switch
        {
            JsonArray a => (a, null),
            JsonObject o when o[name] is JsonArray a => (a, null),
            _ => (null, new DocumentError(new SourceLocation(source, 1, 0), string.Empty, $"expected {{\"{name}\": [...]}} or a JSON array of {name}.")),
        };
    }

    /// <summary>A JSON parser's message without its internal path and position suffix.</summary>
    public static string Cut(string message)
    {
        var i = message.IndexOf(" Path:", StringComparison.Ordinal);
        return i >= 0 ? message[..i] : message;
    }
}
