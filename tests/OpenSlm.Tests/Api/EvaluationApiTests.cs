using System.Net;
using System.Text;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Api;

public sealed class EvaluationApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private const string Catalogue = """
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: web}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: web-ok}
        spec: {service: web}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: web-latency}
        spec: {service: web, type: Threshold, unit: ms}
        ---
        apiVersion: openslm/v1
        kind: Calendar
        metadata: {name: always}
        spec:
          timeZone: Europe/London
          exclusions:
            - {name: incident-42, start: 2025-01-02T11:30:00Z, end: 2025-01-02T12:30:00Z, kind: AgreedDisruption}
        ---
        apiVersion: openslm/v1
        kind: Calendar
        metadata: {name: office}
        spec:
          timeZone: Europe/London
          hours: {monday: ["09:00-17:00"], tuesday: ["09:00-17:00"], wednesday: ["09:00-17:00"], thursday: ["09:00-17:00"], friday: ["09:00-17:00"]}
          holidays: [{date: 2025-01-01, name: New Year's Day}]
        ---
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: web-sla}
        spec:
          kind: Expectation
          status: Active
          services: [web]
          objectives:
            - {name: availability, indicator: web-ok, target: 99, window: {rolling: 1d}, calendar: always}
            - {name: fast, indicator: web-latency, target: 90, window: {rolling: 1d}, threshold: {op: Lt, value: 500}}
            - {name: office-hours, indicator: web-ok, target: 99, window: {rolling: 1d}, calendar: office}
        """;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Objectives_are_evaluated_from_stored_measurements_with_exclusions_and_thresholds(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue))).StatusCode);

        // 48 hourly measurements from 2025-01-01T01:00Z: 99 of 100 good, except 50 of 100 at 2 Jan 12:00 (inside the exclusion);
        // latency 400 ms, except 900 ms at 2 Jan 05:00 and 06:00.
        var csv = new StringBuilder("timestamp,indicator,good,total\n");
        var values = new StringBuilder("timestamp,indicator,value\n");
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var h = 1; h <= 48; h++)
        {
            var t = start.AddHours(h);
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{t:yyyy-MM-ddTHH:mm:ssZ},web-ok,{(h == 36 ? 50 : 99)},100\n");
            values.Append(System.Globalization.CultureInfo.InvariantCulture, $"{t:yyyy-MM-ddTHH:mm:ssZ},web-latency,{(h is 29 or 30 ? 900 : 400)}\n");
        }
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/measurements", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/measurements", new StringContent(values.ToString(), Encoding.UTF8, "text/csv"))).StatusCode);

        var result = await api.GetJson("/api/v1/agreements/web-sla/evaluation?at=2025-01-03T00:00:00Z");
        Assert.Equal((1, "Active"), ((int)result["version"]!, (string?)result["status"]));
        var objectives = result["objectives"]!.AsArray();

        var availability = objectives[0]!;
        // (2 Jan 00:00, 3 Jan 00:00]: 24 hours, the 12:00 one excluded → 2,277 of 2,300 = 99 % exactly
        Assert.Equal(99m, (decimal)availability["attainment"]!);
        Assert.Equal("Met", (string?)availability["status"]);
        Assert.Equal((23m, 23m), ((decimal)availability["budget"]!["total"]!, (decimal)availability["budget"]!["consumed"]!));
        Assert.Equal(1m, (decimal)availability["burnRates"]!["1d"]!);

        var fast = objectives[1]!;
        Assert.Equal(100m * 22m / 24m, (decimal)fast["attainment"]!, 20);
        Assert.Equal("Met", (string?)fast["status"]);

        // Business hours: only 2 Jan 09:00 … 16:00 count (17:00 is closing time), the 50 % one at 12:00 among them.
        var office = objectives[2]!;
        Assert.Equal(100m * ((7 * 99) + 50) / 800m, (decimal)office["attainment"]!);
        Assert.Equal("Breached", (string?)office["status"]);
        Assert.Equal((8m, 57m), ((decimal)office["budget"]!["total"]!, (decimal)office["budget"]!["consumed"]!));

        // history: two whole days before 3 Jan 00:00 for the rolling 1-day objectives
        var history = await api.GetJson("/api/v1/agreements/web-sla/evaluation/history?at=2025-01-03T00:00:00Z&periods=3");
        var days = history["objectives"]![0]!["periods"]!.AsArray();
        Assert.Equal(["2024-12-31T00:00:00Z", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"], days.Select(d => (string)d!["start"]!));
        Assert.Equal(["NoData", "Met", "Met"], days.Select(d => (string)d!["status"]!));
        Assert.Null(days[0]!["attainment"]);
        Assert.Equal(99m, (decimal)days[1]!["attainment"]!);   // 1 Jan: 24 hours of 99 %
        // 1 Jan is a holiday in the office calendar: measured, but none of it counts.
        Assert.Equal(["NoData", "NoData", "Breached"], history["objectives"]![2]!["periods"]!.AsArray().Select(d => (string)d!["status"]!));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Client.GetAsync("/api/v1/agreements/web-sla/evaluation/history?periods=0")).StatusCode);

        // The charts' figures: the last day in 10-minute buckets, each the attainment the engine gives that bucket; the burn
        // rates the alerts read at each bucket's end, with the thresholds of the workbook's conditions scaled to a 1-day window.
        var series = await api.GetJson("/api/v1/agreements/web-sla/evaluation/series?at=2025-01-03T00:00:00Z&range=1d");
        Assert.Equal(("1d", "10m"), ((string?)series["range"], (string?)series["step"]));
        var buckets = series["objectives"]![0]!["buckets"]!.AsArray();
        Assert.Equal(144, buckets.Count);
        Assert.Equal(("2025-01-02T00:00:00Z", "2025-01-03T00:00:00Z"), ((string?)buckets[0]!["start"], (string?)buckets[^1]!["end"]));
        // A measurement an hour: the bucket ending on the hour holds it; the 12:00 one lies in the exclusion, so no data.
        var at = buckets.ToDictionary(b => (string)b!["end"]!);
        Assert.Equal((99m, 100m, 1m), ((decimal)at["2025-01-02T11:00:00Z"]!["attainment"]!, (decimal)at["2025-01-02T11:00:00Z"]!["units"]!, (decimal)at["2025-01-02T11:00:00Z"]!["badUnits"]!));
        Assert.Null(at["2025-01-02T12:00:00Z"]!["attainment"]);
        Assert.Null(at["2025-01-02T11:50:00Z"]!["attainment"]);
        var burns = series["objectives"]![0]!["burns"]!.AsArray();
        Assert.Equal(["1h", "6h", "1d", "3d"], burns.Select(b => (string)b!["window"]!));
        var day = burns[2]!;
        // 10 % of a 1-day window's budget in 1d: a burn of 0.1 opens a ticket.
        Assert.Equal(("Ticket", 0.1m), ((string?)day["conditions"]![0]!["severity"], (decimal)day["conditions"]![0]!["factor"]!));
        // At the last point the 1d burn is the evaluation's own: 1 (the budget spent exactly).
        Assert.Equal(1m, (decimal)day["points"]!.AsArray()[^1]!["rate"]!);
        var badRange = await api.Client.GetAsync("/api/v1/agreements/web-sla/evaluation/series?range=2w");
        Assert.Equal(HttpStatusCode.BadRequest, badRange.StatusCode);
        Assert.Contains("expected one of 1d, 7d, 30d, 90d", await badRange.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var early = await api.GetJson("/api/v1/agreements/web-sla/evaluation?at=2024-12-01T00:00:00Z");
        Assert.Equal("NoData", (string?)early["objectives"]![0]!["status"]);
        Assert.Null(early["objectives"]![0]!["attainment"]);
    }

    [Fact]
    public async Task A_bad_instant_or_an_unknown_agreement_is_a_problem()
    {
        await using var api = await ApiHost.StartAsync("sqlite");
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/agreements/nope/evaluation")).StatusCode);
        await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue));
        var bad = await api.Client.GetAsync("/api/v1/agreements/web-sla/evaluation?at=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'yesterday' is not an instant", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
