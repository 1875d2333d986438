using System.Globalization;
using NodaTime;
using OpenSlm.Core.Alerting;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Evaluation;
using ScottPlot;

namespace OpenSlm.Reports;

/// <summary>What happened to an objective that its charts mark on the time axis.</summary>
public enum ChartMarkKind
{
    /// <summary>A page alert opened.</summary>
    PageAlert,

    /// <summary>A ticket alert opened.</summary>
    TicketAlert,

    /// <summary>A period closed below its target (a recorded breach).</summary>
    Breach,
}

/// <summary>One mark on a chart's time axis: an alert that opened, or a period that closed breached, at <paramref name="At"/>.</summary>
public sealed record ChartMark(Instant At, ChartMarkKind Kind);

/// <summary>
/// The charts of an objective's recent history (see <see cref="ObjectiveSeries"/>), as the SLO tools draw them: the SLI
/// bucket by bucket against the target, and the burn rates the alerts read against the alert thresholds; both with the
/// alerts and breaches marked on the time axis, in the display time zone. Dark on white; no meaning by colour alone (lines
/// differ in pattern, marks in pattern and the legend names each).
/// </summary>
public static class SeriesCharts
{
    private static readonly Color PageColour = new(178, 34, 34);
    private static readonly Color TicketColour = new(204, 120, 0);
    private static readonly Color BreachColour = new(90, 0, 90);

    /// <summary>The burn-rate lines' colours and patterns, shortest look-back first.</summary>
    private static readonly (Color Colour, LinePattern Pattern)[] BurnStyles =
    [
        (Colors.Black, LinePattern.Solid),
        (new Color(31, 78, 160), LinePattern.Dashed),
        (new Color(0, 110, 90), LinePattern.DenselyDashed),
        (new Color(120, 70, 20), LinePattern.Dotted),
    ];

    /// <summary>The lowest burn rate drawn on the logarithmic axis: less is drawn at it.</summary>
    private const double LowestBurn = 0.01;

    /// <summary>The SLI per bucket (percent), with the target and warning levels (percent), as SVG.</summary>
    public static string SliSvg(ObjectiveSeries series, decimal target, decimal? warning, IReadOnlyList<ChartMark> marks, DateTimeZone zone, int width = 900, int height = 260, bool narrow = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(zone);
        TrendChart.EnsureFonts();
        using var plot = new Plot();
        plot.Font.Set(ReportFonts.Family);
        var low = (double)target;
        var labelled = false;
        foreach (var run in Runs(series.Buckets))
        {
            var xs = run.Select(b => X(b.Window.Start + ((b.Window.End - b.Window.Start) / 2), zone)).ToArray();
            var ys = run.Select(b => (double)((Attainment.Measured)b.Attainment).Percent).ToArray();
            low = Math.Min(low, ys.Min());
            var line = plot.Add.Scatter(xs, ys);
            (line.Color, line.LineWidth, line.MarkerSize) = (Colors.Black, 1.5f, run.Count == 1 ? 4f : 0f);
            if (!labelled)
            {
                line.LegendText = $"SLI per {Text(series.Range.Step)}";
                labelled = true;
            }
        }
        var targetLine = plot.Add.HorizontalLine((double)target);
        (targetLine.Color, targetLine.LinePattern, targetLine.LineWidth) = (new Color(60, 60, 60), LinePattern.Dashed, 1f);
        targetLine.LegendText = $"target {Numbers(target)} %";
        if (warning is { } w)
        {
            var warningLine = plot.Add.HorizontalLine((double)w);
            (warningLine.Color, warningLine.LinePattern, warningLine.LineWidth) = (new Color(150, 150, 150), LinePattern.Dotted, 1f);
            warningLine.LegendText = $"warning {Numbers(w)} %";
        }
        var span = Math.Max(100 - low, 0.01);
        Finish(plot, series, marks, zone, "SLI %", narrow, Math.Max(0, low - (span * 0.15)), 100 + (span * 0.05));
        return ChartStyle.Scalable(plot.GetSvgXml(width, height), width, height);
    }

