using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace OpenSlm.Interop.Yaml;

/// <summary>A place in a source file (1-based).</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}

/// <summary>One YAML document read as JSON, with where each field of it came from.</summary>
public sealed class YamlSourceDocument
{
    private readonly Dictionary<string, SourceLocation> _locations;

    internal YamlSourceDocument(JsonNode? root, Dictionary<string, SourceLocation> locations, SourceLocation start)
    {
        Root = root;
        _locations = locations;
        Start = start;
    }

    /// <summary>The document's content as a JSON tree.</summary>
    public JsonNode? Root { get; }

    /// <summary>Where the document starts.</summary>
    public SourceLocation Start { get; }

    /// <summary>
    /// Where the field at a dotted path (for example <c>spec.hours.monday[1]</c>) is written; for a
    /// missing field, the nearest enclosing one that is.
    /// </summary>
    public SourceLocation Locate(string path)
    {
        var p = path;
        while (true)
        {
            if (_locations.TryGetValue(p, out var location))
            {
                return location;
            }
            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            if (cut <= 0)
            {
                return Start;
            }
            p = p[..cut];
        }
    }
}

/// <summary>Reads YAML into JSON trees, and writes JSON trees as YAML.</summary>
public static partial class YamlJson
{
    /// <summary>
    /// Reads every document of a YAML stream. Plain scalars become numbers, true/false or null where
    /// they read as such (YAML 1.2 core schema); quoted scalars are always text. Hostile input is refused at the
    /// place it starts (see <see cref="YamlLimits"/>): a text over the size limit, nesting deeper than the depth limit,
    /// and aliases that would expand the documents past the node limit ("billion laughs") or that name the node they
    /// are inside. An alias is read as a copy of its anchor's value.
    /// </summary>
    /// <exception cref="YamlException">The text is not well-formed YAML or passes a limit; the exception carries the line.</exception>
    public static IReadOnlyList<YamlSourceDocument> Read(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > YamlLimits.MaxChars)
        {
            throw new YamlException(Mark.Empty, Mark.Empty,
                $"The text is {text.Length:N0} characters long; at most {YamlLimits.MaxChars:N0} are read.");
        }
        try
        {
            return new EventReader(file).ReadStream(new Parser(new StringReader(text)));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet fails this way on some unterminated flow collections; point at the last good token.
            var at = LastGoodToken(text, file);
            var mark = new Mark(0, at.Line, at.Column);
            throw new YamlException(mark, mark, "A flow mapping or list ({…} or […]) is not closed, or a value is malformed, at or after this line.");
        }
    }

    /// <summary>Builds JSON trees from the parser's events, counting nodes and depth as it goes.</summary>
    private sealed class EventReader(string file)
    {
        private readonly Dictionary<string, (JsonNode? Value, int Nodes)> _anchors = new(StringComparer.Ordinal);
        private int _nodes;

        public List<YamlSourceDocument> ReadStream(Parser parser)
        {
            var documents = new List<YamlSourceDocument>();
            parser.Consume<StreamStart>();
            while (!parser.TryConsume<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                _anchors.Clear();
                var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
                var start = Locate(file, parser.Current!.Start);
                var root = Node(parser, string.Empty, 1, locations, out _);
                parser.Consume<DocumentEnd>();
                documents.Add(new YamlSourceDocument(root, locations, start));
            }
            return documents;
        }

        private void Count(ParsingEvent at, int nodes)
        {
            _nodes += nodes;
            if (_nodes > YamlLimits.MaxNodes)
            {
                throw new YamlException(at.Start, at.End,
                    $"The text holds (or its aliases expand to) more than {YamlLimits.MaxNodes:N0} values; at most {YamlLimits.MaxNodes:N0} are read.");
            }
        }

        private JsonNode? Node(Parser parser, string path, int depth, Dictionary<string, SourceLocation> locations, out int nodes)
        {
            var current = parser.Current!;
            if (depth > YamlLimits.MaxDepth)
            {
                throw new YamlException(current.Start, current.End, $"The values nest more than {YamlLimits.MaxDepth} deep; at most {YamlLimits.MaxDepth} levels are read.");
            }
            locations.TryAdd(path, Locate(file, current.Start));
            JsonNode? value;
            string? anchor = null;
            switch (current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                    {
                        throw new YamlException(alias.Start, alias.End,
                            $"The alias *{alias.Value.Value} names no anchor written before it outside this value (an alias cannot repeat the value it is inside).");
                    }
                    Count(alias, anchored.Nodes);
                    nodes = anchored.Nodes;
                    return anchored.Value?.DeepClone();
                case Scalar scalar:
                    parser.MoveNext();
                    anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
                    value = ScalarValue(scalar);
                    nodes = 1;
                    Count(scalar, 1);
                    break;
                case SequenceStart seq:
                    parser.MoveNext();
                    anchor = seq.Anchor.IsEmpty ? null : seq.Anchor.Value;
                    Count(seq, 1);
                    nodes = 1;
                    var array = new JsonArray();
                    var i = 0;
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        array.Add(Node(parser, $"{path}[{i++}]", depth + 1, locations, out var n));
                        nodes += n;
                    }
                    value = array;
                    break;
                case MappingStart map:
                    parser.MoveNext();
                    anchor = map.Anchor.IsEmpty ? null : map.Anchor.Value;
                    Count(map, 1);
                    nodes = 1;
                    var obj = new JsonObject();
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        if (parser.Current is not Scalar keyScalar)
                        {
                            throw new YamlException(parser.Current!.Start, parser.Current.End, "A mapping key must be text.");
                        }
                        parser.MoveNext();
                        var key = keyScalar.Value;
                        if (obj.ContainsKey(key))
                        {
                            throw new YamlException(keyScalar.Start, keyScalar.End, $"The key '{key}' appears twice in the same mapping.");
                        }
                        var childPath = path.Length == 0 ? key : $"{path}.{key}";
                        locations[childPath] = Locate(file, keyScalar.Start);
                        obj[key] = Node(parser, childPath, depth + 1, locations, out var n);
                        nodes += n;
                    }
                    value = obj;
                    break;
                default:
                    throw new YamlException(current.Start, current.End, "Unsupported YAML node.");
            }
            if (anchor is not null)
            {
                _anchors[anchor] = (value, nodes);
            }
            return value;
        }

        private static JsonValue? ScalarValue(Scalar scalar)
        {
            if (scalar.Style is ScalarStyle.Plain)
            {
                return Typed(scalar.Value) switch
                {
                    null => null,
                    bool b => JsonValue.Create(b),
                    decimal d => JsonValue.Create(d),
                    double f => JsonValue.Create(f),
                    string s => JsonValue.Create(s),
                    _ => throw new InvalidOperationException(),
                };
            }
            return JsonValue.Create(scalar.Value);
        }
    }

    /// <summary>Where the last token that scanned cleanly ends, for errors the parser cannot place.</summary>
    public static SourceLocation LastGoodToken(string text, string file)
    {
        var scanner = new Scanner(new StringReader(text));
        var last = new SourceLocation(file, 1, 1);
        try
        {
            while (scanner.MoveNext())
            {
                last = Locate(file, scanner.Current!.End);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or YamlException)
        {
            // the failure is at or after `last`
        }
        return last;
    }

    /// <summary>Writes a JSON tree as block-style YAML. Text that would read back as another type is quoted.</summary>
    public static YamlNode ToYaml(JsonNode? node) => node switch
    {
        null => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
        JsonObject obj => new YamlMappingNode(obj.Select(kv => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(kv.Key), ToYaml(kv.Value)))),
        JsonArray array => Sequence(array),
        JsonValue value => Scalar(value),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    /// <summary>Writes documents as one YAML stream, separated by <c>---</c>.</summary>
    public static string Write(IEnumerable<JsonNode> documents)
    {
        var stream = new YamlStream(documents.Select(d => new YamlDocument(ToYaml(d))));
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var first = true;
        foreach (var doc in stream.Documents)
        {
            if (!first)
            {
                writer.Write("---\n");
            }
            first = false;
            var single = new YamlStream(doc);
            using var part = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
            single.Save(part, assignAnchors: false);
            var body = part.ToString();
            // YamlDotNet ends each document with an explicit end marker; one stream separator is enough.
            body = body.EndsWith("...\n", StringComparison.Ordinal) ? body[..^4] : body;
            writer.Write(body);
        }
        return writer.ToString();
    }

    private static YamlSequenceNode Sequence(JsonArray array)
    {
        var seq = new YamlSequenceNode(array.Select(ToYaml));
        // Short lists of scalars read best inline: [a, b].
        if (array.Count <= 8 && array.All(n => n is JsonValue v && v.ToString().Length < 40))
        {
            seq.Style = SequenceStyle.Flow;
        }
        return seq;
    }

    private static YamlScalarNode Scalar(JsonValue value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => Text(value.GetValue<string>()),
        System.Text.Json.JsonValueKind.True => new YamlScalarNode("true"),
        System.Text.Json.JsonValueKind.False => new YamlScalarNode("false"),
        System.Text.Json.JsonValueKind.Number => new YamlScalarNode(value.ToJsonString()),
        _ => new YamlScalarNode("null"),
    };

    private static YamlScalarNode Text(string s)
    {
        var needsQuotes = s.Length == 0 || PlainWouldChangeType(s) || s != s.Trim();
        return new YamlScalarNode(s) { Style = needsQuotes ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };
    }

    private static bool PlainWouldChangeType(string s) => Typed(s) is not string;

    /// <summary>YAML 1.2 core schema resolution of a plain scalar.</summary>
    private static object? Typed(string s)
    {
        if (s.Length == 0 || s is "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (s is "true" or "True" or "TRUE")
        {
            return true;
        }
        if (s is "false" or "False" or "FALSE")
        {
            return false;
        }
        if (IntPattern().IsMatch(s) || FloatPattern().IsMatch(s))
        {
            if (decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                return d;
            }
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && double.IsFinite(f))
            {
                return f;
            }
        }
        return s;
    }

    private static SourceLocation Locate(string file, Mark mark) => new(file, (int)mark.Line, (int)mark.Column);

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
