using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Reporting;

namespace OpenSlm.Reports;

/// <summary>
/// An agreement report as HTML: a standalone document (styles inline, charts as inline SVG, nothing fetched) that
/// reads on screen and prints on A4, and the same content as a fragment for the web UI. The numbers are those of every
/// other format, shown as <see cref="ReportText"/> shows them.
/// </summary>
public static class ReportHtml
{
    private const string Style = """
        body { font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 14px; color: #111; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.4; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 1.8rem; border-bottom: 1px solid #ccc; }
        h3 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
        .meta { color: #444; margin: .1rem 0; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
        th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
        th { border-bottom: 2px solid #111; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        .Breached { color: #a11; font-weight: bold; } .AtRisk { color: #8a5200; font-weight: bold; } .Met { color: #1d5e33; }
        .chart svg { width: 100%; height: auto; } .chart-narrow { display: none; }
        table.heat td.cell { text-align: center; font-size: .8rem; white-space: nowrap; }
        td.cell.Met { background: #d8efdd; } td.cell.AtRisk { background: #fbe7c2; } td.cell.Breached { background: #f6cccc; } td.cell.NoData { background: #eee; color: #666; }
        .wide { overflow-x: auto; }
        .notice { border: 2px solid #a11; padding: .2rem 1rem; margin: 1rem 0; } .notice p:first-child { font-weight: bold; }
        footer { margin-top: 2rem; color: #666; font-size: .8rem; overflow-wrap: anywhere; }
        @media print { body { margin: 0; max-width: none; font-size: 10pt; } h2 { break-after: avoid; } table, .chart { break-inside: avoid; } }
        @media (max-width: 40rem) { table { font-size: .85rem; } th, td { padding: .2rem; } .chart-wide { display: none; } .chart-narrow { display: block; } }
        @media print { .chart-wide { display: block; } .chart-narrow { display: none; } }
        """;

    /// <summary>A chart's size laid out for a phone (shown instead of the wide one below 40 rem).</summary>
    public const int NarrowWidth = 380, NarrowHeight = 300;

    /// <summary>The report as a standalone HTML document.</summary>
    public static string Write(AgreementReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Document(ReportText.Title(report), Fragment(report));
    }