    /// <summary>The burn rate over each long window of the alert conditions, with each condition's threshold, as SVG
    /// (a logarithmic axis, so 1× and 100× both read).</summary>
    public static string BurnSvg(ObjectiveSeries series, IReadOnlyList<ChartMark> marks, DateTimeZone zone, int width = 900, int height = 260, bool narrow = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(zone);
        TrendChart.EnsureFonts();
        using var plot = new Plot();
        plot.Font.Set(ReportFonts.Family);
        var (low, high) = (1.0, 1.0);
        for (var i = 0; i < series.Burns.Count; i++)
        {
            var burn = series.Burns[i];
            var (colour, pattern) = BurnStyles[Math.Min(i, BurnStyles.Length - 1)];
            var labelled = false;
            var thresholds = string.Join(", ", burn.Conditions.Select(c => $"{Severity(c.Severity)} above {Numbers(c.Factor)}"));
            foreach (var run in Runs(burn.Points))
            {
                var line = plot.Add.Scatter(run.Select(p => X(p.At, zone)).ToArray(), run.Select(p => Log(p.Rate!.Value)).ToArray());
                (line.Color, line.LinePattern, line.LineWidth, line.MarkerSize) = (colour, pattern, 1.5f, run.Count == 1 ? 4f : 0f);
                if (!labelled)
                {
                    line.LegendText = $"burn over {Text(burn.Length)} ({thresholds})";
                    labelled = true;
                }
                low = Math.Min(low, run.Min(p => Math.Max((double)p.Rate!.Value, LowestBurn)));
                high = Math.Max(high, run.Max(p => (double)p.Rate!.Value));
            }
            foreach (var condition in burn.Conditions)
            {
                var threshold = plot.Add.HorizontalLine(Log(condition.Factor));
                (threshold.Color, threshold.LinePattern, threshold.LineWidth) = (colour.WithAlpha(0.7), LinePattern.Dotted, 1f);
                high = Math.Max(high, (double)condition.Factor);
            }
        }
        var (bottom, top) = (Math.Floor(Math.Log10(low)), Math.Ceiling(Math.Log10(high * 1.5)));
        var decades = Enumerable.Range((int)bottom, (int)(top - bottom) + 1).Select(d => (double)d).ToArray();
        plot.Axes.Left.SetTicks(decades, [.. decades.Select(d => Math.Pow(10, d).ToString("0.##", CultureInfo.InvariantCulture) + "×")]);
        Finish(plot, series, marks, zone, "burn rate", narrow, bottom - 0.1, top + 0.1);
        return ChartStyle.Scalable(plot.GetSvgXml(width, height), width, height);
    }

    /// <summary>Marks the alerts and breaches, sets the time axis in <paramref name="zone"/>, the limits and the shared style
    /// (the limits last: replacing the bottom axis by a time axis forgets any set before).</summary>
    private static void Finish(Plot plot, ObjectiveSeries series, IReadOnlyList<ChartMark> marks, DateTimeZone zone, string label, bool narrow, double low, double high)
    {
        var (start, end) = (series.Span.Start, series.Span.End);
        var explained = new HashSet<ChartMarkKind>();
        foreach (var mark in marks.Where(m => m.At > start && m.At <= end))
        {
            var line = plot.Add.VerticalLine(X(mark.At, zone));
            (line.Color, line.LinePattern, line.LineWidth) = mark.Kind switch
            {
                ChartMarkKind.PageAlert => (PageColour, LinePattern.Solid, 1.2f),
                ChartMarkKind.TicketAlert => (TicketColour, LinePattern.Dashed, 1.2f),
                _ => (BreachColour, LinePattern.DenselyDashed, 2f),
            };
            if (explained.Add(mark.Kind))
            {
                line.LegendText = mark.Kind switch
                {
                    ChartMarkKind.PageAlert => "page alert opened",
                    ChartMarkKind.TicketAlert => "ticket alert opened",
                    _ => "period closed breached",
                };
            }
        }
        // Day and month as words (never 12/01, which reads two ways), the time of day within a day's range.
        var withinDays = series.Range.Length <= Duration.FromDays(2);
        plot.Axes.DateTimeTicksBottom();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.DateTimeAutomatic
        {
            LabelFormatter = t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "d MMM" : withinDays ? "HH:mm" : "d MMM HH:mm", CultureInfo.InvariantCulture),
        };
        plot.Axes.SetLimits(X(start, zone), X(end, zone), low, high);
        plot.Axes.Left.Label.Text = label;
        plot.Axes.Bottom.Label.Text = $"time ({zone.Id})";
        ChartStyle.Apply(plot, narrow);
    }

    /// <summary>The buckets with data, in runs of consecutive ones: a gap in the data is a gap in the line.</summary>
    private static List<List<SliBucket>> Runs(IReadOnlyList<SliBucket> buckets) => Split(buckets, b => b.Attainment is Attainment.Measured);

    private static List<List<(Instant At, decimal? Rate)>> Runs(IReadOnlyList<(Instant At, decimal? Rate)> points) => Split(points, p => p.Rate is not null);

    private static List<List<T>> Split<T>(IReadOnlyList<T> items, Func<T, bool> has)
    {
        var runs = new List<List<T>>();
        List<T>? current = null;
        foreach (var item in items)
        {
            if (!has(item))
            {
                current = null;
                continue;
            }
            if (current is null)
            {
                current = [];
                runs.Add(current);
            }
            current.Add(item);
        }
        return runs;
    }

    private static double X(Instant at, DateTimeZone zone) => at.InZone(zone).LocalDateTime.ToDateTimeUnspecified().ToOADate();

    private static double Log(decimal rate) => Math.Log10(Math.Max((double)rate, LowestBurn));

    private static string Numbers(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Severity(AlertSeverity severity) => severity == AlertSeverity.Page ? "page" : "ticket";

    private static string Text(Duration length) => DurationText.Format(length);
}
