using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenSlm.Core.Evaluation;
using OpenSlm.Storage.Measurements;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Api;

public sealed class MeasurementApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private const string Indicators = """
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: web}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: web-ok}
        spec: {service: web, type: Ratio}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: web-latency}
        spec: {service: web, type: Threshold, unit: ms}
        """;

    private static async Task<ApiHost> StartAsync(string provider)
    {
        var api = await ApiHost.StartAsync(provider);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Indicators))).StatusCode);
        return api;
    }

    private static Task<HttpResponseMessage> Post(ApiHost api, string body, string type) =>
        api.Client.PostAsync("/api/v1/measurements", new StringContent(body, Encoding.UTF8, type));

    private static async Task<EventCounts> Counts(ApiHost api) =>
        (await api.Services.GetRequiredService<MeasurementStore>()
            .RatioSeriesAsync("web-ok", Instant.FromUtc(2025, 1, 1, 0, 0), Instant.FromUtc(2025, 2, 1, 0, 0)))
        .Sum(Window.Between(Instant.FromUtc(2025, 1, 1, 0, 0), Instant.FromUtc(2025, 2, 1, 0, 0)));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Counts_that_could_overflow_a_sum_are_refused_at_the_row_or_the_day_and_nothing_is_stored(string provider)
    {
        await using var api = await StartAsync(provider);
        // The reproduction: two rows of 2^62 each wrapped the day rollup and broke every page after it.
        var huge = await Post(api, """
            [{"timestamp": "2025-01-10T00:01:00Z", "indicator": "web-ok", "good": 4611686018427387904, "total": 4611686018427387904},
             {"timestamp": "2025-01-10T00:02:00Z", "indicator": "web-ok", "good": 4611686018427387904, "total": 4611686018427387904}]
            """, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("1,000,000,000,000", await huge.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Rows each within the limit that add up past a day's limit: the batch is refused whole, by the checked sum.
        var rows = Enumerable.Range(0, 1200).Select(i =>
            $"{{\"timestamp\": \"2025-01-11T{i / 60:00}:{i % 60:00}:00Z\", \"indicator\": \"web-ok\", \"good\": 1000000000000, \"total\": 1000000000000}}");
        var day = await Post(api, "[" + string.Join(",", rows) + "]", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, day.StatusCode);
        Assert.Contains("2025-01-11", await day.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await api.Services.GetRequiredService<MeasurementStore>().CountAsync("web-ok"));

        // Instants outside 1970–9000 are refused at the row; reading stays healthy.
        var early = await Post(api, """[{"timestamp": "0001-01-01T00:00:00+14:00", "indicator": "web-ok", "good": 1, "total": 1}]""", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        var late = await Post(api, "timestamp,indicator,good,total\n9999-12-31T23:59:59.9999999Z,web-ok,1,1\n", "text/csv");
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("1970", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(new EventCounts(0, 0), await Counts(api));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_json_batch_is_stored_and_sending_it_again_replaces_instead_of_doubling(string provider)
    {
        await using var api = await StartAsync(provider);
        const string batch = """
            {"measurements": [
              {"timestamp": "2025-01-10T00:02:00Z", "indicator": "web-ok", "good": 98, "total": 100},
              {"timestamp": "2025-01-10T00:01:00Z", "indicator": "web-ok", "bad": 1, "total": 100},
              {"timestamp": "2025-01-10T00:01:00Z", "indicator": "web-latency", "value": 412.5}
            ]}
            """;
        var first = await Post(api, batch, "application/json");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(3, (int)(await ApiHost.Json(first))["stored"]!);
        Assert.Equal(new EventCounts(197, 200), await Counts(api));

        Assert.Equal(HttpStatusCode.OK, (await Post(api, batch.Replace("\"good\": 98", "\"good\": 90", StringComparison.Ordinal), "application/json")).StatusCode);
        Assert.Equal(new EventCounts(189, 200), await Counts(api));
        Assert.Equal(2, await api.Services.GetRequiredService<MeasurementStore>().CountAsync("web-ok"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Csv_and_ndjson_are_accepted_and_late_data_is_reflected(string provider)
    {
        await using var api = await StartAsync(provider);
        var csv = await Post(api, "timestamp,indicator,good,total\n2025-01-20T00:00:00Z,web-ok,10,10\n", "text/csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var ndjson = await Post(api, "{\"timestamp\":\"2025-01-05T00:00:00Z\",\"indicator\":\"web-ok\",\"good\":0,\"total\":10}\n\n", "application/x-ndjson");
        Assert.Equal(HttpStatusCode.OK, ndjson.StatusCode);
        Assert.Equal(new EventCounts(10, 20), await Counts(api));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_batch_with_bad_rows_is_refused_whole_and_every_bad_row_is_named(string provider)
    {
        await using var api = await StartAsync(provider);
        const string csv = """
            timestamp,indicator,good,total
            2025-01-10T00:01:00Z,web-ok,10,10
            2025-01-10T00:02:00Z,web-gone,10,10
            2025-01-10T00:03:00Z,web-latency,10,10
            2025-01-10T00:04:00Z,web-ok,10,10
            """;
        var response = await Post(api, csv, "text/csv");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ApiHost.Json(response))["errors"]!.AsObject();
        Assert.Equal(["line 3", "line 4"], errors.Select(kv => kv.Key));
        Assert.Contains("no indicator named 'web-gone'", (string?)errors["line 3"]![0], StringComparison.Ordinal);
        Assert.Contains("Threshold indicator: give a value", (string?)errors["line 4"]![0], StringComparison.Ordinal);
        Assert.Equal(0, await api.Services.GetRequiredService<MeasurementStore>().CountAsync("web-ok"));

        var json = await Post(api, "[{\"timestamp\":\"yesterday\",\"indicator\":\"web-ok\",\"good\":1,\"total\":1}]", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Contains("measurements[1]: 'yesterday' is not an instant", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_content_type_is_415()
    {
        await using var api = await StartAsync("sqlite");
        var response = await Post(api, "<xml/>", "application/xml");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
