using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Msagl.Core.Geometry;
using Microsoft.Msagl.Core.Geometry.Curves;
using Microsoft.Msagl.Core.Layout;
using Microsoft.Msagl.Core.Routing;
using Microsoft.Msagl.Layout.Layered;
using Microsoft.Msagl.Miscellaneous;

namespace OpenSlm.Reports;

/// <summary>One service in the dependency graph: its name, its tooltip, the CSS class its status gives it, a link, and its status in words.</summary>
public sealed record GraphNode(string Name, string Label, string StatusClass, string Href, string Status);

/// <summary>
/// The services' dependency graph as SVG, laid out by Microsoft's Automatic Graph Layout (MSAGL) in layers (a service
/// above what it depends on, few crossings, boxes never overlapping) with edges routed as splines around the boxes. The
/// same graph is laid out the same way every time: nodes and edges are given in name order. Each box names its service
/// and, in words, its status (its border colour and pattern repeat it; <see cref="Legend"/> explains them).
/// </summary>
public static class DependencyDrawing
{
    private const double BoxWidth = 150, BoxHeight = 42, Margin = 12;

    /// <summary>The graph of <paramref name="nodes"/> and their <paramref name="dependsOn"/> edges (from a service to one it depends on).</summary>
    public static string Svg(IReadOnlyList<GraphNode> nodes, IReadOnlyList<(string From, string To)> dependsOn)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(dependsOn);
        var ordered = nodes.DistinctBy(n => n.Name, StringComparer.Ordinal).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        var graph = new GeometryGraph();
        var placed = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var n in ordered)
        {
            var node = new Node(CurveFactory.CreateRectangleWithRoundedCorners(BoxWidth, BoxHeight, 5, 5, new Point()), n.Name);
            graph.Nodes.Add(node);
            placed[n.Name] = node;
        }
        var edges = dependsOn.Where(e => placed.ContainsKey(e.From) && placed.ContainsKey(e.To) && e.From != e.To)
            .Distinct().OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ToList();
        foreach (var (from, to) in edges)
        {
            graph.Edges.Add(new Edge(placed[from], placed[to]) { UserData = (from, to) });
        }
        if (ordered.Count > 0)
        {
            var settings = new SugiyamaLayoutSettings { LayerSeparation = 46, NodeSeparation = 24, EdgeRoutingSettings = { EdgeRoutingMode = EdgeRoutingMode.Spline } };
            LayoutHelpers.CalculateLayout(graph, settings, null);
        }
        var box = graph.BoundingBox;
        // MSAGL's y axis points up; the page's points down.
        double X(double x) => x - box.Left + Margin;
        double Y(double y) => box.Top - y + Margin;
        string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        string At(Point p) => $"{N(X(p.X))} {N(Y(p.Y))}";

        var svg = new StringBuilder();
        var (width, height) = ordered.Count == 0 ? (2 * Margin, 2 * Margin) : (box.Width + (2 * Margin), box.Height + (2 * Margin));
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {N(width)} {N(height)}\" width=\"{N(width)}\" role=\"group\" aria-label=\"Service dependency graph: each service above the services it depends on\">\n");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker></defs>\n");
        foreach (var edge in graph.Edges)
        {
            var (from, to) = ((string, string))edge.UserData;
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"dep\" d=\"{Path(edge.Curve, At)}\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"><title>{E(from)} depends on {E(to)}</title></path>\n");
        }
        foreach (var n in ordered)
        {
            var c = placed[n.Name].Center;
            var (left, top) = (X(c.X) - (BoxWidth / 2), Y(c.Y) - (BoxHeight / 2));
            svg.Append(CultureInfo.InvariantCulture, $"<a href=\"{E(n.Href)}\" class=\"node {E(n.StatusClass)}\" data-service=\"{E(n.Name)}\"><title>{E(n.Label)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(left)}\" y=\"{N(top)}\" width=\"{N(BoxWidth)}\" height=\"{N(BoxHeight)}\" rx=\"5\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(c.X))}\" y=\"{N(top + 17)}\" text-anchor=\"middle\" font-size=\"13\">{E(Shorten(n.Name))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"status\" x=\"{N(X(c.X))}\" y=\"{N(top + 34)}\" text-anchor=\"middle\" font-size=\"11\">{E(n.Status)}</text></a>\n");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>An SVG path for an edge's route: its lines and Bézier pieces in order.</summary>
    private static string Path(ICurve? curve, Func<Point, string> at)
    {
        if (curve is null)
        {
            return "";
        }
        var d = new StringBuilder();
        d.Append("M ").Append(at(curve.Start));
        foreach (var segment in curve is Curve composite ? composite.Segments : [curve])
        {
            switch (segment)
            {
                case CubicBezierSegment bezier:
                    d.Append(" C ").Append(at(bezier.B(1))).Append(", ").Append(at(bezier.B(2))).Append(", ").Append(at(bezier.B(3)));
                    break;
                default:
                    d.Append(" L ").Append(at(segment.End));
                    break;
            }
        }
        return d.ToString();
    }

    private static string Shorten(string name) => name.Length <= 20 ? name : name[..19] + "…";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
