using System.Globalization;
using System.Net;
using System.Text;
using GraphShape;
using GraphShape.Algorithms.Layout;
using QuikGraph;

namespace OpenSlm.Reports;

/// <summary>One service in the dependency graph: its name, what is shown, the CSS class its status gives it, and a link.</summary>
public sealed record GraphNode(string Name, string Label, string StatusClass, string Href);

/// <summary>
/// The services' dependency graph as SVG: laid out in layers by GraphShape's Sugiyama algorithm (a service above
/// what it depends on, few crossings), drawn as linked boxes with arrows to their dependencies. Each box carries its
/// status as a class and in its tooltip, so colour is never the only sign.
/// </summary>
public static class DependencyDrawing
{
    private const double BoxWidth = 150, BoxHeight = 34, Margin = 12;

    /// <summary>The graph of <paramref name="nodes"/> and their <paramref name="dependsOn"/> edges (from a service to one it depends on).</summary>
    public static string Svg(IReadOnlyList<GraphNode> nodes, IReadOnlyList<(string From, string To)> dependsOn)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(dependsOn);
        var graph = new BidirectionalGraph<string, Edge<string>>();
        graph.AddVertexRange(nodes.Select(n => n.Name));
        graph.AddEdgeRange(dependsOn.Where(e => graph.ContainsVertex(e.From) && graph.ContainsVertex(e.To) && e.From != e.To).Select(e => new Edge<string>(e.From, e.To)));
        var sizes = nodes.ToDictionary(n => n.Name, _ => new Size(BoxWidth, BoxHeight), StringComparer.Ordinal);
        var layout = new SugiyamaLayoutAlgorithm<string, Edge<string>, BidirectionalGraph<string, Edge<string>>>(
            graph, sizes, new SugiyamaLayoutParameters { LayerGap = 50, SliceGap = 30, MinimizeEdgeLength = true });
        layout.Compute();
        var centres = layout.VerticesPositions;
        var (minX, minY) = (centres.Values.Select(p => p.X).DefaultIfEmpty(0).Min() - (BoxWidth / 2), centres.Values.Select(p => p.Y).DefaultIfEmpty(0).Min() - (BoxHeight / 2));
        var (maxX, maxY) = (centres.Values.Select(p => p.X).DefaultIfEmpty(0).Max() + (BoxWidth / 2), centres.Values.Select(p => p.Y).DefaultIfEmpty(0).Max() + (BoxHeight / 2));
        double X(double x) => x - minX + Margin;
        double Y(double y) => y - minY + Margin;
        string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {N(maxX - minX + (2 * Margin))} {N(maxY - minY + (2 * Margin))}\" role=\"img\" aria-label=\"Service dependency graph: each service above the services it depends on\">\n");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker></defs>\n");
        foreach (var edge in graph.Edges)
        {
            var (from, to) = (centres[edge.Source], centres[edge.Target]);
            // From the bottom (or top) edge of one box to the facing edge of the other.
            var down = to.Y >= from.Y;
            var (y1, y2) = down ? (from.Y + (BoxHeight / 2), to.Y - (BoxHeight / 2)) : (from.Y - (BoxHeight / 2), to.Y + (BoxHeight / 2));
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"dep\" x1=\"{N(X(from.X))}\" y1=\"{N(Y(y1))}\" x2=\"{N(X(to.X))}\" y2=\"{N(Y(y2))}\" stroke=\"#555\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"><title>{E(edge.Source)} depends on {E(edge.Target)}</title></line>\n");
        }
        foreach (var node in nodes)
        {
            var c = centres[node.Name];
            svg.Append(CultureInfo.InvariantCulture, $"<a href=\"{E(node.Href)}\" class=\"node {E(node.StatusClass)}\" data-service=\"{E(node.Name)}\"><title>{E(node.Label)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(X(c.X - (BoxWidth / 2)))}\" y=\"{N(Y(c.Y - (BoxHeight / 2)))}\" width=\"{N(BoxWidth)}\" height=\"{N(BoxHeight)}\" rx=\"5\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(c.X))}\" y=\"{N(Y(c.Y) + 4)}\" text-anchor=\"middle\" font-size=\"12\">{E(Shorten(node.Name))}</text></a>\n");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Shorten(string name) => name.Length <= 20 ? name : name[..19] + "…";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
