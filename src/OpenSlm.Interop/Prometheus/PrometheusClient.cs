using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;

namespace OpenSlm.Interop.Prometheus;

/// <summary>One series of a Prometheus query result: its labels and samples in time order.</summary>
public sealed record PrometheusSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(Instant At, double Value)> Samples)
{
    /// <summary>The labels as <c>{a="1", b="2"}</c>, sorted by name: the series' identity.</summary>
    public string Key => "{" + string.Join(", ", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
}

/// <summary>A query Prometheus refused or could not run, with its own error text.</summary>
public sealed class PrometheusQueryException(string message) : Exception(message);

/// <summary>
/// Prometheus' HTTP API (<c>/api/v1/query</c> and <c>/api/v1/query_range</c>), queries sent as form posts.
/// Range queries longer than Prometheus' 11,000 points per series are split into several requests and joined.
/// </summary>
public sealed class PrometheusClient(HttpClient http)
{
    /// <summary>The most points one range request asks for (Prometheus refuses more than 11,000).</summary>
    public const int MaxPointsPerRequest = 10_000;

    /// <summary>The value of <paramref name="query"/> at <paramref name="at"/>: an instant vector (or a scalar as one unlabelled series).</summary>
    public async Task<IReadOnlyList<PrometheusSeries>> QueryAsync(string query, Instant at, CancellationToken ct = default)
    {
        var data = await PostAsync("api/v1/query", query, new Dictionary<string, string> { ["time"] = Seconds(at) }, ct).ConfigureAwait(false);
        var type = data.GetProperty("resultType").GetString();
        var result = data.GetProperty("result");
        return type switch
        {
            "vector" => [.. result.EnumerateArray().Select(s => new PrometheusSeries(Labels(s), [Sample(s.GetProperty("value"))]))],
            "scalar" => [new PrometheusSeries(new Dictionary<string, string>(), [Sample(result)])],
            _ => throw new PrometheusQueryException($"query '{query}' returned a {type}, not an instant vector or a scalar."),
        };
    }

    /// <summary>
    /// <paramref name="query"/> evaluated at <paramref name="start"/>, start + step, … up to <paramref name="end"/>
    /// (both included), one series per label set.
    /// </summary>
    public async Task<IReadOnlyList<PrometheusSeries>> QueryRangeAsync(string query, Instant start, Instant end, Duration step, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, Duration.Zero);
        var merged = new Dictionary<string, (IReadOnlyDictionary<string, string> Labels, SortedDictionary<Instant, double> Samples)>(StringComparer.Ordinal);
        for (var from = start; from <= end; from += step * MaxPointsPerRequest)
        {
            var to = from + (step * (MaxPointsPerRequest - 1));
            to = to < end ? to : end;
            var data = await PostAsync("api/v1/query_range", query, new Dictionary<string, string>
            {
                ["start"] = Seconds(from),
                ["end"] = Seconds(to),
                ["step"] = step.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            }, ct).ConfigureAwait(false);
            foreach (var s in data.GetProperty("result").EnumerateArray())
            {
                var series = new PrometheusSeries(Labels(s), []);
                if (!merged.TryGetValue(series.Key, out var entry))
                {
                    entry = (series.Labels, new SortedDictionary<Instant, double>());
                    merged[series.Key] = entry;
                }
                foreach (var v in s.GetProperty("values").EnumerateArray())
                {
                    var (at, value) = Sample(v);
                    entry.Samples[at] = value;
                }
            }
        }
        return [.. merged.Values.Select(e => new PrometheusSeries(e.Labels, [.. e.Samples.Select(p => (p.Key, p.Value))]))];
    }

    private async Task<JsonElement> PostAsync(string path, string query, Dictionary<string, string> parameters, CancellationToken ct)
    {
        parameters["query"] = query;
        using var content = new FormUrlEncodedContent(parameters);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(new Uri(path, UriKind.Relative), content, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new PrometheusQueryException($"Prometheus at {http.BaseAddress} did not answer: {ex.Message}");
        }
        using (response)
        {
            JsonElement body;
            try
            {
                body = await response.Content.ReadFromJsonAsync<JsonElement>(ct).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                throw new PrometheusQueryException($"Prometheus at {http.BaseAddress} answered {(int)response.StatusCode} without a JSON body for query '{query}'.");
            }
            if (body.TryGetProperty("status", out var status) && status.GetString() == "success")
            {
                return body.GetProperty("data").Clone();
            }
            var error = body.TryGetProperty("error", out var e) ? e.GetString() : $"status {(int)response.StatusCode}";
            throw new PrometheusQueryException($"Prometheus refused query '{query}': {error}");
        }
    }

    private static Dictionary<string, string> Labels(JsonElement series) =>
        series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);

    /// <summary>A <c>[unix seconds, "value"]</c> pair.</summary>
    private static (Instant At, double Value) Sample(JsonElement pair)
    {
        var at = Instant.FromUnixTimeTicks((long)decimal.Round(pair[0].GetDecimal() * TimeSpan.TicksPerSecond));
        var text = pair[1].GetString()!;
        return (at, text switch
        {
            "NaN" => double.NaN,
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        });
    }

    private static string Seconds(Instant at) => (at.ToUnixTimeTicks() / (decimal)TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture);
}
