using OpenSlm.Core.Reporting;

namespace OpenSlm.Reports;

/// <summary>
/// An agreement report as PDF (A4): heading, summary, the objectives' figures, a trend chart per objective, ticket
/// compliance, breaches with their causes, exclusions, service credits, and on every page the data hash and page number.
/// </summary>
public static class ReportPdf
{
    /// <summary>The PDF bytes of <paramref name="report"/>.</summary>
    public static byte[] Write(AgreementReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var pdf = new PdfLayout(ReportText.Title(report), $"{report.Agreement} version {report.Version}, {report.Period.Key}", report.GeneratedAt.ToDateTimeUtc());
        Into(pdf, report, 16f);
        return pdf.Finish($"OpenSLM · {report.Agreement} {report.Period.Key} · data {report.DataHash[..16]}");
    }

    /// <summary>The PDF bytes of a customer's report: its summary, then each agreement's report on a new page.</summary>
    public static byte[] Write(CustomerReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var title = ReportText.Title(report);
        using var pdf = new PdfLayout(title, $"{report.Customer}, {report.Period.Key}", report.GeneratedAt.ToDateTimeUtc());
        pdf.Heading(title, 16f);
        pdf.Paragraph($"{ReportText.Day(report.Period.First)} – {ReportText.Day(report.Period.Last)}; generated {ReportText.Time(report.GeneratedAt)}.");
        pdf.Heading("Summary", 12f);
        pdf.Bullets(report.Summary);
        foreach (var agreement in report.Agreements)
        {
            pdf.PageBreak();
            Into(pdf, agreement, 14f);
        }
        return pdf.Finish($"OpenSLM · {report.Customer} {report.Period.Key}");
    }

    private static void Into(PdfLayout pdf, AgreementReport report, float titleSize)
    {
        pdf.Heading(ReportText.Title(report), titleSize);
        pdf.Paragraph(ReportText.Parties(report));
        pdf.Paragraph(ReportText.Dates(report));
        foreach (var (notice, i) in report.Notices.Select((n, i) => (n, i)))
        {
            pdf.Paragraph(notice, bold: i == 0);
        }

        pdf.Heading("Summary", 12f);
        pdf.Bullets(report.Summary);

        pdf.Heading("Objectives", 12f);
        pdf.Table(ReportTables.Objectives(report));
        foreach (var o in report.Objectives)
        {
            pdf.Heading($"{o.Name}: the last {o.Trend.Count} periods", 10.5f);
            pdf.Drawing(150, (canvas, area) => TrendChart.Draw(o, canvas, area));
        }

        if (report.Tickets.Count > 0)
        {
            pdf.Heading("Tickets within target, by priority", 12f);
            pdf.Table(ReportTables.Tickets(report));
        }

        pdf.Heading("Breaches", 12f);
        if (report.Breaches.Count == 0)
        {
            pdf.Paragraph(ReportText.NoBreaches);
        }
        foreach (var b in report.Breaches)
        {
            pdf.Paragraph($"{b.Objective}: {ReportText.Time(b.PeriodStart)} – {ReportText.Time(b.PeriodEnd)} closed at {ReportText.Percent(b.Attainment)} against {ReportText.Percent(b.Target)}.", bold: true);
            foreach (var line in ReportText.BreachLines(report, b))
            {
                pdf.Paragraph(line);
            }
        }

        if (report.Improvements.Count > 0)
        {
            pdf.Heading("Improvement", 12f);
            foreach (var note in report.Improvements)
            {
                pdf.Paragraph($"{note.DisplayName ?? note.Plan}: {note.Objective}, {note.Goal}.", bold: true);
                foreach (var line in ReportText.ImprovementLines(note))
                {
                    pdf.Paragraph(line);
                }
            }
        }

        if (report.Exclusions.Count > 0)
        {
            pdf.Heading("Exclusions applied", 12f);
            pdf.Table(ReportTables.Exclusions(report));
        }

        if (report.Credits.Count > 0)
        {
            pdf.Heading("Service credits", 12f);
            pdf.Table(ReportTables.Credits(report));
            if (report.CreditsOwed is { } owed)
            {
                pdf.Paragraph($"Total owed for the period: {ReportText.Money(owed)}.", bold: true);
            }
        }
        pdf.Paragraph($"Data hash: {report.DataHash}");
    }
}
