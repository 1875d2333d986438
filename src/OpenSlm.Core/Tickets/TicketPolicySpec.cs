using NodaTime;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Tickets;

/// <summary>
/// A test on one ticket field. Give exactly one of <see cref="In"/> (the value is one of these), <see cref="NotIn"/>
/// (it is none of these; an absent field is none of them), <see cref="Empty"/> (it is absent or blank, or not) or
/// <see cref="Changed"/> (the event being applied changed it). Values compare exactly (case and spaces count).
/// </summary>
public sealed record FieldCondition
{
    /// <summary>The field tested, as named in the ticket's events.</summary>
    public string Field { get; init; } = string.Empty;

    /// <summary>Holds when the field's value is one of these.</summary>
    public IReadOnlyList<string>? In { get; init; }

    /// <summary>Holds when the field's value is none of these.</summary>
    public IReadOnlyList<string>? NotIn { get; init; }

    /// <summary>Holds when the field is absent or blank (true) or has a value (false).</summary>
    public bool? Empty { get; init; }

    /// <summary>Holds when the event being applied changed the field's value.</summary>
    public bool? Changed { get; init; }

    internal void Validate(Problems p)
    {
        p.Require("field", Field, "the ticket field tested, for example state");
        var given = (In is null ? 0 : 1) + (NotIn is null ? 0 : 1) + (Empty is null ? 0 : 1) + (Changed is null ? 0 : 1);
        if (given != 1)
        {
            p.Add("give exactly one of in, notIn, empty or changed.");
        }
        if (In is { Count: 0 })
        {
            p.Add("in", "lists no value: give at least one.");
        }
    }
}

/// <summary>The target of tickets of one priority ("*" for every priority no other target names).</summary>
public sealed record PriorityTarget
{
    /// <summary>The priority field's value this target is for, or "*".</summary>
    public string Priority { get; init; } = string.Empty;

    /// <summary>The business time allowed, for example 30m, 4h or 3d (3 × 24 h of open time).</summary>
    public string Within { get; init; } = string.Empty;
}

/// <summary>What a clock does when its ticket is reopened (its stop condition no longer holds after it stopped).</summary>
public enum ReopenRule
{
    /// <summary>The clock runs on from where it stopped; the time the ticket spent stopped does not count.</summary>
    Resume,

    /// <summary>The stop is final: the clock keeps its result.</summary>
    Keep,
}

/// <summary>
/// A ticket policy: which tickets it times, when its clock starts, pauses, stops, is cancelled or reset, and the
/// business time allowed per priority, on a calendar. Each list of conditions holds when all of its conditions hold
/// (an empty list: start holds at once, the others never).
/// </summary>
public sealed record TicketPolicySpec : ISpec
{
    /// <inheritdoc />
    public static ResourceKind Kind => ResourceKind.TicketPolicy;

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Which tickets the policy applies to; a clock is cancelled when its ticket stops matching.</summary>
    public IReadOnlyList<FieldCondition> AppliesTo { get; init; } = [];

    /// <summary>When the clock starts (empty: as soon as the policy applies).</summary>
    public IReadOnlyList<FieldCondition> Start { get; init; } = [];

    /// <summary>While these hold, the clock is paused (for example state in [Awaiting User Info]).</summary>
    public IReadOnlyList<FieldCondition> Pause { get; init; } = [];

    /// <summary>When the clock stops: Met within the target, else Breached. Required.</summary>
    public IReadOnlyList<FieldCondition> Stop { get; init; } = [];

    /// <summary>When the clock is cancelled (it then counts for nothing).</summary>
    public IReadOnlyList<FieldCondition> Cancel { get; init; } = [];

    /// <summary>When the clock starts again from zero (for example the ticket moved to another group).</summary>
    public IReadOnlyList<FieldCondition> Reset { get; init; } = [];

    /// <summary>The field holding the priority the targets are chosen by.</summary>
    public string PriorityField { get; init; } = "priority";

    /// <summary>The business time allowed per priority.</summary>
    public IReadOnlyList<PriorityTarget> Targets { get; init; } = [];

    /// <summary>The calendar business time is counted on (24x7 in UTC when absent).</summary>
    public string? Calendar { get; init; }

    /// <summary>Warning thresholds, in percent of the target (for example 50, 75, 90).</summary>
    public IReadOnlyList<decimal> Warnings { get; init; } = [];

    /// <summary>Count from the ticket's creation (its first event) even when the policy matched later.</summary>
    public bool RetroactiveStart { get; init; }

    /// <summary>What a reopened ticket does to a stopped clock.</summary>
    public ReopenRule OnReopen { get; init; } = ReopenRule.Resume;

    /// <inheritdoc />
    public void Validate(Problems problems)
    {
        Checks.OptionalName(problems, "calendar", Calendar);
        foreach (var (name, list) in new[] { ("appliesTo", AppliesTo), ("start", Start), ("pause", Pause), ("stop", Stop), ("cancel", Cancel), ("reset", Reset) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                list[i].Validate(problems.At(name).At(i));
            }
        }
        if (Stop.Count == 0)
        {
            problems.Add("stop", "is required: the conditions that stop the clock, for example {field: state, in: [Resolved, Closed]}.");
        }
        problems.Require("priorityField", PriorityField, "the ticket field holding the priority");
        if (Targets.Count == 0)
        {
            problems.Add("targets", "is required: the business time allowed per priority, for example {priority: \"1\", within: 4h}.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Targets.Count; i++)
        {
            var p = problems.At("targets").At(i);
            if (p.Require("priority", Targets[i].Priority, "the priority value, or \"*\" for any other") && !seen.Add(Targets[i].Priority))
            {
                p.Add("priority", $"'{Targets[i].Priority}' has a target already.");
            }
            if (DurationText.TryParse(Targets[i].Within) is not { } d || d <= Duration.Zero)
            {
                p.Add("within", $"'{Targets[i].Within}' is not a positive duration: expected for example 30m, 4h or 3d.");
            }
        }
        for (var i = 0; i < Warnings.Count; i++)
        {
            if (Warnings[i] is <= 0 or >= 100)
            {
                problems.At("warnings").At(i).Add($"{Warnings[i]} is not a percentage of the target between 0 and 100 (exclusive).");
            }
        }
    }

    /// <inheritdoc />
    public IEnumerable<Reference> References() =>
        Calendar is null ? [] : [new Reference(ResourceKind.Calendar, Calendar, "spec.calendar")];
}
