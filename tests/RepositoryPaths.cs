namespace OpenSlm.Testing;

/// <summary>
/// Where the repository is, found from the test's output folder, and the material inside it that tests read:
/// <c>tests/data</c> (reference specs and data sets from other projects, see its README) and
/// <c>bench/peers</c> (the peer tools' harness and their stored answers). Nothing outside the repository is
/// read, so a fresh clone runs alone. Compiled into every test project.
/// </summary>
internal static class RepositoryPaths
{
    public static string Repository { get; } = FindUp("OpenSlm.slnx");

    /// <summary>A path under tests/data.</summary>
    public static string InData(params string[] parts) => Path.Combine([Repository, "tests", "data", .. parts]);

    /// <summary>A path under bench/peers.</summary>
    public static string InPeers(params string[] parts) => Path.Combine([Repository, "bench", "peers", .. parts]);

    private static string FindUp(string marker)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, marker)))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"{marker} not found above {AppContext.BaseDirectory}");
    }
}
