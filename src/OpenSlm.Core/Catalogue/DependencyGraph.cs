namespace OpenSlm.Core.Catalogue;

/// <summary>Checks on the graph of service dependencies.</summary>
public static class DependencyGraph
{
    /// <summary>
    /// Returns a dependency cycle as the list of names along it (first name repeated at the end),
    /// or null when the graph has none. A service depending on itself is a cycle of one.
    /// </summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyDictionary<string, IReadOnlyList<string>> dependsOn)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the stack, 2 = done
        var path = new List<string>();
        foreach (var start in dependsOn.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } cycle)
            {
                return cycle;
            }
        }
        return null;

        List<string>? Visit(string node)
        {
            if (state.TryGetValue(node, out var s))
            {
                if (s == 1)
                {
                    var from = path.IndexOf(node);
                    return [.. path.Skip(from), node];
                }
                return null;
            }
            state[node] = 1;
            path.Add(node);
            foreach (var next in dependsOn.GetValueOrDefault(node) ?? [])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }
}
