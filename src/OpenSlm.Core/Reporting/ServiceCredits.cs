using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Reporting;

/// <summary>One objective's part in a month's credits: its attainment (percent; null for no data), the tier it fell
/// into (null when none) and the credit it earns, in percent of the charge.</summary>
public sealed record CreditLine(string Objective, decimal? Attainment, CreditTier? Tier, decimal Credit);

/// <summary>
/// The credits of one month: each objective's line, their sum, what is owed after the cap (percent of the charge) and
/// its amount in the charge's currency (null without a charge).
/// </summary>
public sealed record CreditAssessment(ReportPeriod Month, IReadOnlyList<CreditLine> Lines, decimal Earned, decimal Owed, bool Capped, Money? Amount);

/// <summary>
/// Service credits (see <see cref="CreditPolicy"/>). Pure: attainments are parameters. An objective that met its target
/// earns nothing, whatever the tiers say (a tier above an objective's target cannot charge a promise that was kept); one
/// with no data earns nothing either (no data is neither met nor breached; the report shows it). Amounts are rounded to
/// cents, half away from zero.
/// </summary>
public static class ServiceCredits
{
    /// <summary>The credits of <paramref name="month"/> from each covered objective's attainment over it and its target (percent).</summary>
    public static CreditAssessment Assess(CreditPolicy policy, Money? charge, ReportPeriod month, IReadOnlyList<(string Objective, Attainment Attainment, decimal Target)> attainments)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(attainments);
        var lines = new List<CreditLine>();
        foreach (var (objective, attainment, target) in attainments)
        {
            if (policy.Objectives.Count > 0 && !policy.Objectives.Contains(objective))
            {
                continue;
            }
            decimal? percent = attainment is Attainment.Measured m ? m.Percent : null;
            var tier = percent is { } p && p < target ? Tier(policy, p) : null;
            lines.Add(new CreditLine(objective, percent, tier, tier?.Credit ?? 0m));
        }
        var earned = lines.Sum(l => l.Credit);
        var owed = policy.Cap is { } cap && earned > cap ? cap : earned;
        var amount = charge is null ? null : charge with { Amount = decimal.Round(charge.Amount * owed / 100m, 2, MidpointRounding.AwayFromZero) };
        return new CreditAssessment(month, lines, earned, owed, owed < earned, amount);
    }

    /// <summary>Of the tiers <paramref name="attainment"/> (percent) is below, the one with the lowest threshold; null for none.</summary>
    public static CreditTier? Tier(CreditPolicy policy, decimal attainment)
    {
        ArgumentNullException.ThrowIfNull(policy);
        CreditTier? applies = null;
        foreach (var tier in policy.Tiers)
        {
            if (attainment < tier.Below && (applies is null || tier.Below < applies.Below))
            {
                applies = tier;
            }
        }
        return applies;
    }
}
