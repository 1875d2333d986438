using NodaTime;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Improvement;

/// <summary>Where a problem stands, as problem management names it.</summary>
public enum ProblemStatus
{
    /// <summary>Being investigated: the cause is not yet known or not yet written down.</summary>
    Open,

    /// <summary>The cause is known and a workaround written down; the fix is not in yet.</summary>
    KnownError,

    /// <summary>The fix is in (<see cref="ProblemSpec.Resolved"/> says when); waiting to see that it holds.</summary>
    Resolved,

    /// <summary>Done with: the fix held, or the problem was accepted.</summary>
    Closed,
}

/// <summary>
/// A problem (issue 20): one underlying cause behind breaches across objectives, services and periods. Breaches are
/// linked to it from their diagnosis (a breach names its problem), so one record holds what is known of the cause, the
/// workaround and the fix, and the breaches it has caused are counted against it. Improvement plans name the problems
/// they address.
/// </summary>
public sealed record ProblemSpec : ISpec
{
    /// <inheritdoc />
    public static ResourceKind Kind => ResourceKind.Problem;

    /// <summary>What goes wrong, as people notice it.</summary>
    public string? Description { get; init; }

    /// <summary>Where it stands (default Open).</summary>
    public ProblemStatus? Status { get; init; }

    /// <summary>The cause's category, in the same taxonomy as a breach's diagnosis.</summary>
    public CauseCategory? Category { get; init; }

    /// <summary>The analysis of the cause (internal).</summary>
    public string? RootCause { get; init; }

    /// <summary>What to do while the fix is not in.</summary>
    public string? Workaround { get; init; }

    /// <summary>The services it affects.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>The incidents, changes and tickets it refers to: ids or links.</summary>
    public IReadOnlyList<string> RefersTo { get; init; } = [];

    /// <summary>The stakeholder who owns the problem (its problem manager).</summary>
    public string? Owner { get; init; }

    /// <summary>The day it was opened.</summary>
    public LocalDate? Opened { get; init; }

    /// <summary>The day the fix went in; required once Resolved or Closed.</summary>
    public LocalDate? Resolved { get; init; }

    /// <summary>The status, Open when not given.</summary>
    public ProblemStatus State => Status ?? ProblemStatus.Open;

    /// <inheritdoc />
    public void Validate(Problems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ImprovementChecks.Texts(problems, ("description", Description), ("rootCause", RootCause), ("workaround", Workaround));
        if (Services.Count == 0)
        {
            problems.Add("services", "is required: name at least one service the problem affects.");
        }
        if (Services.Count > Limits.MaxItems)
        {
            problems.Add("services", $"lists {Services.Count:N0} services; at most {Limits.MaxItems:N0}.");
        }
        Checks.Names(problems, "services", Services);
        ImprovementChecks.References(problems, "refersTo", RefersTo);
        Checks.OptionalName(problems, "owner", Owner);
        ImprovementChecks.Dates(problems, ("opened", Opened), ("resolved", Resolved));
        if (State is ProblemStatus.Resolved or ProblemStatus.Closed && Resolved is null)
        {
            problems.Add("resolved", $"is required once the status is {State}: the day the fix went in.");
        }
        if (Resolved < Opened)
        {
            problems.Add("resolved", $"{Resolved:yyyy-MM-dd} is before the day it was opened ({Opened:yyyy-MM-dd}).");
        }
        if (State == ProblemStatus.KnownError && RootCause is null)
        {
            problems.Add("rootCause", "is required once the status is KnownError: a known error is one whose cause is written down.");
        }
    }

    /// <inheritdoc />
    public IEnumerable<Reference> References()
    {
        for (var i = 0; i < Services.Count; i++)
        {
            yield return new Reference(ResourceKind.Service, Services[i], $"spec.services[{i}]");
        }
        if (Owner is not null)
        {
            yield return new Reference(ResourceKind.Stakeholder, Owner, "spec.owner");
        }
    }
}
