using OpenSlm.Testing;

namespace OpenSlm.Interop.Tests;

/// <summary>Paths to the OpenSLO examples and this project's golden files.</summary>
internal static class Fixtures
{
    public static string OpenSloExamples => RepositoryPaths.InData("openslo", "examples");

    public static string Golden(string name) => Path.Combine(RepositoryPaths.Repository, "tests", "OpenSlm.Interop.Tests", "Golden", name);
}
