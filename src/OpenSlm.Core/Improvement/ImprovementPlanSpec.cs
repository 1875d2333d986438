using NodaTime;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Improvement;

/// <summary>Where a service improvement plan stands.</summary>
public enum PlanStatus
{
    /// <summary>Written, not yet agreed to be worked on.</summary>
    Proposed,

    /// <summary>Being worked on.</summary>
    Active,

    /// <summary>Every action done or cancelled; its effect is what the plan is judged by.</summary>
    Completed,

    /// <summary>Given up.</summary>
    Abandoned,
}

/// <summary>Where one action of a plan stands.</summary>
public enum PlanActionStatus
{
    /// <summary>Not started.</summary>
    Planned,

    /// <summary>Started.</summary>
    InProgress,

    /// <summary>Done (<see cref="PlanAction.Done"/> says when).</summary>
    Done,

    /// <summary>Not to be done after all.</summary>
    Cancelled,
}

/// <summary>
/// What a plan sets out to reach on its objective, in one of two measurable forms: the objective's attainment at least
/// <see cref="AtLeast"/> percent in each of <see cref="ForPeriods"/> consecutive periods after the actions were done
/// ("availability ≥ 99.95 % for three consecutive months"); or its budget burn after the actions at most
/// <see cref="BurnFactor"/> times the burn before them ("budget burn halved" is 0.5).
/// </summary>
public sealed record PlanGoal
{
    /// <summary>The most consecutive periods a goal may ask for.</summary>
    public const int MaxPeriods = 12;

    /// <summary>The least attainment, a percentage in (0, 100].</summary>
    public decimal? AtLeast { get; init; }

    /// <summary>How many consecutive periods it must hold (1 to <see cref="MaxPeriods"/>; default 1).</summary>
    public int? ForPeriods { get; init; }

    /// <summary>The burn after the actions as a share of the burn before them, in (0, 1).</summary>
    public decimal? BurnFactor { get; init; }

    /// <summary>The periods asked for, 1 when not given.</summary>
    public int Periods => ForPeriods ?? 1;

    /// <summary>The goal in words.</summary>
    public string Describe() => AtLeast is { } t
        ? $"attainment ≥ {Text(t)} % for {(Periods == 1 ? "a period" : $"{Periods} consecutive periods")}"
        : BurnFactor is { } f ? (f == 0.5m ? "budget burn halved" : $"budget burn at most {Text(f * 100)} % of what it was") : "none";

    private static string Text(decimal value) => Numbers.Normalize(value).ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal void Validate(Problems p)
    {
        if (AtLeast is null && BurnFactor is null)
        {
            p.Add("is required to be measurable: give atLeast (a percentage the objective's attainment must reach, with forPeriods " +
                "consecutive periods) or burnFactor (the budget burn after the actions as a share of the burn before, e.g. 0.5 for halved).");
            return;
        }
        if (AtLeast is not null && BurnFactor is not null)
        {
            p.Add("burnFactor", "cannot be given with atLeast: a goal is measured one way, an attainment to reach or a burn to cut.");
        }
        if (AtLeast is { } t && (t <= 0 || t > 100))
        {
            p.Add("atLeast", $"{t} is outside (0, 100]: the attainment to reach is a percentage.");
        }
        if (ForPeriods is { } n && (n < 1 || n > MaxPeriods))
        {
            p.Add("forPeriods", $"{n} is outside 1 to {MaxPeriods}: the consecutive periods the attainment must hold for.");
        }
        if (ForPeriods is not null && AtLeast is null)
        {
            p.Add("forPeriods", "goes with atLeast: the periods an attainment must hold for.");
        }
        if (BurnFactor is { } f && (f <= 0 || f >= 1))
        {
            p.Add("burnFactor", $"{f} is outside (0, 1): the burn after as a share of the burn before, e.g. 0.5 for halved.");
        }
    }
}

/// <summary>One thing to do under a plan: who does it, by when, where it stands.</summary>
public sealed record PlanAction
{
    /// <summary>Unique within the plan.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>What is to be done.</summary>
    public string? Description { get; init; }

    /// <summary>The stakeholder who does it.</summary>
    public string? Owner { get; init; }

    /// <summary>The day it is due.</summary>
    public LocalDate? Due { get; init; }

    /// <summary>Where it stands (default Planned).</summary>
    public PlanActionStatus? Status { get; init; }

    /// <summary>The day it was done; required once Done.</summary>
    public LocalDate? Done { get; init; }

