using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Reporting;
using ScottPlot;
using SkiaSharp;

namespace OpenSlm.Reports;

/// <summary>
/// An objective's attainment over the report's trend periods, against its target (and warning level): a line of the
/// periods' attainment, each point coloured by its status, with the target dashed. Drawn by ScottPlot, in the report
/// typeface, as vectors into a PDF page or as SVG (for HTML); readable in print (dark on white, no meaning carried by colour alone:
/// a breached period is also marked with a cross).
/// </summary>
public static class TrendChart
{
    private static readonly Lock Gate = new();
    private static bool _fontsReady;

    /// <summary>Draws the chart, as vectors, into <paramref name="area"/> of <paramref name="canvas"/> (a PDF page).</summary>
    public static void Draw(ObjectiveReport objective, SKCanvas canvas, SKRect area)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        using var plot = Build(objective, narrow: false);
        plot.Render(canvas, new PixelRect(new Pixel(area.Left, area.Top), new Pixel(area.Right, area.Bottom)));
    }

    /// <summary>The chart as SVG markup that scales to its box; <paramref name="narrow"/> lays it out for a phone's width.</summary>
    public static string Svg(ObjectiveReport objective, int width = 900, int height = 260, bool narrow = false)
    {
        using var plot = Build(objective, narrow);
        return ChartStyle.Scalable(plot.GetSvgXml(width, height), width, height);
    }

    private static Plot Build(ObjectiveReport objective, bool narrow)
    {
        EnsureFonts();
        var plot = new Plot();
        plot.Font.Set(ReportFonts.Family);
        var points = objective.Trend.Select((f, i) => (Index: (double)i, f.Status, Value: f.Attainment is Attainment.Measured m ? (double?)(double)m.Percent : null)).ToList();
        var measured = points.Where(p => p.Value is not null).ToList();
        if (measured.Count > 0)
        {
            var line = plot.Add.Scatter(measured.Select(p => p.Index).ToArray(), measured.Select(p => p.Value!.Value).ToArray());
            line.Color = Colors.Black;
            line.LineWidth = 1.5f;
            line.MarkerSize = 0;
            var explained = new HashSet<ObjectiveStatus>();
            foreach (var p in measured)
            {
                var marker = plot.Add.Marker(p.Index, p.Value!.Value);
                (marker.Color, marker.Shape, marker.Size) = p.Status switch
                {
                    ObjectiveStatus.Breached => (new Color(178, 34, 34), MarkerShape.Eks, 11f),
                    ObjectiveStatus.AtRisk => (new Color(204, 120, 0), MarkerShape.FilledTriangleUp, 9f),
                    _ => (new Color(34, 110, 60), MarkerShape.FilledCircle, 7f),
                };
                // Each kind of marker is named once in the legend.
                var kind = p.Status is ObjectiveStatus.Breached or ObjectiveStatus.AtRisk ? p.Status : ObjectiveStatus.Met;
                if (explained.Add(kind))
                {
                    marker.LegendText = ReportText.Status(kind).ToLowerInvariant();
                }
            }
        }
        var target = (double)objective.Target;
        var targetLine = plot.Add.HorizontalLine(target);
        (targetLine.Color, targetLine.LinePattern, targetLine.LineWidth) = (new Color(60, 60, 60), LinePattern.Dashed, 1f);
        targetLine.LegendText = $"target {objective.Target} %";
        if (objective.Warning is { } warning)
        {
            var warningLine = plot.Add.HorizontalLine((double)warning);
            (warningLine.Color, warningLine.LinePattern, warningLine.LineWidth) = (new Color(150, 150, 150), LinePattern.Dotted, 1f);
            warningLine.LegendText = $"warning {warning} %";
        }
        var low = Math.Min(target, measured.Count > 0 ? measured.Min(p => p.Value!.Value) : target);
        var span = Math.Max(100 - low, 0.01);
        plot.Axes.SetLimitsY(Math.Max(0, low - (span * 0.15)), 100 + (span * 0.05));
        plot.Axes.SetLimitsX(-0.5, points.Count - 0.5);
        plot.Axes.Bottom.SetTicks([.. points.Select(p => p.Index)], [.. objective.Trend.Select(f => Label(f.Period))]);
        plot.Axes.Left.Label.Text = "attainment %";
        ChartStyle.Apply(plot, narrow);
        return plot;
    }

    /// <summary>A period key as a short axis label: 2024-04 → Apr 24, 2025-Q1 → Q1 25; others as they are.</summary>
    private static string Label(string period) =>
        period.Length == 7 && period[4] == '-' && int.TryParse(period.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var month)
            ? $"{System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(month)} {period[2..4]}"
            : period.Length == 7 && period[5] == 'Q' ? $"{period[5..]} {period[2..4]}" : period;

    /// <summary>Registers the report typeface with ScottPlot once.</summary>
    internal static void EnsureFonts()
    {
        lock (Gate)
        {
            if (_fontsReady)
            {
                return;
            }
            Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
            Fonts.Default = ReportFonts.Family;
            _fontsReady = true;
        }
    }

    /// <summary>Gives ScottPlot the embedded DejaVu Sans faces.</summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == ReportFonts.Family ? (bold ? ReportFonts.BoldTypeface : ReportFonts.RegularTypeface) : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);
    }
}
