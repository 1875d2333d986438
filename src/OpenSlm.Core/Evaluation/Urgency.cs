using NodaTime;

namespace OpenSlm.Core.Evaluation;

/// <summary>
/// How soon an objective breaks and how bad it is, for putting what needs attention in order: a breached objective has
/// broken (it comes first); one whose error budget runs out within <see cref="Horizon"/> at the current burn breaks then
/// (sooner first), even while it is still met; then at-risk objectives; the rest need no attention. Ties go to the
/// smaller share of budget left.
/// </summary>
/// <param name="BreaksIn">Zero when breached; the time to budget exhaustion when within the horizon; otherwise null.</param>
/// <param name="Severity">0 breached, 1 at risk, 2 no data, 3 met.</param>
/// <param name="BudgetLeft">The share of the budget left (0–1, negative when overspent); null when it has none.</param>
public readonly record struct Urgency(Duration? BreaksIn, int Severity, decimal? BudgetLeft) : IComparable<Urgency>
{
    /// <summary>How far ahead a budget's exhaustion counts as breaking soon.</summary>
    public static readonly Duration Horizon = Duration.FromDays(7);

    /// <summary>Whether it belongs in the attention list: breached, at risk, or breaking within the horizon.</summary>
    public bool NeedsAttention => Severity <= 1 || BreaksIn is not null;

    /// <summary>The urgency of <paramref name="evaluation"/>, judged at <paramref name="now"/>.</summary>
    public static Urgency Of(ObjectiveEvaluation evaluation, Instant now)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var severity = evaluation.Status switch
        {
            ObjectiveStatus.Breached => 0,
            ObjectiveStatus.AtRisk => 1,
            ObjectiveStatus.NoData => 2,
            _ => 3,
        };
        Duration? breaksIn = severity == 0 ? Duration.Zero
            : evaluation.ExhaustionAt is { } at && at - now <= Horizon ? Duration.Max(Duration.Zero, at - now)
            : null;
        return new Urgency(breaksIn, severity, evaluation.Budget?.RemainingRatio);
    }

    /// <summary>Sooner first (broken before breaking before not breaking), then worse status, then less budget left.</summary>
    public int CompareTo(Urgency other)
    {
        var byTime = (BreaksIn, other.BreaksIn) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            ({ } a, { } b) => a.CompareTo(b),
        };
        if (byTime != 0)
        {
            return byTime;
        }
        var bySeverity = Severity.CompareTo(other.Severity);
        return bySeverity != 0 ? bySeverity : (BudgetLeft ?? decimal.MaxValue).CompareTo(other.BudgetLeft ?? decimal.MaxValue);
    }

    /// <summary>Whether <paramref name="left"/> is more urgent than <paramref name="right"/>.</summary>
    public static bool operator <(Urgency left, Urgency right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> is less urgent than <paramref name="right"/>.</summary>
    public static bool operator >(Urgency left, Urgency right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is at least as urgent as <paramref name="right"/>.</summary>
    public static bool operator <=(Urgency left, Urgency right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is at most as urgent as <paramref name="right"/>.</summary>
    public static bool operator >=(Urgency left, Urgency right) => left.CompareTo(right) >= 0;
}
