namespace OpenSlm.Testing;

/// <summary>
/// Where the repository and the material shared beside it (../shared: datasets, reference specs, peer
/// benchmarks) are, found from the test's output folder. Compiled into every test project.
/// </summary>
internal static class RepositoryPaths
{
    public static string Repository { get; } = FindUp("OpenSlm.slnx");

    public static string Shared { get; } = Path.GetFullPath(Path.Combine(Repository, "..", "shared"));

    /// <summary>A path under ../shared.</summary>
    public static string InShared(params string[] parts) => Path.Combine([Shared, .. parts]);

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
