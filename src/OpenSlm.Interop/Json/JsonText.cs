using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenSlm.Interop.Json;

/// <summary>How OpenSLM reads JSON from outside: one set of rules for the API, ingest and files.</summary>
public static class JsonText
{
    /// <summary>How deep JSON may nest.</summary>
    public const int MaxDepth = 64;

    /// <summary>A key given twice is refused, not silently the last one; nesting is bounded; comments and trailing commas pass.</summary>
    public static JsonDocumentOptions Options { get; } = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = MaxDepth,
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>
    /// Parses <paramref name="json"/> under <see cref="Options"/>, and refuses text that holds a lone surrogate.
    /// </summary>
    /// <exception cref="JsonException">The text is not valid JSON, repeats a key, nests too deep, or holds a lone surrogate.</exception>
    public static JsonNode? Parse(string json)
    {
        var node = JsonNode.Parse(json, documentOptions: Options);
        return FirstUnreadableString(node) is { } path
            ? throw new JsonException($"The text at {path} holds a lone UTF-16 surrogate (an escape such as \\ud800 without its pair).")
            : node;
    }

    /// <summary>
    /// The path of the first key or string value that is not valid Unicode text (a lone UTF-16 surrogate written as an
    /// escape, which JSON's grammar allows but no text can hold); null when every one is.
    /// </summary>
    public static string? FirstUnreadableString(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var child = $"{path}.{key}";
                    if (!IsText(key))
                    {
                        return path;
                    }
                    if (FirstUnreadableString(value, child) is { } bad)
                    {
                        return bad;
                    }
                }
                return null;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (FirstUnreadableString(array[i], $"{path}[{i}]") is { } bad)
                    {
                        return bad;
                    }
                }
                return null;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                try
                {
                    return IsText(value.GetValue<string>()) ? null : path;
                }
                catch (InvalidOperationException)
                {
                    return path;
                }
            default:
                return null;
        }
    }

    /// <summary>Whether <paramref name="s"/> is well-formed UTF-16 (no lone surrogate).</summary>
    public static bool IsText(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                {
                    return false;
                }
                i++;
            }
            else if (char.IsLowSurrogate(s[i]))
            {
                return false;
            }
        }
        return true;
    }
}
