using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Improvement;

/// <summary>
/// What caused a breach, in a small taxonomy that is the same for every service, so causes can be counted across
/// objectives, services and periods.
/// </summary>
public enum CauseCategory
{
    /// <summary>A change made to the service or what it depends on (a release, a migration, a planned change gone wrong).</summary>
    Change,

    /// <summary>Not enough of something: load beyond what was provisioned, a full disk, an exhausted pool.</summary>
    Capacity,

    /// <summary>A supplier or third party did not deliver (their outage, their slow answer).</summary>
    Supplier,

    /// <summary>A fault in software, found in production.</summary>
    SoftwareDefect,

    /// <summary>A setting, certificate, rule or other configuration that was wrong or expired.</summary>
    Configuration,

    /// <summary>A person's mistake in operating the service.</summary>
    HumanError,

    /// <summary>Outside anyone's control here: weather, a regional power cut, an attack.</summary>
    External,

    /// <summary>Diagnosed, but the cause is not known (yet).</summary>
    Unknown,
}

/// <summary>
/// A breach's diagnosis: the cause's category, the internal analysis, the incidents and changes it refers to, the
/// services that contributed (among those the agreement covers and what they depend on), what is done about it, and the
/// statement its customer reads. All of it is optional until filled in; what is given is checked.
/// </summary>
public sealed record Diagnosis
{
    /// <summary>The most references a diagnosis holds.</summary>
    public const int MaxReferences = 20;

    /// <summary>The longest reference.</summary>
    public const int MaxReferenceLength = 200;

    /// <summary>The cause's category; null until diagnosed.</summary>
    public CauseCategory? Category { get; init; }

    /// <summary>The internal analysis of the cause (the root cause).</summary>
    public string? RootCause { get; init; }

    /// <summary>The incidents, problems and changes it refers to: ids (INC0010043, CHG0041) or links.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The services that contributed to the breach.</summary>
    public IReadOnlyList<string> ContributingServices { get; init; } = [];

    /// <summary>The problem (a <see cref="ProblemSpec"/>'s name) whose cause this breach shares; null when none is known.</summary>
    public string? Problem { get; init; }

    /// <summary>What is being done about it (internal).</summary>
    public string? Actions { get; init; }

    /// <summary>What the customer is told.</summary>
    public string? Statement { get; init; }

    /// <summary>Whether nothing is filled in.</summary>
    public bool Empty => Category is null && Problem is null && RootCause is null && References.Count == 0 && ContributingServices.Count == 0 && Actions is null && Statement is null;

    /// <summary>
    /// Checks the diagnosis: texts within <see cref="Limits.MaxText"/>, references few, short and on one line each, each
    /// contributing service one of <paramref name="chain"/> (the services the agreement covers and what they depend on),
    /// none twice.
    /// </summary>
    public void Validate(Problems problems, IReadOnlyCollection<string> chain)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(chain);
        ImprovementChecks.Texts(problems, ("rootCause", RootCause), ("actions", Actions), ("statement", Statement));
        ImprovementChecks.References(problems, "references", References);
        Checks.OptionalName(problems, "problem", Problem);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ContributingServices.Count && i < MaxReferences; i++)
        {
            var service = ContributingServices[i];
            if (!chain.Contains(service))
            {
                problems.At("contributingServices").At(i).Add(
                    $"'{(service.Length > 63 ? service[..63] + "…" : service)}' is not among the services the agreement covers or depends on: expected one of {string.Join(", ", chain.Order(StringComparer.Ordinal))}.");
            }
            else if (!seen.Add(service))
            {
                problems.At("contributingServices").At(i).Add($"'{service}' is listed twice.");
            }
        }
        if (ContributingServices.Count > MaxReferences)
        {
            problems.Add("contributingServices", $"holds {ContributingServices.Count} services: at most {MaxReferences}.");
        }
    }

    /// <summary>
    /// <paramref name="services"/> and every service they depend on, directly or through others (<paramref name="dependsOn"/>
    /// gives a service's own dependencies): the services a breach of an agreement over them can be traced to.
    /// </summary>
    public static IReadOnlySet<string> Chain(IEnumerable<string> services, Func<string, IEnumerable<string>> dependsOn)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(dependsOn);
        var chain = new HashSet<string>(StringComparer.Ordinal);
        var next = new Queue<string>(services);
        while (next.TryDequeue(out var service))
        {
            if (chain.Add(service))
            {
                foreach (var d in dependsOn(service))
                {
                    next.Enqueue(d);
                }
            }
        }
        return chain;
    }
}
