using NodaTime;
using ScottPlot;

namespace OpenSlm.Reports;

/// <summary>
/// An error budget's burn-down over the objective's window: the share of the budget left at each point (a step line),
/// against the straight line from all of it at the window's start to none at its end (the pace that spends it exactly).
/// Drawn by ScottPlot as SVG, dark on white, with the zero line marked so an exhausted budget reads in grey print too.
/// </summary>
public static class BudgetChart
{
    /// <summary>
    /// The chart as SVG markup; <paramref name="points"/> are (instant, share of budget left, 0–1) in time order, from
    /// <paramref name="windowStart"/> to <paramref name="windowEnd"/>. <paramref name="evenPace"/> draws the line that
    /// spends the budget exactly by the end (for calendar windows; a rolling window's budget has no end to pace to).
    /// </summary>
    public static string Svg(IReadOnlyList<(Instant At, decimal Left)> points, Instant windowStart, Instant windowEnd, bool evenPace, int width = 900, int height = 240, bool narrow = false)
    {
        ArgumentNullException.ThrowIfNull(points);
        TrendChart.EnsureFonts();
        using var plot = new Plot();
        plot.Font.Set(ReportFonts.Family);
        double Days(Instant at) => (at - windowStart).TotalDays;
        var total = Math.Max(Days(windowEnd), 1e-6);
        if (evenPace)
        {
            var pace = plot.Add.Line(0, 100, total, 0);
            (pace.Color, pace.LinePattern, pace.LineWidth, pace.MarkerSize) = (new Color(120, 120, 120), LinePattern.Dashed, 1f, 0f);
            pace.LegendText = "even pace";
        }
        if (points.Count > 0)
        {
            var line = plot.Add.Scatter(points.Select(p => Days(p.At)).ToArray(), points.Select(p => (double)p.Left * 100).ToArray());
            (line.Color, line.LineWidth, line.MarkerSize) = (Colors.Black, 1.8f, 0f);
            line.LegendText = "budget left";
        }
        var zero = plot.Add.HorizontalLine(0);
        (zero.Color, zero.LineWidth) = (new Color(178, 34, 34), 1f);
        zero.LegendText = "budget spent";
        var low = Math.Min(0, points.Count > 0 ? points.Min(p => (double)p.Left * 100) : 0);
        plot.Axes.SetLimitsY(low - 5, 105);
        plot.Axes.SetLimitsX(0, total);
        plot.Axes.Left.Label.Text = "budget left %";
        plot.Axes.Bottom.Label.Text = "days into the window";
        ChartStyle.Apply(plot, narrow);
        return ChartStyle.Scalable(plot.GetSvgXml(width, height), width, height);
    }
}
