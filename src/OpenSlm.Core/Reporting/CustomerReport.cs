using System.Globalization;
using NodaTime;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Core.Reporting;

/// <summary>
/// Every agreement of one customer for a period: each agreement's report, a summary across them (how many met every
/// objective, which missed, credits owed per currency), and the agreements left out because no version of them is in
/// force.
/// </summary>
public sealed record CustomerReport(
    string Customer, string? DisplayName, ReportPeriod Period, Instant GeneratedAt, IReadOnlyList<AgreementReport> Agreements,
    IReadOnlyList<string> LeftOut, IReadOnlyList<string> Summary)
{
    /// <summary>The copy the customer reads: each agreement's report as <see cref="AgreementReport.ForParty"/> gives it.</summary>
    public CustomerReport ForParty() => this with { Agreements = [.. Agreements.Select(a => a.ForParty())] };

    /// <summary>Builds the customer report from its agreements' reports (and the names of those without an Active version).</summary>
    public static CustomerReport Build(string customer, string? displayName, ReportPeriod period, Instant now, IReadOnlyList<AgreementReport> agreements, IReadOnlyList<string> leftOut)
    {
        ArgumentNullException.ThrowIfNull(agreements);
        ArgumentNullException.ThrowIfNull(leftOut);
        var summary = new List<string>();
        var allMet = agreements.Count(a => a.Objectives.All(o => o.Figures.Status is ObjectiveStatus.Met or ObjectiveStatus.AtRisk));
        summary.Add($"{agreements.Count} agreement{(agreements.Count == 1 ? string.Empty : "s")} reported; {allMet} met every objective.");
        foreach (var a in agreements.Where(a => a.Objectives.Any(o => o.Figures.Status == ObjectiveStatus.Breached)))
        {
            summary.Add($"{a.DisplayName ?? a.Agreement}: {string.Join(", ", a.Objectives.Where(o => o.Figures.Status == ObjectiveStatus.Breached).Select(o => o.Name))} breached.");
        }
        foreach (var currency in agreements.Where(a => a.CreditsOwed is { Amount: > 0 }).GroupBy(a => a.CreditsOwed!.Currency, StringComparer.Ordinal))
        {
            summary.Add($"Service credits owed: {currency.Key} {currency.Sum(a => a.CreditsOwed!.Amount).ToString("N2", CultureInfo.InvariantCulture)}.");
        }
        if (leftOut.Count > 0)
        {
            summary.Add($"Not reported (no version in force): {string.Join(", ", leftOut)}.");
        }
        return new CustomerReport(customer, displayName, period, now, agreements, leftOut, summary);
    }
}
