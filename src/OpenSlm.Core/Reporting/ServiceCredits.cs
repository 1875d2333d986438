using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Reporting;

/// <summary>One objective's part in a month's credits: its attainment (percent; null for no data), its target, the tier
/// it fell into (null when none), the credit it earns (percent of the charge), and why, in words.</summary>
public sealed record CreditLine(string Objective, decimal? Attainment, CreditTier? Tier, decimal Credit, decimal Target = 0m, string Why = "");

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
    /// <summary>The credits of <paramref name="month"/> from each covered objective's attainment over it and its target (percent), by the agreement's tiers.</summary>
    public static CreditAssessment Assess(CreditPolicy policy, Money? charge, ReportPeriod month, IReadOnlyList<(string Objective, Attainment Attainment, decimal Target)> attainments)
    {
        ArgumentNullException.ThrowIfNull(attainments);
        return Assess(policy, charge, month, [.. attainments.Select(a => (a.Objective, a.Attainment, a.Target, (IReadOnlyList<CreditTier>)[]))]);
    }

    /// <summary>
    /// The credits of <paramref name="month"/>: each objective by its own tiers when it has them, else by the agreement's
    /// (<paramref name="policy"/>, null when the agreement has none) when they cover it; the sum capped by the policy's cap.
    /// </summary>
    public static CreditAssessment Assess(CreditPolicy? policy, Money? charge, ReportPeriod month,
        IReadOnlyList<(string Objective, Attainment Attainment, decimal Target, IReadOnlyList<CreditTier> Own)> attainments)
    {
        ArgumentNullException.ThrowIfNull(attainments);
        var lines = new List<CreditLine>();
        foreach (var (objective, attainment, target, own) in attainments)
        {
            var covered = own.Count > 0 || (policy is { Tiers.Count: > 0 } && (policy.Objectives.Count == 0 || policy.Objectives.Contains(objective)));
            if (!covered)
            {
                continue;
            }
            var tiers = own.Count > 0 ? own : policy!.Tiers;
            var whose = own.Count > 0 ? "its own tier" : "the agreement's tier";
            decimal? percent = attainment is Attainment.Measured m ? m.Percent : null;
            var tier = percent is { } p && p < target ? Tier(tiers, p) : null;
            var why = percent switch
            {
                null => "no data: neither met nor breached, so no credit",
                { } v when v >= target => $"met its target of {Pct(target)}: no credit",
                _ when tier is null => $"missed its target of {Pct(target)} but no tier is above {Pct(percent.Value)}: no credit",
                _ => $"below {Pct(tier.Below)} ({whose}): {Pct(tier.Credit)} of the charge",
            };
            lines.Add(new CreditLine(objective, percent, tier, tier?.Credit ?? 0m, target, why));
        }
        var earned = lines.Sum(l => l.Credit);
        var owed = policy?.Cap is { } cap && earned > cap ? cap : earned;
        var amount = charge is null ? null : charge with { Amount = decimal.Round(charge.Amount * owed / 100m, 2, MidpointRounding.AwayFromZero) };
        return new CreditAssessment(month, lines, earned, owed, owed < earned, amount);
    }

    /// <summary>Whether <paramref name="spec"/> owes credits at all: tiers of its own or of one of its objectives.</summary>
    public static bool HasCredits(AgreementSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Credits is { Tiers.Count: > 0 } || spec.Objectives.Any(o => o.Credits.Count > 0);
    }

    private static string Pct(decimal percent) => percent.ToString(System.Globalization.CultureInfo.InvariantCulture) + " %";

    /// <summary>Of the policy's tiers <paramref name="attainment"/> (percent) is below, the one with the lowest threshold; null for none.</summary>
    public static CreditTier? Tier(CreditPolicy policy, decimal attainment)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Tier(policy.Tiers, attainment);
    }

    /// <summary>Of <paramref name="tiers"/> <paramref name="attainment"/> (percent) is below, the one with the lowest threshold; null for none.</summary>
    public static CreditTier? Tier(IReadOnlyList<CreditTier> tiers, decimal attainment)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        CreditTier? applies = null;
        foreach (var tier in tiers)
        {
            if (attainment < tier.Below && (applies is null || tier.Below < applies.Below))
            {
                applies = tier;
            }
        }
        return applies;
    }
}
