namespace OpenSlm.Interop.Tests;

/// <summary>Paths to material shared with the project (../shared), found from the test's output folder.</summary>
internal static class Fixtures
{
    public static string Repository { get; } = FindUp("OpenSlm.slnx");

    public static string Shared { get; } = Path.GetFullPath(Path.Combine(Repository, "..", "shared"));

    public static string OpenSloExamples => Path.Combine(Shared, "reference", "openslo", "examples");

    public static string Golden(string name) => Path.Combine(Repository, "tests", "OpenSlm.Interop.Tests", "Golden", name);

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
