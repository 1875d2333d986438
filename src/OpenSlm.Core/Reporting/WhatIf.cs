using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Reporting;

/// <summary>
/// One month of a what-if for one objective: attainment, status, the units counted and the bad ones, the month's error
/// budget (the bad units the target allows) and the share of it spent (null without data or without a budget), and the
/// credit it would have earned.
/// </summary>
public sealed record WhatIfMonth(string Month, Attainment Attainment, ObjectiveStatus Status, decimal Units, decimal BadUnits, CreditLine? Credit,
    decimal BudgetUnits = 0m, decimal? BudgetSpent = null);

/// <summary>One objective replayed: its target, every month, how many it would have breached, and how many had no data.</summary>
public sealed record WhatIfObjective(string Name, string Indicator, decimal Target, IReadOnlyList<WhatIfMonth> Months, int Breached, int NoData);

/// <summary>
/// A what-if: proposed terms replayed over stored data, month by month, with the credits they would have owed and notes a
/// reader needs (an objective with no data in any month says so: never 0 % or 100 %).
/// </summary>
public sealed record WhatIfResult(string From, string To, IReadOnlyList<WhatIfObjective> Objectives, IReadOnlyList<CreditAssessment> Credits, Money? CreditsOwed,
    IReadOnlyList<string> Notes);

/// <summary>
/// Replays terms that are not (or not yet) in force over the data already stored (issue 18, negotiation): each objective
/// judged over each of the last closed calendar months exactly as a report judges a month (<see cref="AgreementReports.Figures(ReportObjective, ReportPeriod, Instant)"/>),
/// and the month's credits by the terms' tiers. Pure: the planned objectives with their data and "now" are parameters.
/// </summary>
public static class WhatIf
{
    /// <summary>The most months a what-if replays.</summary>
    public const int MaxMonths = 36;

    /// <summary>
    /// Replays <paramref name="spec"/> (its <paramref name="objectives"/> planned over their stored data) over the
    /// <paramref name="months"/> calendar months ending with <paramref name="last"/>.
    /// </summary>
    public static WhatIfResult Replay(AgreementSpec spec, IReadOnlyList<ReportObjective> objectives, ReportPeriod last, int months, Instant now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(objectives);
        ArgumentNullException.ThrowIfNull(last);
        ArgumentOutOfRangeException.ThrowIfLessThan(months, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(months, MaxMonths);
        var periods = Enumerable.Range(0, months).Select(i => last.Previous(months - 1 - i)).ToList();
        var credits = new List<CreditAssessment>();
        var lines = new Dictionary<(string, string), CreditLine>();
        if (ServiceCredits.HasCredits(spec))
        {
            foreach (var month in periods)
            {
                var assessment = ServiceCredits.Assess(spec.Credits, spec.Charge, month,
                    [.. objectives.Select(o => (o.Objective.Name, AgreementReports.Figures(o, month, now).Attainment, o.Objective.Target, o.Objective.Credits))]);
                credits.Add(assessment);
                foreach (var line in assessment.Lines)
                {
                    lines[(month.Key, line.Objective)] = line;
                }
            }
        }
        var replayed = new List<WhatIfObjective>();
        var notes = new List<string>();
        foreach (var o in objectives)
        {
            var figures = periods.Select(p => AgreementReports.Figures(o, p, now)).ToList();
            var allowed = 1m - o.Plan.Terms.Target;
            var rows = figures.Select(f => new WhatIfMonth(f.Period, f.Attainment, f.Status, f.Units, f.BadUnits, lines.GetValueOrDefault((f.Period, o.Objective.Name)),
                allowed * f.Units, f.Attainment is Attainment.Measured && allowed > 0 && f.Units > 0 ? f.BadUnits / (allowed * f.Units) : null)).ToList();
            var noData = rows.Count(r => r.Attainment is not Attainment.Measured);
            replayed.Add(new WhatIfObjective(o.Objective.Name, o.Objective.Indicator, o.Objective.Target, rows, rows.Count(r => r.Status == ObjectiveStatus.Breached), noData));
            if (noData == rows.Count)
            {
                notes.Add($"{o.Objective.Name}: indicator '{o.Objective.Indicator}' has no data in {periods[0].Key} – {last.Key}, so nothing can be replayed for it (no data is neither met nor breached).");
            }
            else if (noData > 0)
            {
                notes.Add($"{o.Objective.Name}: no data in {noData} of {rows.Count} months ({string.Join(", ", rows.Where(r => r.Attainment is not Attainment.Measured).Select(r => r.Month))}).");
            }
        }
        var owed = spec.Charge is { } charge && credits.Count > 0 ? charge with { Amount = credits.Sum(c => c.Amount!.Amount) } : null;
        return new WhatIfResult(periods[0].Key, last.Key, replayed, credits, owed, notes);
    }
}
