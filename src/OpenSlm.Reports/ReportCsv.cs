using System.Globalization;
using System.Text;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Reporting;

namespace OpenSlm.Reports;

/// <summary>Writes agreement reports as CSV: one row per figure, each row saying what it is.</summary>
/// <remarks>
/// Columns: <c>record</c> (objective: the report period's figures; trend: one earlier period; tickets; breach; credit:
/// one objective's line of a month; credits: the month's total), then <c>period, objective, priority, target,
/// attainment, status, units, bad_units, budget_used, met, breached, credit, amount, currency, note</c>. Percentages
/// are percent; numbers are written exactly, with '.' for decimals.
/// </remarks>
public static class ReportCsv
{
    private static readonly string[] Header =
        ["agreement", "version", "record", "period", "objective", "priority", "target", "attainment", "status", "units", "bad_units", "budget_used", "met", "breached", "credit", "amount", "currency", "note"];

    /// <summary>A customer's report as CSV: every agreement's rows under one header.</summary>
    public static string Write(CustomerReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder(string.Join(',', Header)).Append('\n');
        foreach (var agreement in report.Agreements)
        {
            var rows = Write(agreement);
            text.Append(rows, rows.IndexOf('\n', StringComparison.Ordinal) + 1, rows.Length - rows.IndexOf('\n', StringComparison.Ordinal) - 1);
        }
        return text.ToString();
    }

    /// <summary>The report as CSV text.</summary>
    public static string Write(AgreementReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = CsvHelper.CsvWriter.Create(text, new CsvHelper.CsvWriterOptions { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture }, true);
        foreach (var h in Header)
        {
            csv.WriteField(h);
        }
        csv.EndRecord();
        void Row(string record, string period, string? objective = null, string? priority = null, decimal? target = null, decimal? attainment = null,
            string? status = null, decimal? units = null, decimal? bad = null, decimal? budget = null, int? met = null, int? breached = null,
            decimal? credit = null, decimal? amount = null, string? currency = null, string? note = null)
        {
            csv.WriteField(CsvCell.Text(report.Agreement));
            csv.WriteField(report.Version);
            foreach (var field in new object?[] { record, period, objective, priority, target, attainment, status, units, bad, budget, met, breached, credit, amount, currency, note })
            {
                csv.WriteField(field switch
                {
                    null => string.Empty,
                    decimal d => Core.Numbers.Normalize(d).ToString(CultureInfo.InvariantCulture),
                    int i => i.ToString(CultureInfo.InvariantCulture),
                    _ => CsvCell.Text(field.ToString()),
                });
            }
            csv.EndRecord();
        }
        foreach (var notice in report.Notices)
        {
            Row("notice", report.Period.Key, note: notice);
        }
        foreach (var o in report.Objectives)
        {
            Row("objective", report.Period.Key, o.Name, target: o.Target, attainment: Percent(o.Figures.Attainment), status: o.Figures.Status.ToString(),
                units: o.Figures.Units, bad: o.Figures.BadUnits, budget: o.Budget?.UsedRatio * 100m);
        }
        foreach (var o in report.Objectives)
        {
            foreach (var f in o.Trend.Take(o.Trend.Count - 1))
            {
                Row("trend", f.Period, o.Name, target: o.Target, attainment: Percent(f.Attainment), status: f.Status.ToString(), units: f.Units, bad: f.BadUnits);
            }
        }
        foreach (var t in report.Tickets)
        {
            Row("tickets", report.Period.Key, priority: t.Priority, attainment: t.Compliance * 100m, met: t.Met, breached: t.Breached, note: t.Policy);
        }
        foreach (var b in report.Breaches)
        {
            Row("breach", $"{b.PeriodStart}..{b.PeriodEnd}", b.Objective, target: b.Target, attainment: b.Attainment, note: report.PartyCopy ? b.Statement : b.RootCause);
        }
        foreach (var i in report.Improvements)
        {
            Row("improvement", report.Period.Key, i.Objective, status: i.GoalState, note: $"{i.Plan}: {i.Goal}; {i.Status}; {i.Why}");
        }
        foreach (var c in report.Credits)
        {
            foreach (var l in c.Lines)
            {
                Row("credit", c.Month.Key, l.Objective, target: l.Tier?.Below, attainment: l.Attainment, credit: l.Credit, note: l.Why);
            }
            Row("credits", c.Month.Key, credit: c.Owed, amount: c.Amount?.Amount, currency: c.Amount?.Currency, note: c.Capped ? $"capped (earned {c.Earned.ToString(CultureInfo.InvariantCulture)})" : null);
        }
        csv.Flush();
        return text.ToString();
    }

    private static decimal? Percent(Attainment a) => a is Attainment.Measured m ? m.Percent : null;
}
