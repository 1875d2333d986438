using NodaTime;

namespace OpenSlm.Core.Improvement;

/// <summary>
/// One breach as the improvement analyses count it: its objective and period, its diagnosis's category and problem, and
/// what it cost: the bad units of its period (events, or slices with data) and, for a time-sliced objective, the bad
/// slices' time (its downtime).
/// </summary>
public sealed record BreachFact(string Agreement, string Objective, Instant PeriodStart, Instant PeriodEnd, CauseCategory? Category, string? Problem,
    decimal BadUnits = 0, Duration Downtime = default);

/// <summary>Why something recurs.</summary>
public enum RecurrenceKind
{
    /// <summary>An objective breached in <see cref="Recurrence.ObjectiveBreaches"/> or more of its last <see cref="Recurrence.ObjectivePeriods"/> periods.</summary>
    Objective,

    /// <summary>One cause category behind <see cref="Recurrence.CategoryBreaches"/> or more breaches within a quarter.</summary>
    Category,
}

/// <summary>A recurring breach pattern: what recurs, how often, and the breaches that show it.</summary>
public sealed record RecurringBreach(RecurrenceKind Kind, string Subject, int Count, IReadOnlyList<BreachFact> Breaches, string Why);

/// <summary>
/// Recurring-breach detection (issue 20). An objective is flagged when it was breached in 2 or more of its last 6 periods;
/// a cause category is flagged when 3 or more breaches diagnosed with it ended within one quarter (any 92 days, the
/// longest quarter) of the ones before.
/// </summary>
public static class Recurrence
{
    /// <summary>The periods looked back over for an objective.</summary>
    public const int ObjectivePeriods = 6;

    /// <summary>The breaches among them that make it recurring.</summary>
    public const int ObjectiveBreaches = 2;

    /// <summary>The breaches of one category within a quarter that make it recurring.</summary>
    public const int CategoryBreaches = 3;

    /// <summary>A quarter's span: the longest calendar quarter.</summary>
    public static Duration Quarter { get; } = Duration.FromDays(92);

    /// <summary>
    /// The recurring patterns among <paramref name="breaches"/> (withdrawn ones left out by the caller): objectives by
    /// <paramref name="since"/>, which gives the start of an objective's sixth period back (null: the objective is not
    /// known now, and is not judged); categories over any quarter, the latest quarter with the most breaches shown.
    /// </summary>
    public static IReadOnlyList<RecurringBreach> Detect(IEnumerable<BreachFact> breaches, Func<string, string, Instant?> since)
    {
        ArgumentNullException.ThrowIfNull(breaches);
        ArgumentNullException.ThrowIfNull(since);
        var all = breaches.ToList();
        var found = new List<RecurringBreach>();
        foreach (var group in all.GroupBy(b => (b.Agreement, b.Objective)).OrderBy(g => g.Key.Agreement, StringComparer.Ordinal).ThenBy(g => g.Key.Objective, StringComparer.Ordinal))
        {
            if (since(group.Key.Agreement, group.Key.Objective) is not { } from)
            {
                continue;
            }
            var recent = group.Where(b => b.PeriodStart >= from).OrderBy(b => b.PeriodStart).ToList();
            if (recent.Count >= ObjectiveBreaches)
            {
                found.Add(new RecurringBreach(RecurrenceKind.Objective, $"{group.Key.Agreement}/{group.Key.Objective}", recent.Count, recent,
                    $"Breached in {recent.Count} of its last {ObjectivePeriods} periods ({ObjectiveBreaches} or more is recurring)."));
            }
        }
        foreach (var group in all.Where(b => b.Category is not null).GroupBy(b => b.Category!.Value).OrderBy(g => g.Key))
        {
            var ordered = group.OrderBy(b => b.PeriodEnd).ToList();
            List<BreachFact>? best = null;
            for (var last = 0; last < ordered.Count; last++)
            {
                var window = ordered.Where(b => b.PeriodEnd <= ordered[last].PeriodEnd && b.PeriodEnd > ordered[last].PeriodEnd - Quarter).ToList();
                if (window.Count >= CategoryBreaches && (best is null || window.Count >= best.Count))
                {
                    best = window;
                }
            }
            if (best is not null)
            {
                found.Add(new RecurringBreach(RecurrenceKind.Category, group.Key.ToString(), best.Count, best,
                    $"{best.Count} breaches caused by {group.Key} within a quarter ({CategoryBreaches} or more is recurring)."));
            }
        }
        return found;
    }
}

/// <summary>One cause category's share of the breaches in a Pareto of causes; <see cref="Category"/> null is "not diagnosed".</summary>
public sealed record ParetoRow(CauseCategory? Category, int Count, decimal Share, decimal Cumulative, decimal BadUnits, Duration Downtime);

/// <summary>
/// A Pareto of causes (issue 20): the breaches of a span by cause category, most frequent first, each with its share and
/// the running total of shares (exact percentages of the count), and what they cost in bad units and downtime.
/// </summary>
public static class Pareto
{
    /// <summary>The rows of <paramref name="breaches"/>, ordered by count, then bad units, then category; undiagnosed breaches are a row of their own.</summary>
    public static IReadOnlyList<ParetoRow> Of(IEnumerable<BreachFact> breaches)
    {
        ArgumentNullException.ThrowIfNull(breaches);
        var all = breaches.ToList();
        var rows = new List<ParetoRow>();
        var running = 0;
        foreach (var group in all.GroupBy(b => b.Category)
                     .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Sum(b => b.BadUnits)).ThenBy(g => g.Key is null ? int.MaxValue : (int)g.Key))
        {
            var share = Numbers.Normalize((decimal)group.Count() * 100 / all.Count);
            running += group.Count();
            var downtime = group.Aggregate(Duration.Zero, (sum, b) => sum + b.Downtime);
            rows.Add(new ParetoRow(group.Key, group.Count(), share, Numbers.Normalize((decimal)running * 100 / all.Count), group.Sum(b => b.BadUnits), downtime));
        }
        return rows;
    }
}
