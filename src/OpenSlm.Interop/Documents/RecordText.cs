using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSlm.Core;

namespace OpenSlm.Interop.Documents;

/// <summary>
/// The text limits of <see cref="Limits"/> applied to every string of a record before it is read into its spec: a
/// display name is one line of at most <see cref="Limits.MaxDisplayName"/> characters; labels are one line, at most
/// <see cref="Limits.MaxLabels"/> of them; every key is one line of at most <see cref="Limits.MaxKey"/>; any other text is
/// at most <see cref="Limits.MaxText"/> characters with no control character but tab and line breaks; a list holds at
/// most <see cref="Limits.MaxItems"/> items. Each problem is named by its path.
/// </summary>
public static class RecordText
{
    /// <summary>The problems of <paramref name="node"/>, found under <paramref name="path"/> (metadata or spec).</summary>
    public static IReadOnlyList<(string Path, string Message)> Check(JsonNode? node, string path)
    {
        var problems = new List<(string, string)>();
        Walk(node, path, problems);
        return problems;
    }

    private static void Walk(JsonNode? node, string path, List<(string, string)> problems)
    {
        switch (node)
        {
            case JsonObject obj:
                if (path is "metadata.labels" or "metadata.annotations" && obj.Count > Limits.MaxLabels)
                {
                    problems.Add((path, $"has {obj.Count:N0} entries; at most {Limits.MaxLabels} are allowed."));
                    return;
                }
                foreach (var (key, value) in obj)
                {
                    var child = path.Length == 0 ? key : $"{path}.{key}";
                    if (Limits.CheckText(key, Limits.MaxKey, lines: false) is { } keyError)
                    {
                        problems.Add((path, $"has a key that {keyError}"));
                        continue;
                    }
                    Walk(value, child, problems);
                }
                return;
            case JsonArray array:
                if (array.Count > Limits.MaxItems)
                {
                    problems.Add((path, $"lists {array.Count:N0} items; at most {Limits.MaxItems:N0} are allowed."));
                    return;
                }
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", problems);
                }
                return;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                var (max, lines) = path switch
                {
                    "metadata.displayName" => (Limits.MaxDisplayName, false),
                    _ when path.StartsWith("metadata.labels.", StringComparison.Ordinal) => (Limits.MaxLabelValue, false),
                    "metadata.name" => (Limits.MaxKey, false),
                    _ => (Limits.MaxText, true),
                };
                if (Limits.CheckText(text, max, lines) is { } error)
                {
                    problems.Add((path, error));
                }
                return;
            default:
                return;
        }
    }
}
