using System.Globalization;
using NodaTime;

namespace OpenSlm.Core.Agreements;

/// <summary>What activating a version asks for: the first day in force, when it is not the default, and why.</summary>
/// <param name="From">The first day the version is to be in force; null for the default (see <see cref="Activation.Plan"/>).</param>
/// <param name="Reason">Why; required when an amendment is put in force from a day before it is activated.</param>
public sealed record ActivationRequest(LocalDate? From = null, string? Reason = null);

/// <summary>When an activated version takes effect.</summary>
/// <param name="From">Its first day in force; null (open) only for a first version whose terms give no <c>effective.from</c>.</param>
/// <param name="Scheduled">Whether that day is after today: the version then waits as Agreed and is activated on the day.</param>
/// <param name="Retroactive">Whether an amendment takes effect before the day it is activated, over days an earlier version judged.</param>
/// <param name="Reason">Why it is retroactive; null when it is not.</param>
public sealed record ActivationPlan(LocalDate? From, bool Scheduled, bool Retroactive, string? Reason);

/// <summary>
/// When a version takes effect (issue 18, finding 1). An amendment takes effect from the day it is activated, or from a
/// later day its terms' <c>effective.from</c> or the request names (it is then scheduled); it never takes over days an
/// earlier version judged unless the request names an earlier day with a reason (a retroactive date, shown before it is
/// confirmed). A first version takes effect from its terms' <c>effective.from</c>, past or not: no earlier version
/// judged those days. Pure: today is a parameter.
/// </summary>
public static class Activation
{
    /// <summary>The longest reason accepted for a retroactive date.</summary>
    public const int MaxReasonLength = 2000;

    /// <summary>How many months back a retroactive date may reach.</summary>
    public const int MaxRetroactiveMonths = 24;

    /// <summary>
    /// The plan for activating a version with <paramref name="terms"/> on <paramref name="today"/>;
    /// <paramref name="amends"/> when an earlier version of the agreement has been in force. When refused, the plan is
    /// null and the problem names the field: <c>effectiveFrom</c>, <c>reason</c> or <c>spec.effective.to</c>.
    /// </summary>
    public static (ActivationPlan? Plan, string Field, string? Problem) Plan(LocalDate today, EffectivePeriod? terms, bool amends, ActivationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        LocalDate? from;
        if (request.From is { } asked)
        {
            if (terms?.From is { } begins && asked < begins)
            {
                return (null, "effectiveFrom", $"{Day(asked)} is before the terms' effective.from ({Day(begins)}): a version is never in force before its own terms begin.");
            }
            from = asked;
        }
        else
        {
            from = amends ? Later(today, terms?.From ?? today) : terms?.From;
        }
        if (terms?.To is { } ends && from is { } start && start > ends)
        {
            return request.From is null
                ? (null, "spec.effective.to", $"the terms end on {Day(ends)}, before the version would take effect on {Day(start)}: amend effective.to (a renewal runs on past the old end).")
                : (null, "effectiveFrom", $"{Day(start)} is after the terms' effective.to ({Day(ends)}): the version would never be in force.");
        }
        var retroactive = amends && from is { } first && first < today;
        string? reason = null;
        if (retroactive)
        {
            if (from < today.PlusMonths(-MaxRetroactiveMonths))
            {
                return (null, "effectiveFrom", $"{Day(from!.Value)} is more than {MaxRetroactiveMonths} months before today ({Day(today)}): a retroactive date reaches back at most that far.");
            }
            reason = request.Reason?.Trim();
            if (string.IsNullOrEmpty(reason))
            {
                return (null, "reason", $"is required: putting an amendment in force from {Day(from!.Value)}, before today ({Day(today)}), changes how closed periods are judged; say why (the clause, the request, who agreed it).");
            }
            if (reason.Length > MaxReasonLength)
            {
                return (null, "reason", $"is {reason.Length.ToString(CultureInfo.InvariantCulture)} characters long; at most {MaxReasonLength.ToString(CultureInfo.InvariantCulture)} are kept.");
            }
        }
        return (new ActivationPlan(from, from > today, retroactive, reason), string.Empty, null);
    }

    private static LocalDate Later(LocalDate a, LocalDate b) => a > b ? a : b;

    private static string Day(LocalDate d) => d.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);
}
