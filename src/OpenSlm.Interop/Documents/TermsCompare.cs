using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;

namespace OpenSlm.Interop.Documents;

/// <summary>How one term differs between two versions.</summary>
public enum TermChangeKind
{
    /// <summary>Only the later version states it.</summary>
    Added,

    /// <summary>Only the earlier version states it.</summary>
    Removed,

    /// <summary>Both state it, with different values.</summary>
    Changed,
}

/// <summary>One term (a field of the YAML document, by its path) that differs: its value in each version, null where it is not stated.</summary>
public sealed record TermChange(string Path, string? Before, string? After, TermChangeKind Kind);

/// <summary>One term of a version as its YAML states it: the field's path and its value as text.</summary>
public sealed record Term(string Path, string Value);

/// <summary>
/// Two versions' terms side by side (issue 18): each spec is flattened to the fields its YAML document states, a path per
/// field — <c>objectives[availability].target</c>, a list item by its name where it has one, else by its place
/// (<c>credits[0].below</c>), a list of plain values as one value — and the paths that differ are listed in the later
/// version's order, with those it dropped where they stood.
/// </summary>
public static class TermsCompare
{
    /// <summary>The terms that differ from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static IReadOnlyList<TermChange> Compare(ISpec before, ISpec after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return Compare(Terms(before), Terms(after));
    }

    /// <summary>Two agreement versions' terms: their lifecycle status is not a term, so it is left out.</summary>
    public static IReadOnlyList<TermChange> Compare(AgreementSpec before, AgreementSpec after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return Compare((ISpec)before.Terms(), after.Terms());
    }

    /// <summary>The terms that differ between two flattened versions.</summary>
    public static IReadOnlyList<TermChange> Compare(IReadOnlyList<Term> before, IReadOnlyList<Term> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = ByPath(before);
        var now = ByPath(after);
        // The later version's order; a dropped term goes right after the term that preceded it in the earlier version.
        var order = after.Select(t => t.Path).ToList();
        string? previous = null;
        foreach (var term in before)
        {
            if (!now.ContainsKey(term.Path) && !order.Contains(term.Path))
            {
                order.Insert(previous is null ? 0 : order.IndexOf(previous) + 1, term.Path);
            }
            previous = term.Path;
        }
        var changes = new List<TermChange>();
        foreach (var path in order)
        {
            var (had, was) = (old.TryGetValue(path, out var b), b);
            var (has, @is) = (now.TryGetValue(path, out var a), a);
            if (had && has && string.Equals(was, @is, StringComparison.Ordinal))
            {
                continue;
            }
            changes.Add(new TermChange(path, was, @is, !had ? TermChangeKind.Added : !has ? TermChangeKind.Removed : TermChangeKind.Changed));
        }
        return changes;
    }

    private static Dictionary<string, string> ByPath(IReadOnlyList<Term> terms)
    {
        var byPath = new Dictionary<string, string>(terms.Count, StringComparer.Ordinal);
        foreach (var term in terms)
        {
            byPath.TryAdd(term.Path, term.Value);
        }
        return byPath;
    }

    /// <summary>The fields a spec's YAML document states, in document order.</summary>
    public static IReadOnlyList<Term> Terms(ISpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Terms(Document.Prune(Document.SpecToNode(spec)));
    }

    /// <summary>The fields of a JSON tree, in order; an empty tree has none.</summary>
    public static IReadOnlyList<Term> Terms(JsonNode? node)
    {
        var terms = new List<Term>();
        Flatten(node, string.Empty, terms, 0);
        return terms;
    }

    private const int MaxDepth = 64;

    private static void Flatten(JsonNode? node, string path, List<Term> terms, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException($"{path}: nested deeper than {MaxDepth} levels.");
        }
        switch (node)
        {
            case null:
                return;
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    // A key that reads as a path itself (a label like app.kubernetes.io/name) is quoted, so no two fields share a path.
                    var part = key.AsSpan().IndexOfAny(".[]\"") >= 0 ? $"[{JsonSerializer.Serialize(key)}]" : key;
                    Flatten(value, path.Length == 0 || part.StartsWith('[') ? path + part : $"{path}.{part}", terms, depth + 1);
                }
                return;
            case JsonArray array when array.Any(i => i is JsonObject or JsonArray):
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < array.Count; i++)
                {
                    // An item is known by its name where it has one (and it is unique in the list), so an objective inserted
                    // before another does not make every later one look changed.
                    // A name that reads as a number, or a second item of one name, is known by its place instead (never both).
                    var key = array[i] is JsonObject { } item && item["name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String
                        && name.GetValue<string>() is { Length: > 0 } named && !named.All(char.IsAsciiDigit) && named.AsSpan().IndexOfAny("[]") < 0
                        && seen.Add(named)
                        ? named
                        : i.ToString(CultureInfo.InvariantCulture);
                    Flatten(array[i], $"{path}[{key}]", terms, depth + 1);
                }
                return;
            case JsonArray plain:
                terms.Add(new Term(path, string.Join(", ", plain.Select(Text))));
                return;
            default:
                terms.Add(new Term(path, Text(node)));
                return;
        }
    }

    private static string Text(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