    /// <summary>A customer's report as a standalone HTML document: its summary, then each agreement's report.</summary>
    public static string Write(CustomerReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(ReportText.Title(report))}</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{E(ReportText.Day(report.Period.First))} – {E(ReportText.Day(report.Period.Last))}; generated {E(ReportText.Time(report.GeneratedAt))}.</p>\n");
        html.Append("<h2>Summary</h2>\n<ul>\n");
        foreach (var line in report.Summary)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{E(line)}</li>\n");
        }
        html.Append("</ul>\n");
        foreach (var agreement in report.Agreements)
        {
            html.Append(Fragment(agreement, 2));
        }
        return Document(ReportText.Title(report), html.ToString());
    }

    /// <summary>The catalogue scorecard as a standalone page: the heat map (service × objective by month, worst first;
    /// each cell coloured by status and showing its attainment, so it reads in grey print too), services' attainment
    /// against cost, reviews due and coverage gaps.</summary>
    public static string Write(Scorecard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var title = $"Service level scorecard, {card.Months[0]} to {card.Months[^1]}";
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(title)}</h1>\n<p class=\"meta\">Generated {E(ReportText.Time(card.GeneratedAt))}. Worst first: most months breached, then the lowest month against its target.</p>\n");
        html.Append("<h2>Objectives by month</h2>\n<div class=\"wide\"><table class=\"heat\">\n<thead><tr><th scope=\"col\">Service</th><th scope=\"col\">Agreement</th><th scope=\"col\">Objective</th><th scope=\"col\" class=\"n\">Target</th>");
        foreach (var month in card.Months)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{E(month)}</th>");
        }
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in card.Rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(row.Service)}</td><td>{E(row.Agreement)}</td><td>{E(row.Objective)}</td><td class=\"n\">{E(ReportText.Percent(row.Target))}</td>");
            foreach (var m in row.Months)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"cell {m.Status}\" title=\"{E($"{m.Period}: {ReportText.Status(m.Status)}")}\">{E(m.Attainment is Attainment.Measured ? ReportText.Percent(m.Attainment) : "–")}</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table></div>\n");
        html.Append("<h2>Deteriorating, still met</h2>\n");
        html.Append(card.Deteriorating.Count == 0 ? "<p>No objective is heading for a breach.</p>\n" : string.Concat(card.Deteriorating.Select(r =>
            $"<p class=\"deteriorating\">{E(r.Agreement)}/{E(r.Objective)}: {E(r.Trend.Why)} ({E(ReportText.Trend(r.Trend))}; target {E(ReportText.Percent(r.Target))})</p>\n")));
        html.Append("<h2>Attainment against cost</h2>\n");
        Table(html, new ReportTable(["Service", "Tier", "Monthly cost", "Objectives", "Mean attainment", "Months breached"], [2f, 1f, 1.5f, 1f, 1.5f, 1.5f], new HashSet<int> { 1, 2, 3, 4, 5 },
            [.. card.Services.Select(v => (IReadOnlyList<string>)[v.Service, v.Tier.ToString(CultureInfo.InvariantCulture), v.MonthlyCost is { } c ? ReportText.Money(c) : "–",
                v.Objectives.ToString(CultureInfo.InvariantCulture), v.MeanAttainment is { } a ? ReportText.Percent(a) : "no data", v.MonthsBreached.ToString(CultureInfo.InvariantCulture)])]));
        html.Append("<h2>Agreements due for review</h2>\n");
        html.Append(card.Reviews.Count == 0 ? "<p>None within 30 days.</p>\n" : string.Concat(card.Reviews.Select(r =>
            $"<p>{E(r.Agreement)}: {E(ReportText.Day(r.NextReview))}{(r.Overdue ? " <strong>(overdue)</strong>" : string.Empty)}</p>\n")));
        html.Append("<h2>Gaps in coverage</h2>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>Live services no agreement covers: {E(card.ServicesWithoutAgreement.Count == 0 ? "none" : string.Join(", ", card.ServicesWithoutAgreement))}.</p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>Objectives nobody measures: {E(card.Unmeasured.Count == 0 ? "none" : string.Join(", ", card.Unmeasured.Select(u => $"{u.Agreement}/{u.Objective} ({u.Indicator})")))}.</p>\n");
        return Document(title, html.ToString());
    }

    private static string Document(string title, string body)
    {
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="OpenSLM">
            <title>{E(title)}</title>
            <style>
            {Style}
            </style>
            </head>
            <body>
            {body}
            </body>
            </html>
            """;
    }

    /// <summary>
    /// The report's content without the document around it, for a page that has its own: its title a heading of
    /// <paramref name="level"/> (1 to 4), its sections one level below, their parts two.
    /// </summary>
    public static string Fragment(AgreementReport report, int level = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 4);
        var (h1, h2, h3) = ($"h{level}", $"h{level + 1}", $"h{level + 2}");
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<article class=\"report\" data-agreement=\"{E(report.Agreement)}\" data-period=\"{E(report.Period.Key)}\" data-hash=\"{report.DataHash}\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<{h1}>{E(ReportText.Title(report))}</{h1}>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{E(ReportText.Parties(report))}</p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{E(ReportText.Dates(report))}</p>\n");
        if (report.Notices.Count > 0)
        {
            html.Append("<div class=\"notice\" role=\"alert\">\n");
            foreach (var notice in report.Notices)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>{E(notice)}</p>\n");
            }
            html.Append("</div>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<{h2}>Summary</{h2}>\n<ul>\n");
        foreach (var line in report.Summary)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{E(line)}</li>\n");
        }
        html.Append("</ul>\n");

        html.Append(CultureInfo.InvariantCulture, $"<{h2}>Objectives</{h2}>\n");
        Table(html, ReportTables.Objectives(report), statusColumn: 3, statuses: [.. report.Objectives.Select(o => o.Figures.Status)]);
        foreach (var o in report.Objectives)
        {
            html.Append(CultureInfo.InvariantCulture, $"<{h3}>{E(o.Name)}: the last {o.Trend.Count} periods</{h3}>\n");
            html.Append("<figure class=\"chart\"><div class=\"chart-wide\">").Append(TrendChart.Svg(o)).Append("</div><div class=\"chart-narrow\">")
                .Append(TrendChart.Svg(o, NarrowWidth, NarrowHeight, narrow: true)).Append("</div><figcaption>");
            html.Append(E(string.Join("; ", o.Trend.Select(f => $"{f.Period} {ReportText.Percent(f.Attainment)}"))));
            html.Append("</figcaption></figure>\n");
        }

        if (report.Tickets.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<{h2}>Tickets within target, by priority</{h2}>\n");
            Table(html, ReportTables.Tickets(report));
        }

        html.Append(CultureInfo.InvariantCulture, $"<{h2}>Breaches</{h2}>\n");
        if (report.Breaches.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(ReportText.NoBreaches)}</p>\n");
        }
        foreach (var b in report.Breaches)
        {
            html.Append(CultureInfo.InvariantCulture, $"<{h3}>{E(b.Objective)}: {E(ReportText.Time(b.PeriodStart))} – {E(ReportText.Time(b.PeriodEnd))}, closed at {E(ReportText.Percent(b.Attainment))} against {E(ReportText.Percent(b.Target))}</{h3}>\n");
            foreach (var line in ReportText.BreachLines(report, b))
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>{E(line)}</p>\n");
            }
        }

        if (report.Improvements.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<{h2}>Improvement</{h2}>\n");
            foreach (var note in report.Improvements)
            {
                html.Append(CultureInfo.InvariantCulture, $"<{h3}>{E(note.DisplayName ?? note.Plan)}: {E(note.Objective)}, {E(note.Goal)}</{h3}>\n");
                foreach (var line in ReportText.ImprovementLines(note))
                {
                    html.Append(CultureInfo.InvariantCulture, $"<p>{E(line)}</p>\n");
                }
            }
        }

        if (report.Exclusions.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<{h2}>Exclusions applied</{h2}>\n");
            Table(html, ReportTables.Exclusions(report));
        }

        if (report.Credits.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<{h2}>Service credits</{h2}>\n");
            Table(html, ReportTables.Credits(report));
            if (report.CreditsOwed is { } owed)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p><strong>Total owed for the period: {E(ReportText.Money(owed))}.</strong></p>\n");
            }
        }
        html.Append(CultureInfo.InvariantCulture, $"<footer>OpenSLM · {E(report.Agreement)} {E(report.Period.Key)} · data {report.DataHash}</footer>\n</article>\n");
        return html.ToString();
    }

    private static void Table(StringBuilder html, ReportTable table, int statusColumn = -1, IReadOnlyList<ObjectiveStatus>? statuses = null)
    {
        var (headers, numeric, rows) = (table.Headers, table.Numeric, table.Rows);
        html.Append("<table>\n<thead><tr>");
        for (var i = 0; i < headers.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\"{(numeric.Contains(i) ? " class=\"n\"" : string.Empty)}>{E(headers[i])}</th>");
        }
        html.Append("</tr></thead>\n<tbody>\n");
        var r = 0;
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                var css = numeric.Contains(i) ? "n" : i == statusColumn && statuses is not null ? statuses[r].ToString() : null;
                html.Append(CultureInfo.InvariantCulture, $"<td{(css is null ? string.Empty : $" class=\"{css}\"")}>{E(row[i])}</td>");
            }
            html.Append("</tr>\n");
            r++;
        }
        html.Append("</tbody>\n</table>\n");
    }

    /// <summary>Encodes for HTML, leaving letters and signs of every script as they are (– · € …).</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string E(string text) => Encoder.Encode(text);
}
