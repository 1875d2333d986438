using System.Text.RegularExpressions;
using OpenSlm.Testing;

namespace OpenSlm.Core.Tests;

/// <summary>
/// A fresh clone runs alone: what tests and benchmarks read is inside the repository (tests/data, bench/peers), never the
/// material the project was given beside it. CI runs the whole suite in a copy of the work tree with nothing beside it.
/// </summary>
public sealed partial class StandaloneRepositoryTests
{
    [Fact]
    public void No_test_or_benchmark_reads_from_beside_the_repository()
    {
        var roots = new[] { "tests", "bench", ".ci" }.Select(d => Path.Combine(RepositoryPaths.Repository, d));
        var offenders = roots.SelectMany(r => Directory.EnumerateFiles(r, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetExtension(f) is ".cs" or ".sh" or ".py" or ".js" or ".mjs" or ".pl" or "" or ".json")
            .Where(f => Outside().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(RepositoryPaths.Repository, f));
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_material_tests_read_is_in_the_repository_with_its_licence()
    {
        Assert.True(File.Exists(RepositoryPaths.InData("sloth", "LICENSE")));
        Assert.True(File.Exists(RepositoryPaths.InData("openslo", "LICENSE")));
        Assert.Contains("CC BY 4.0", File.ReadAllText(RepositoryPaths.InData("servicenow", "README.md")), StringComparison.Ordinal);
        Assert.Equal(5_999, File.ReadLines(RepositoryPaths.InData("servicenow", "servicenow-incident-event-log.csv")).Count());
        Assert.True(Directory.EnumerateFiles(RepositoryPaths.InData("sloth", "examples", "_gen")).Any());
        Assert.True(File.Exists(RepositoryPaths.InPeers("w2", "ref", "pairs.csv")));
    }

    // A relative path up out of the repository into the shared folder, written with either separator or as Path.Combine parts.
    [GeneratedRegex(@"\.\.[/\\]shared\b|""\.\.""\s*,\s*""shared""")]
    private static partial Regex Outside();
}