    /// <summary>Notes on its progress.</summary>
    public string? Notes { get; init; }

    /// <summary>The status, Planned when not given.</summary>
    public PlanActionStatus State => Status ?? PlanActionStatus.Planned;

    /// <summary>Whether it is still to be done (neither done nor cancelled).</summary>
    public bool Open => State is PlanActionStatus.Planned or PlanActionStatus.InProgress;

    internal void Validate(Problems p)
    {
        if (ResourceName.Check(Name) is { } nameError)
        {
            p.Add("name", nameError);
        }
        p.Require("owner", Owner, "the stakeholder who does the action");
        Checks.OptionalName(p, "owner", Owner);
        if (Due is null)
        {
            p.Add("due", "is required: the day the action is due (yyyy-MM-dd), so it can be reminded of and reported on.");
        }
        if (State == PlanActionStatus.Done && Done is null)
        {
            p.Add("done", "is required once the status is Done: the day it was done, from which its effect is measured.");
        }
        if (Done is not null && State != PlanActionStatus.Done)
        {
            p.Add("done", $"is the day an action was done, but the status is {State}: set the status to Done, or leave done out.");
        }
        ImprovementChecks.Texts(p, ("description", Description), ("notes", Notes));
        ImprovementChecks.Dates(p, ("due", Due), ("done", Done));
    }
}

/// <summary>
/// A service improvement plan (issue 20): a goal stated on one objective of an agreement, the actions that are to reach
/// it, and the problems and breaches it answers. Its effect is measured on the same numbers that showed the breach:
/// the objective's days before the first action was done against the days after the last.
/// </summary>
public sealed record ImprovementPlanSpec : ISpec
{
    /// <summary>The most actions one plan holds.</summary>
    public const int MaxActions = 100;

    /// <inheritdoc />
    public static ResourceKind Kind => ResourceKind.ImprovementPlan;

    /// <summary>What the plan is about.</summary>
    public string? Description { get; init; }

    /// <summary>The agreement whose objective the goal is stated on.</summary>
    public string? Agreement { get; init; }

    /// <summary>The objective (of the agreement's latest version) the goal is stated on.</summary>
    public string? Objective { get; init; }

    /// <summary>What the plan sets out to reach.</summary>
    public PlanGoal? Goal { get; init; }

    /// <summary>The stakeholder accountable for the plan.</summary>
    public string? Owner { get; init; }

    /// <summary>Where it stands (default Proposed).</summary>
    public PlanStatus? Status { get; init; }

    /// <summary>The problems it addresses.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>What is to be done.</summary>
    public IReadOnlyList<PlanAction> Actions { get; init; } = [];

    /// <summary>The status, Proposed when not given.</summary>
    public PlanStatus State => Status ?? PlanStatus.Proposed;

    /// <summary>
    /// The day the actions began to take effect: the first day an action was done (null while none is). The days before
    /// it are the plan's "before".
    /// </summary>
    public LocalDate? FirstDone => Actions.Where(a => a.State == PlanActionStatus.Done && a.Done is not null).Min(a => a.Done);

    /// <summary>
    /// The day after which every action done had taken effect: the last day an action was done, once none is still open
    /// (null before). The days after it are the plan's "after".
    /// </summary>
    public LocalDate? LastDone => Actions.Any(a => a.Open) ? null : Actions.Where(a => a.State == PlanActionStatus.Done && a.Done is not null).Max(a => a.Done);

    /// <inheritdoc />
    public void Validate(Problems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        problems.Require("agreement", Agreement, "the agreement whose objective the goal is stated on");
        Checks.OptionalName(problems, "agreement", Agreement);
        problems.Require("objective", Objective, "the objective the goal is stated on");
        Checks.OptionalName(problems, "objective", Objective);
        if (Goal is null)
        {
            problems.Add("goal", "is required: what the plan sets out to reach, as atLeast (with forPeriods) or burnFactor.");
        }
        Goal?.Validate(problems.At("goal"));
        problems.Require("owner", Owner, "the stakeholder accountable for the plan");
        Checks.OptionalName(problems, "owner", Owner);
        ImprovementChecks.Texts(problems, ("description", Description));
        Checks.Names(problems, "problems", Problems);
        if (Problems.Count > Limits.MaxItems)
        {
            problems.Add("problems", $"lists {Problems.Count:N0} problems; at most {Limits.MaxItems:N0}.");
        }
        if (Actions.Count > MaxActions)
        {
            problems.Add("actions", $"holds {Actions.Count} actions; at most {MaxActions}.");
        }
        if (Actions.Count == 0 && State != PlanStatus.Proposed)
        {
            problems.Add("actions", $"is required once the status is {State}: a plan is worked through its actions (owner, due date, status).");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(Actions.Count, MaxActions); i++)
        {
            Actions[i].Validate(problems.At("actions").At(i));
            if (!string.IsNullOrEmpty(Actions[i].Name) && !names.Add(Actions[i].Name))
            {
                problems.At("actions").At(i).Add("name", $"'{Actions[i].Name}' is used by another action of this plan.");
            }
        }
        if (State == PlanStatus.Completed && Actions.FirstOrDefault(a => a.Open) is { } open)
        {
            problems.Add("status", $"cannot be Completed while action '{open.Name}' is {open.State}: mark it Done (with the day) or Cancelled first.");
        }
    }

