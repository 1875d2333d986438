using System.Net;
using System.Text;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Api;

public sealed class OutageApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private const string Catalogue = """
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: erp}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: erp-up}
        spec:
          service: erp
          type: Availability
          outages: {observedFrom: 2025-03-01T00:00:00Z}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: erp-ok}
        spec: {service: erp}
        ---
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: erp-availability}
        spec:
          kind: Expectation
          status: Active
          services: [erp]
          objectives:
            - {name: availability, indicator: erp-up, target: 99.5, window: {calendar: month}}
        """;

    private static Task<HttpResponseMessage> Post(ApiHost api, string json) =>
        api.Client.PostAsync("/api/v1/outages", new StringContent(json, Encoding.UTF8, "application/json"));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Outages_give_availability_in_seconds_and_closing_an_open_outage_replaces_it(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue))).StatusCode);

        // Still down at the evaluation instant: counts until then.
        var open = await Post(api, """{"outages": [{"indicator": "erp-up", "start": "2025-03-10T10:00:00Z", "reference": "INC0042"}]}""");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        var during = await ApiHost.Json(await api.Client.GetAsync("/api/v1/agreements/erp-availability/evaluation?at=2025-03-10T12:00:00Z"));
        var objective = during["objectives"]![0]!;
        // 9 days 12 hours of service time (820,800 s), 2 hours down.
        Assert.Equal(7200m, (decimal)objective["budget"]!["consumed"]!);
        Assert.Equal(Math.Round(100m * (820_800 - 7_200) / 820_800, 6), Math.Round((decimal)objective["attainment"]!, 6));

        // Closed at 10:45: re-sent with its end, it replaces the open one.
        Assert.Equal(HttpStatusCode.OK, (await Post(api, """[{"indicator": "erp-up", "start": "2025-03-10T10:00:00Z", "end": "2025-03-10T10:45:00Z", "reference": "INC0042"}]""")).StatusCode);
        var month = await ApiHost.Json(await api.Client.GetAsync("/api/v1/agreements/erp-availability/evaluation?at=2025-04-01T00:00:00Z"));
        objective = month["objectives"]![0]!;
        Assert.Equal(2700m, (decimal)objective["budget"]!["consumed"]!);
        Assert.Equal("Met", (string)objective["status"]!);
        var listed = await ApiHost.Json(await api.Client.GetAsync("/api/v1/indicators/erp-up/outages"));
        Assert.Equal("2025-03-10T10:45:00Z", (string)listed[0]!["end"]!);

        // Before service time starts there is no data: never 100 %.
        var before = await ApiHost.Json(await api.Client.GetAsync("/api/v1/agreements/erp-availability/evaluation?at=2025-02-28T00:00:00Z"));
        Assert.Equal("NoData", (string)before["objectives"]![0]!["status"]!);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_bad_outage_batch_is_refused_whole_with_each_item_named(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue))).StatusCode);
        var response = await Post(api, """
            [{"indicator": "erp-up", "start": "2025-03-10T10:00:00Z", "end": "2025-03-10T11:00:00Z"},
             {"indicator": "erp-up", "start": "2025-03-10T10:00:00Z", "end": "2025-03-10T09:00:00Z"},
             {"indicator": "erp-up", "start": "soon"}]
            """);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ApiHost.Json(response))["errors"]!.AsObject();
        Assert.Contains("must be after start", errors["item 2"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("is not an instant", errors["item 3"]!.ToJsonString(), StringComparison.Ordinal);

        var wrongKind = await Post(api, """[{"indicator": "erp-ok", "start": "2025-03-10T10:00:00Z"}]""");
        Assert.Contains("is not measured from outages", await wrongKind.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Assert.IsType<System.Text.Json.Nodes.JsonArray>(await ApiHost.Json(await api.Client.GetAsync("/api/v1/indicators/erp-up/outages"))));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/indicators/no-such/outages")).StatusCode);

        var counts = await api.Client.PostAsync("/api/v1/measurements",
            new StringContent("timestamp,indicator,good,total\n2025-03-10T10:00:00Z,erp-up,1,1\n", Encoding.UTF8, "text/csv"));
        Assert.Contains("is measured from outages", await counts.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
