using System.Globalization;
using ScottPlot;

namespace OpenSlm.Reports;

/// <summary>
/// What every chart shares: text of at least 11 px at the size it is drawn (12 px on a desk, 13 px laid out for a phone,
/// where the chart is drawn narrow rather than shrunk), the legend below the data rather than over it, and SVG that
/// scales to its box.
/// </summary>
public static class ChartStyle
{
    /// <summary>Sets the axes' and legend's text and puts the legend under the plot.</summary>
    public static void Apply(Plot plot, bool narrow)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var size = narrow ? 13f : 12f;
        foreach (var axis in new ScottPlot.IAxis[] { plot.Axes.Left, plot.Axes.Bottom })
        {
            axis.Label.FontSize = size;
            axis.TickLabelStyle.FontSize = size - 1;
        }
        plot.Legend.FontSize = size - 1;
        plot.ShowLegend(Edge.Bottom);
    }

    /// <summary>ScottPlot's SVG with a viewBox, so CSS can scale it to its box and keep its proportions.</summary>
    public static string Scalable(string svg, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(svg);
        var at = svg.IndexOf("<svg", StringComparison.Ordinal);
        return at < 0 || svg.Contains("viewBox", StringComparison.Ordinal)
            ? svg
            : svg.Insert(at + 4, string.Create(CultureInfo.InvariantCulture, $" viewBox=\"0 0 {width} {height}\""));
    }
}
