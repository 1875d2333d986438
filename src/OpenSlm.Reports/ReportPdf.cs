using System.Globalization;
using OpenSlm.Core.Reporting;

namespace OpenSlm.Reports;

/// <summary>
/// An agreement report as PDF (PDFsharp, A4): heading, summary, the objectives' figures, a trend chart per objective
/// (ScottPlot), ticket compliance, breaches with their causes, exclusions, service credits, and on every page the data
/// hash and page number.
/// </summary>
public static class ReportPdf
{
    /// <summary>The PDF bytes of <paramref name="report"/>.</summary>
    public static byte[] Write(AgreementReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var title = $"Service level report: {report.DisplayName ?? report.Agreement}, {ReportText.Period(report.Period)}";
        using var pdf = new PdfLayout(title, $"{report.Agreement} version {report.Version}, {report.Period.Key}", report.GeneratedAt.ToDateTimeUtc());
        pdf.Heading(title, 16f);
        pdf.Paragraph(string.Join("   ·   ", new[]
        {
            $"Agreement {report.Agreement} (version {report.Version}, {report.Kind})",
            report.Customer is { } c ? $"customer {c}" : null,
            report.Services.Count > 0 ? $"services {string.Join(", ", report.Services)}" : null,
        }.OfType<string>()));
        pdf.Paragraph($"{ReportText.Day(report.Period.First)} – {ReportText.Day(report.Period.Last)}. "
            + (report.Closed ? $"Closed period; generated {ReportText.Time(report.GeneratedAt)}." : $"Open period: figures up to {ReportText.Time(report.GeneratedAt)}."));

        pdf.Heading("Summary", 12f);
        pdf.Bullets(report.Summary);

        pdf.Heading("Objectives", 12f);
        pdf.Table(["Objective", "Target", "Attained", "Status", "Budget used", "Events / slices", "Bad"],
            report.Objectives.Select(o => (IReadOnlyList<string>)[
                o.DisplayName is { } d ? $"{d} ({o.Name})" : o.Name,
                ReportText.Percent(o.Target),
                ReportText.Percent(o.Figures.Attainment),
                ReportText.Status(o.Figures.Status),
                o.Budget?.UsedRatio is { } used ? ReportText.Percent(used * 100m) : "–",
                ReportText.Count(o.Figures.Units),
                ReportText.Count(o.Figures.BadUnits)]),
            [3f, 1.1f, 1.3f, 1.4f, 1.3f, 1.5f, 1f], new HashSet<int> { 1, 2, 4, 5, 6 });

        foreach (var o in report.Objectives)
        {
            pdf.Heading($"{o.Name}: the last {o.Trend.Count} periods", 10.5f);
            pdf.Drawing(150, (canvas, area) => TrendChart.Draw(o, canvas, area));
        }

        if (report.Tickets.Count > 0)
        {
            pdf.Heading("Tickets within target, by priority", 12f);
            pdf.Table(["Policy", "Priority", "Met", "Breached", "Within target"],
                report.Tickets.Select(t => (IReadOnlyList<string>)[t.Policy, t.Priority, Int(t.Met), Int(t.Breached),
                    t.Compliance is { } share ? ReportText.Percent(share * 100m) : "–"]),
                [2.5f, 1.2f, 1f, 1f, 1.4f], new HashSet<int> { 2, 3, 4 });
        }

        pdf.Heading("Breaches", 12f);
        if (report.Breaches.Count == 0)
        {
            pdf.Paragraph("No breach was recorded for a period that ended in this report's dates.");
        }
        else
        {
            foreach (var b in report.Breaches)
            {
                pdf.Paragraph($"{b.Objective}: {ReportText.Time(b.PeriodStart)} – {ReportText.Time(b.PeriodEnd)} closed at {ReportText.Percent(b.Attainment)} against {ReportText.Percent(b.Target)}.", bold: true);
                pdf.Paragraph($"Root cause: {b.RootCause ?? "not yet diagnosed"}");
                pdf.Paragraph($"Actions: {b.Actions ?? "none recorded"}");
            }
        }

        if (report.Exclusions.Count > 0)
        {
            pdf.Heading("Exclusions applied", 12f);
            pdf.Table(["Calendar", "Exclusion", "From", "To", "Kind", "Reason"],
                report.Exclusions.Select(e => (IReadOnlyList<string>)[e.Calendar, e.Name, ReportText.Time(e.Start), ReportText.Time(e.End), Words(e.Kind.ToString()), e.Reason ?? "–"]),
                [1.2f, 1.4f, 1.7f, 1.7f, 2f, 1.5f]);
        }

        if (report.Credits.Count > 0)
        {
            pdf.Heading("Service credits", 12f);
            pdf.Table(["Month", "Objective", "Attained", "Tier (below)", "Credit"],
                report.Credits.SelectMany(c => c.Lines.Select(l => (IReadOnlyList<string>)[c.Month.Key, l.Objective,
                    l.Attainment is { } a ? ReportText.Percent(a) : "no data", l.Tier is { } t ? ReportText.Percent(t.Below) : "–", ReportText.Percent(l.Credit)])
                    .Append([c.Month.Key, "owed" + (c.Capped ? $" (capped; earned {ReportText.Percent(c.Earned)})" : string.Empty), string.Empty, string.Empty,
                        ReportText.Percent(c.Owed) + (c.Amount is { } m ? $" = {ReportText.Money(m)}" : string.Empty)])),
                [1.2f, 2.6f, 1.3f, 1.3f, 2.2f], new HashSet<int> { 2, 3, 4 });
            if (report.CreditsOwed is { } owed)
            {
                pdf.Paragraph($"Total owed for the period: {ReportText.Money(owed)}.", bold: true);
            }
        }
        return pdf.Finish($"OpenSLM · {report.Agreement} {report.Period.Key} · data {report.DataHash[..16]}");
    }

    /// <summary>PlannedMaintenance → planned maintenance.</summary>
    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? $" {char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));

    private static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);
}
