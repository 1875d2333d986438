using OpenSlm.Testing;

namespace OpenSlm.Tests.Support;

/// <summary>Golden files under tests/OpenSlm.Tests/Golden: what a format must look like, byte for byte. Run with
/// OPENSLM_UPDATE_GOLDEN=1 to write them afresh (then read the diff before committing).</summary>
internal static class Golden
{
    public static void AssertMatches(string name, string actual)
    {
        var path = Path.Combine(RepositoryPaths.Repository, "tests", "OpenSlm.Tests", "Golden", name);
        if (Environment.GetEnvironmentVariable("OPENSLM_UPDATE_GOLDEN") == "1" || !File.Exists(path) && Environment.GetEnvironmentVariable("CI") is null)
        {
            File.WriteAllText(path, actual);
        }
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
