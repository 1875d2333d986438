using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Reporting;

/// <summary>How one objective of one closed period would be judged before and after a retroactive date: the version,
/// target, status and credit (percent of the charge) each way, and the attainment (the data does not change).</summary>
public sealed record JudgementChange(
    string Period, string Objective, decimal? Attainment,
    int? VersionBefore, decimal? TargetBefore, ObjectiveStatus? StatusBefore, decimal CreditBefore,
    int VersionAfter, decimal? TargetAfter, ObjectiveStatus? StatusAfter, decimal CreditAfter);

/// <summary>
/// What putting a version in force from an earlier day changes in the periods already closed: the reports of each such
/// period as judged now and as it would be judged, compared objective by objective. Pure: the reports are parameters.
/// </summary>
public static class Rejudgement
{
    /// <summary>
    /// Every objective of the period whose target, status or credit differs between <paramref name="before"/> (the report
    /// by the version in force now; null when none was) and <paramref name="after"/> (by the version to be put in force);
    /// an objective only one of them has counts as a change.
    /// </summary>
    public static IReadOnlyList<JudgementChange> Compare(AgreementReport? before, AgreementReport after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<JudgementChange>();
        var names = after.Objectives.Select(o => o.Name).Concat(before?.Objectives.Select(o => o.Name) ?? []).Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var was = before?.Objectives.FirstOrDefault(o => o.Name == name);
            var will = after.Objectives.FirstOrDefault(o => o.Name == name);
            var (creditWas, creditWill) = (Credit(before, name), Credit(after, name));
            if (was is not null && will is not null && was.Target == will.Target && was.Figures.Status == will.Figures.Status && creditWas == creditWill)
            {
                continue;
            }
            var attainment = (will ?? was)!.Figures.Attainment is Attainment.Measured m ? m.Percent : (decimal?)null;
            changes.Add(new JudgementChange(after.Period.Key, name, attainment,
                before?.Version, was?.Target, was?.Figures.Status, creditWas,
                after.Version, will?.Target, will?.Figures.Status, creditWill));
        }
        return changes;
    }

    private static decimal Credit(AgreementReport? report, string objective) =>
        report?.Credits.SelectMany(c => c.Lines).Where(l => l.Objective == objective).Sum(l => l.Credit) ?? 0m;
}
