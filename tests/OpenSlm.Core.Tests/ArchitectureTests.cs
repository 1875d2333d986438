using OpenSlm.Core.Catalogue;

namespace OpenSlm.Core.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void Core_depends_on_nothing_but_the_runtime_NodaTime_and_MathNet()
    {
        // NodaTime for time; MathNet.Numerics for the statistics of trends and measured effects (pure, no I/O).
        var strays = typeof(ServiceSpec).Assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => !n.StartsWith("System", StringComparison.Ordinal) && n is not ("NodaTime" or "MathNet.Numerics" or "netstandard"));
        Assert.Empty(strays);
    }

    [Fact]
    public void Core_never_reads_the_clock()
    {
        // "Now" is always a parameter: no Core type may hold a NodaTime IClock or SystemClock.
        var types = typeof(ServiceSpec).Assembly.GetTypes();
        var offenders = types.SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
                .Where(f => f.FieldType == typeof(NodaTime.IClock) || f.FieldType == typeof(NodaTime.SystemClock))
                .Select(f => $"{t.Name}.{f.Name}"));
        Assert.Empty(offenders);
    }
}
