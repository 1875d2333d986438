using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Core.Indicators;

namespace OpenSlm.Web;

/// <summary>
/// The indicator editor's fields: what it measures and where its measurements come from (sent to the API, pulled from
/// Prometheus, outage records, or ticket clocks), the chosen one's fields only; a field filled for another is refused
/// rather than dropped unseen.
/// </summary>
public static class IndicatorForm
{
    /// <summary>Measurements are sent to the API (no source, outages or clocks).</summary>
    public const string Pushed = "pushed";

    /// <summary>The choices of "Measured from", as (value, label).</summary>
    public static IReadOnlyList<(string Value, string Label)> Sources { get; } =
    [
        (Pushed, "measurements sent to the API"),
        ("prometheus", "Prometheus queries"),
        ("outages", "outage records"),
        ("clocks", "ticket clocks"),
    ];

    /// <summary>The Prometheus fields, as (field and spec name, label).</summary>
    public static IReadOnlyList<(string Id, string Label)> PrometheusFields { get; } =
    [
        ("good", "Good events query"),
        ("bad", "Bad events query (instead of good)"),
        ("total", "Total events query"),
        ("query", "Value query"),
    ];

    private static readonly Dictionary<string, string[]> FieldsOf = new(StringComparer.Ordinal)
    {
        ["prometheus"] = ["good", "bad", "total", "query"],
        ["outages"] = ["observedFrom"],
        ["clocks"] = ["policy", "priorities"],
    };

    /// <summary>Where an indicator's measurements come from: one of the <see cref="Sources"/>' values.</summary>
    public static string From(IndicatorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Clocks is not null ? "clocks" : spec.Outages is not null ? "outages" : spec.Source is not null ? "prometheus" : Pushed;
    }

    /// <summary>Where an indicator's measurements come from, in words ("Prometheus queries").</summary>
    public static string FromLabel(IndicatorSpec spec) => Sources.First(s => s.Value == From(spec)).Label;

    /// <summary>The form's values for a stored indicator, times shown in <paramref name="zone"/>.</summary>
    public static Dictionary<string, string?> Values(IndicatorSpec spec, long revision, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new(StringComparer.Ordinal)
        {
            ["revision"] = revision.ToString(CultureInfo.InvariantCulture),
            ["service"] = spec.Service,
            ["type"] = spec.Type.ToString(),
            ["unit"] = spec.Unit,
            ["description"] = spec.Description,
            ["from"] = From(spec),
            ["good"] = spec.Source?.Good,
            ["bad"] = spec.Source?.Bad,
            ["total"] = spec.Source?.Total,
            ["query"] = spec.Source?.Query,
            ["observedFrom"] = spec.Outages is { } o ? TimeField.Show(o.ObservedFrom, zone) : null,
            ["policy"] = spec.Clocks?.Policy,
            ["priorities"] = spec.Clocks is { } c ? string.Join(", ", c.Priorities) : null,
        };
    }

    /// <summary>
    /// <paramref name="spec"/> (the stored spec's JSON, or an empty one) with the form's values in place, or the refusals
    /// the form itself makes: a field filled for a source not chosen, an unknown choice, an observed-from time that does
    /// not read in <paramref name="zone"/>. What the spec's own rules refuse is left to the write path.
    /// </summary>
    public static (JsonObject Spec, FormErrors Errors) Spec(JsonObject spec, Func<string, string?> value, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(value);
        var errors = new FormErrors();
        WebWrites.Set(spec, "service", WebWrites.Text(value("service")));
        WebWrites.Set(spec, "type", WebWrites.Text(value("type")));
        WebWrites.Set(spec, "unit", WebWrites.Text(value("unit")));
        WebWrites.Set(spec, "description", WebWrites.Text(value("description")));
        var from = value("from")?.Trim() ?? Pushed;
        var label = Sources.FirstOrDefault(s => s.Value == from).Label;
        if (label is null)
        {
            errors.Add("from", $"'{from}' is not a choice: expected one of {string.Join(", ", Sources.Select(s => s.Value))}.");
            return (spec, errors);
        }
        foreach (var (source, fields) in FieldsOf.Where(f => f.Key != from))
        {
            foreach (var field in fields.Where(f => !string.IsNullOrWhiteSpace(value(f))))
            {
                errors.Add(field, $"is filled, but the indicator is measured from {label}: clear it, or choose {Sources.First(s => s.Value == source).Label} under Measured from.");
            }
        }
        foreach (var other in new[] { "source", "outages", "clocks" })
        {
            if (other != from switch { "prometheus" => "source", _ => from })
            {
                spec.Remove(other);
            }
        }
        switch (from)
        {
            case "prometheus":
                var source = spec["source"] as JsonObject ?? new JsonObject { ["type"] = "Prometheus" };
                foreach (var (id, _) in PrometheusFields)
                {
                    WebWrites.Set(source, id, WebWrites.Text(value(id)));
                }
                spec["source"] = source;
                break;
            case "outages":
                var (at, error) = TimeField.Parse(value("observedFrom"), zone);
                if (at is { } observed)
                {
                    spec["outages"] = new JsonObject { ["observedFrom"] = InstantPattern.ExtendedIso.Format(observed) };
                }
                else
                {
                    errors.Add("observedFrom", error!);
                }
                break;
            case "clocks":
                var clocks = new JsonObject();
                WebWrites.Set(clocks, "policy", WebWrites.Text(value("policy")));
                clocks["priorities"] = new JsonArray([.. (value("priorities") ?? string.Empty)
                    .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p => (JsonNode)JsonValue.Create(p))]);
                spec["clocks"] = clocks;
                break;
        }
        return (spec, errors);
    }

    /// <summary>The field a spec path lands on: spec.source.total → total, spec.outages.observedFrom → observedFrom, spec.clocks → from.</summary>
    public static string FieldOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var p = path.StartsWith("spec.", StringComparison.Ordinal) ? path[5..] : path;
        return p switch
        {
            "service" or "type" or "unit" or "description" => p,
            "source.good" or "source.bad" or "source.total" or "source.query" => p[7..],
            "outages.observedFrom" => "observedFrom",
            "clocks.policy" => "policy",
            _ when p.StartsWith("clocks.priorities", StringComparison.Ordinal) => "priorities",
            _ when p.StartsWith("source", StringComparison.Ordinal) || p.StartsWith("outages", StringComparison.Ordinal) || p.StartsWith("clocks", StringComparison.Ordinal) => "from",
            _ => string.Empty,
        };
    }
}
