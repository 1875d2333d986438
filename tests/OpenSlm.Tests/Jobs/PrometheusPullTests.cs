using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Interop.Prometheus;
using OpenSlm.Jobs;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Jobs;

/// <summary>
/// The engine against PromQL on a real Prometheus: generated counters are backfilled into Prometheus with
/// promtool, pulled by OpenSLM's job, evaluated by the engine and by Prometheus at the same instants.
/// </summary>
public sealed class PrometheusPullTests
{
    private static readonly Instant T0 = Instant.FromUtc(2025, 1, 1, 0, 0);
    private static readonly Instant End = T0 + Duration.FromDays(3);
    private static readonly string[] Slos = ["checkout", "search", "login"];

    public static TheoryData<string> Providers => TestDatabase.Providers;

    /// <summary>
    /// Two counters per SLO, one sample a minute from T0 to End (both included): varying traffic, a base
    /// error rate, an incident for search, and a counter reset (a restart) for login.
    /// </summary>
    private static string OpenMetrics()
    {
        var requests = new StringBuilder("# TYPE slo_requests counter\n");
        var errors = new StringBuilder("# TYPE slo_errors counter\n");
        for (var k = 0; k < Slos.Length; k++)
        {
            var random = new Random(20250101 + k);
            long req = k == 1 ? 0 : 1_000_000L * (k + 1), err = req / 1000;
            for (var i = 0; i <= 3 * 1440; i++)
            {
                if (i > 0)
                {
                    var n = random.Next(50, 400);
                    var rate = k == 1 && i is > 2000 and < 2090 ? 0.3 : 0.002;
                    var bad = Enumerable.Range(0, n).Count(_ => random.NextDouble() < rate);
                    (req, err) = k == 2 && i == 3000 ? (n, bad) : (req + n, err + bad);
                }
                var seconds = (T0 + Duration.FromMinutes(i)).ToUnixTimeSeconds();
                requests.Append(CultureInfo.InvariantCulture, $"slo_requests_total{{slo=\"{Slos[k]}\"}} {req} {seconds}\n");
                errors.Append(CultureInfo.InvariantCulture, $"slo_errors_total{{slo=\"{Slos[k]}\"}} {err} {seconds}\n");
            }
        }
        return requests.ToString() + errors + "# EOF\n";
    }

    private static string Catalogue()
    {
        var yaml = new StringBuilder("""
            apiVersion: openslm/v1
            kind: Service
            metadata: {name: shop}
            spec: {}
            ---
            apiVersion: openslm/v1
            kind: Indicator
            metadata: {name: broken}
            spec: {service: shop, type: Ratio, source: {type: Prometheus, good: "sum(", total: "slo_requests_total"}}

            """);
        foreach (var slo in Slos)
        {
            yaml.Append(CultureInfo.InvariantCulture, $$"""
                ---
                apiVersion: openslm/v1
                kind: Indicator
                metadata: {name: {{slo}}-ok}
                spec:
                  service: shop
                  type: Ratio
                  source: {type: Prometheus, bad: 'slo_errors_total{slo="{{slo}}"}', total: 'slo_requests_total{slo="{{slo}}"}'}

                """);
        }
        yaml.Append("""
            ---
            apiVersion: openslm/v1
            kind: Agreement
            metadata: {name: shop-slo}
            spec:
              kind: Expectation
              status: Active
              services: [shop]
              objectives:

            """);
        foreach (var slo in Slos)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"    - {{name: {slo}, indicator: {slo}-ok, target: 99, window: {{rolling: 1d}}}}\n");
        }
        return yaml.ToString();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Backfilled_counters_evaluate_as_PromQL_increase_does_to_1e_9(string provider)
    {
        await using var prometheus = await PrometheusServer.StartAsync(OpenMetrics());
        var options = new PrometheusPullOptions(prometheus.Url, Duration.FromMinutes(1), Duration.FromDays(5));
        await using var api = await ApiHost.StartAsync(provider, prometheus: options, now: End);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue()))).StatusCode);

        var puller = api.Services.GetRequiredService<PrometheusPuller>();
        var outcomes = (await puller.PullAsync(End)).ToDictionary(o => o.Indicator);
        // One increase a minute after the first sample; the broken query fails alone.
        foreach (var slo in Slos)
        {
            Assert.Null(outcomes[$"{slo}-ok"].Error);
            Assert.Equal(3 * 1440, outcomes[$"{slo}-ok"].Stored);
        }
        Assert.Contains("Prometheus refused query 'sum('", outcomes["broken"].Error, StringComparison.Ordinal);
        // A second pull at the same instant has nothing new to fetch.
        Assert.DoesNotContain(await puller.PullAsync(End), o => o.Indicator != "broken");

        using var http = new HttpClient { BaseAddress = prometheus.Url };
        var client = new PrometheusClient(http);
        var compared = 0;
        foreach (var at in new[] { End, End - Duration.FromMinutes(437), T0 + Duration.FromMinutes(2060), T0 + Duration.FromDays(1) + Duration.FromMinutes(1) })
        {
            var evaluation = await api.GetJson($"/api/v1/agreements/shop-slo/evaluation?at={InstantPattern.General.Format(at)}");
            foreach (var objective in evaluation["objectives"]!.AsArray())
            {
                var slo = (string)objective!["objective"]!;
                // The 1-day window: attainment = 1 − errors ÷ requests over (t − 1d, t].
                var promAttainment = await Scalar(client, $"1 - increase(slo_errors_total{{slo=\"{slo}\"}}[1d]) / increase(slo_requests_total{{slo=\"{slo}\"}}[1d])", at);
                AssertClose(promAttainment, (double)(decimal)objective["attainment"]! / 100, $"{slo} attainment at {at}");
                foreach (var window in new[] { "5m", "30m", "1h", "6h" })
                {
                    var promBurn = await Scalar(client, $"(rate(slo_errors_total{{slo=\"{slo}\"}}[{window}]) / rate(slo_requests_total{{slo=\"{slo}\"}}[{window}])) / (1 - 0.99)", at);
                    AssertClose(promBurn, (double)(decimal)objective["burnRates"]![window]!, $"{slo} burn {window} at {at}");
                    compared++;
                }
            }
        }
        Assert.Equal(4 * 3 * 4, compared);
    }

    private static async Task<double> Scalar(PrometheusClient client, string query, Instant at)
    {
        var result = await client.QueryAsync(query, at);
        return Assert.Single(result).Samples[0].Value;
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        var scale = Math.Max(Math.Abs(expected), Math.Abs(actual));
        Assert.True(scale == 0 || Math.Abs(expected - actual) / scale <= 1e-9, $"{what}: PromQL {expected:R}, OpenSLM {actual:R}");
    }
}
