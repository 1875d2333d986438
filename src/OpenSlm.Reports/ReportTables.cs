using System.Globalization;
using OpenSlm.Core.Reporting;

namespace OpenSlm.Reports;

/// <summary>A table of a report as both HTML and PDF show it: headers, relative column widths (for PDF), the columns
/// holding numbers (aligned right) and the rows' text.</summary>
public sealed record ReportTable(IReadOnlyList<string> Headers, IReadOnlyList<float> Widths, IReadOnlySet<int> Numeric, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>The tables of an agreement report, written once for every human-readable format.</summary>
public static class ReportTables
{
    /// <summary>Each objective's target, attainment, status, budget used and units.</summary>
    public static ReportTable Objectives(AgreementReport report) => new(
        ["Objective", "Target", "Attained", "Status", "Budget used", "Events / slices", "Bad"], [3f, 1.1f, 1.3f, 1.4f, 1.3f, 1.5f, 1f], new HashSet<int> { 1, 2, 4, 5, 6 },
        [.. report.Objectives.Select(o => (IReadOnlyList<string>)[
            o.DisplayName is { } d ? $"{d} ({o.Name})" : o.Name,
            ReportText.Percent(o.Target),
            ReportText.Percent(o.Figures.Attainment),
            ReportText.Status(o.Figures.Status),
            o.Budget?.UsedRatio is { } used ? ReportText.Percent(used * 100m) : "–",
            ReportText.Count(o.Figures.Units),
            ReportText.Count(o.Figures.BadUnits)])]);

    /// <summary>Ticket clocks met and breached, by policy and priority.</summary>
    public static ReportTable Tickets(AgreementReport report) => new(
        ["Policy", "Priority", "Met", "Breached", "Within target"], [2.5f, 1.2f, 1f, 1f, 1.4f], new HashSet<int> { 2, 3, 4 },
        [.. report.Tickets.Select(t => (IReadOnlyList<string>)[t.Policy, t.Priority, Int(t.Met), Int(t.Breached),
            t.Compliance is { } share ? ReportText.Percent(share * 100m) : "–"])]);

    /// <summary>The exclusions applied.</summary>
    public static ReportTable Exclusions(AgreementReport report) => new(
        ["Calendar", "Exclusion", "From", "To", "Kind", "Reason"], [1.2f, 1.4f, 1.7f, 1.7f, 2f, 1.5f], new HashSet<int>(),
        [.. report.Exclusions.Select(e => (IReadOnlyList<string>)[e.Calendar, e.Name, ReportText.Time(e.Start), ReportText.Time(e.End), ReportText.Words(e.Kind.ToString()), e.Reason ?? "–"])]);

    /// <summary>Each month's credit lines and what is owed.</summary>
    public static ReportTable Credits(AgreementReport report) => new(
        ["Month", "Objective", "Attained", "Tier (below)", "Credit", "Why"], [1f, 1.8f, 1.1f, 1f, 1.8f, 3f], new HashSet<int> { 2, 3, 4 },
        [.. report.Credits.SelectMany(c => c.Lines.Select(l => (IReadOnlyList<string>)[c.Month.Key, l.Objective,
                l.Attainment is { } a ? ReportText.Percent(a) : "no data", l.Tier is { } t ? ReportText.Percent(t.Below) : "–", ReportText.Percent(l.Credit), l.Why])
            .Append([c.Month.Key, "owed" + (c.Capped ? $" (capped; earned {ReportText.Percent(c.Earned)})" : string.Empty), string.Empty, string.Empty,
                ReportText.Percent(c.Owed) + (c.Amount is { } m ? $" = {ReportText.Money(m)}" : string.Empty), string.Empty]))]);

    private static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);
}