    /// <inheritdoc />
    public IEnumerable<Reference> References()
    {
        if (Agreement is not null)
        {
            yield return new Reference(ResourceKind.Agreement, Agreement, "spec.agreement");
        }
        if (Owner is not null)
        {
            yield return new Reference(ResourceKind.Stakeholder, Owner, "spec.owner");
        }
        for (var i = 0; i < Problems.Count; i++)
        {
            yield return new Reference(ResourceKind.Problem, Problems[i], $"spec.problems[{i}]");
        }
        for (var i = 0; i < Actions.Count; i++)
        {
            if (Actions[i].Owner is { } owner)
            {
                yield return new Reference(ResourceKind.Stakeholder, owner, $"spec.actions[{i}].owner");
            }
        }
    }

    /// <summary>The days before an action's due day its owner is reminded of it.</summary>
    public const int DueSoonDays = 3;

    /// <summary>
    /// The reminders due today for the open actions of plan <paramref name="name"/> (its agreement's parties and each
    /// action's owner are told): once when an action is due within <see cref="DueSoonDays"/> days, once when it is past
    /// its day. Each has a key of its own, so it is sent once; a new due day makes new reminders. None for a plan that is
    /// Completed or Abandoned.
    /// </summary>
    public IEnumerable<Agreements.Reminder> Reminders(string name, LocalDate today)
    {
        if (Agreement is null || State is PlanStatus.Completed or PlanStatus.Abandoned)
        {
            yield break;
        }
        foreach (var action in Actions.Where(a => a.Open && a.Due is not null))
        {
            var due = action.Due!.Value;
            var day = due.ToString("yyyy'-'MM'-'dd", System.Globalization.CultureInfo.InvariantCulture);
            if (due < today)
            {
                yield return new Agreements.Reminder($"plan-action-overdue:{name}:{action.Name}:{day}", Agreement,
                    $"[OpenSLM] Improvement action overdue: {name} / {action.Name}",
                    $"The action \"{action.Description ?? action.Name}\" of improvement plan {name} (on {Agreement} / {Objective}) was due on {day} (owner: {action.Owner}) and is still {action.State}. Mark it Done with the day, or agree a new due day.",
                    action.Owner);
            }
            else if (Period.Between(today, due, PeriodUnits.Days).Days <= DueSoonDays)
            {
                yield return new Agreements.Reminder($"plan-action-due:{name}:{action.Name}:{day}", Agreement,
                    $"[OpenSLM] Improvement action due on {day}: {name} / {action.Name}",
                    $"The action \"{action.Description ?? action.Name}\" of improvement plan {name} (on {Agreement} / {Objective}) is due on {day} (owner: {action.Owner}).",
                    action.Owner);
            }
        }
    }

    /// <summary>
    /// Whether the goal can be measured on <paramref name="objective"/> (the agreement's objective of the plan's name, or
    /// null when it has none): null when it can, else what is wrong, for the field named.
    /// </summary>
    public (string Field, string Message)? CheckObjective(Agreements.ObjectiveSpec? objective, IEnumerable<string> objectives)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        if (objective is null)
        {
            var known = objectives.ToList();
            return ("spec.objective", $"'{Objective}' is not an objective of agreement '{Agreement}': expected one of {(known.Count == 0 ? "(it has none)" : string.Join(", ", known))}.");
        }
        if (Goal?.BurnFactor is not null && objective.Target >= 100)
        {
            return ("spec.goal.burnFactor", $"cannot be measured: objective '{objective.Name}' has a target of 100 %, which leaves no error budget to burn; state the goal as atLeast instead.");
        }
        return null;
    }
}
