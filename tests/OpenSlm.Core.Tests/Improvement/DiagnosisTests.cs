using OpenSlm.Core.Improvement;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Tests.Improvement;

public sealed class DiagnosisTests
{
    private static readonly Dictionary<string, string[]> DependsOn = new()
    {
        ["web-shop"] = ["checkout", "search"],
        ["checkout"] = ["payments", "orders"],
        ["orders"] = ["payments", "cloud"],
        ["payments"] = ["cloud"],
    };

    [Fact]
    public void The_chain_is_the_services_covered_and_all_they_depend_on_each_once()
    {
        var chain = Diagnosis.Chain(["web-shop"], s => DependsOn.GetValueOrDefault(s) ?? []);
        Assert.Equal(["checkout", "cloud", "orders", "payments", "search", "web-shop"], chain.Order(StringComparer.Ordinal));
        Assert.Equal(["payments", "cloud"], Diagnosis.Chain(["payments"], s => DependsOn.GetValueOrDefault(s) ?? []));
    }

    [Fact]
    public void Each_part_is_checked_at_its_field()
    {
        var chain = Diagnosis.Chain(["checkout"], s => DependsOn.GetValueOrDefault(s) ?? []);
        var problems = new Problems();
        new Diagnosis
        {
            RootCause = "ring\u0007",
            References = ["INC1", " ", new string('x', 201), "two\nlines"],
            ContributingServices = ["payments", "web-shop", "payments"],
        }.Validate(problems, [.. chain]);
        Assert.Equal(["rootCause", "references[1]", "references[2]", "references[3]", "contributingServices[1]", "contributingServices[2]"],
            problems.Errors.Select(e => e.Path));
        Assert.Contains("'web-shop' is not among the services the agreement covers or depends on: expected one of checkout, cloud, orders, payments", problems.Errors[4].Message, StringComparison.Ordinal);
        Assert.Contains("listed twice", problems.Errors[5].Message, StringComparison.Ordinal);

        var fine = new Problems();
        new Diagnosis { Category = CauseCategory.Supplier, References = ["CHG0041"], ContributingServices = ["cloud"] }.Validate(fine, [.. chain]);
        Assert.Empty(fine.Errors);
        Assert.True(new Diagnosis().Empty);
    }
}
