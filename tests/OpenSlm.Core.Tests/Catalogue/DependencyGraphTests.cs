using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OpenSlm.Core.Catalogue;

namespace OpenSlm.Core.Tests.Catalogue;

public sealed class DependencyGraphTests
{
    [Fact]
    public void A_chain_has_no_cycle()
    {
        var graph = new Dictionary<string, IReadOnlyList<string>> { ["a"] = ["b"], ["b"] = ["c"], ["c"] = [] };
        Assert.Null(DependencyGraph.FindCycle(graph));
    }

    [Fact]
    public void A_cycle_is_reported_along_its_path()
    {
        var graph = new Dictionary<string, IReadOnlyList<string>> { ["a"] = ["b"], ["b"] = ["c"], ["c"] = ["a"] };
        Assert.Equal(["a", "b", "c", "a"], DependencyGraph.FindCycle(graph));
    }

    [Fact]
    public void A_service_depending_on_itself_is_a_cycle()
    {
        var graph = new Dictionary<string, IReadOnlyList<string>> { ["a"] = ["a"] };
        Assert.Equal(["a", "a"], DependencyGraph.FindCycle(graph));
    }

    [Property]
    public bool Edges_only_to_later_nodes_never_form_a_cycle(byte[] edges)
    {
        // node i may only depend on nodes j > i: a DAG by construction
        var graph = new Dictionary<string, IReadOnlyList<string>>();
        for (var i = 0; i < 12; i++)
        {
            graph[$"n{i}"] = [.. edges.Select((e, k) => (e, k)).Where(x => x.k % 12 == i && x.e % 12 > i).Select(x => $"n{x.e % 12}")];
        }
        return DependencyGraph.FindCycle(graph) is null;
    }

    [Property]
    public bool A_reported_cycle_is_made_of_real_edges(byte[] edges)
    {
        var graph = new Dictionary<string, IReadOnlyList<string>>();
        for (var i = 0; i < 8; i++)
        {
            graph[$"n{i}"] = [.. edges.Select((e, k) => (e, k)).Where(x => x.k % 8 == i).Select(x => $"n{x.e % 8}").Distinct()];
        }
        var cycle = DependencyGraph.FindCycle(graph);
        return cycle is null || (cycle[0] == cycle[^1] && cycle.Zip(cycle.Skip(1)).All(p => graph[p.First].Contains(p.Second)));
    }
}
