using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Jobs;
using OpenSlm.Storage.Jobs;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Api;

public sealed class AlertApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static readonly Instant Now = Instant.FromUtc(2025, 3, 20, 12, 0);

    private const string Catalogue = """
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: web-shop}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: web-ok}
        spec: {service: web-shop}
        ---
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: web-shop-slo}
        spec:
          kind: Expectation
          status: Active
          services: [web-shop]
          objectives:
            - {name: availability, indicator: web-ok, target: 99.9, window: {calendar: month}}
        """;

    private static async Task Ingest(ApiHost api, string csv) =>
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/measurements", new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Alerts_are_acknowledged_with_a_note_one_or_many_at_once_and_snoozed_until_a_time_with_a_reason(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider, now: Now);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue))).StatusCode);
        await MinuteCsv.PostAsync(api, "web-ok", Now, 3 * 24 * 60, ago => ago < 60 ? 20 : 0);
        var opened = (await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null)))["opened"]!.AsArray();
        var (page, ticket) = ((long)opened.Single(a => (string)a!["severity"]! == "Page")!["id"]!, (long)opened.Single(a => (string)a!["severity"]! == "Ticket")!["id"]!);

        // A bulk acknowledgement with an unknown id, or too many ids, or no ids, acknowledges nothing.
        var unknown = await api.SendJson(HttpMethod.Post, "/api/v1/alerts/acknowledge", $$"""{"ids": [{{page}}, 999]}""");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("No alert 999 exists; nothing was acknowledged", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var many = await api.SendJson(HttpMethod.Post, "/api/v1/alerts/acknowledge", $$"""{"ids": [{{string.Join(", ", Enumerable.Range(1, 501))}}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        Assert.Contains("at most 500", await many.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.SendJson(HttpMethod.Post, "/api/v1/alerts/acknowledge", """{"ids": []}""")).StatusCode);
        Assert.Equal(2, (int)(await api.GetJson("/api/v1/alerts?state=Open"))["total"]!);

        // A note too long is refused; then both at once, with one note.
        var longNote = await api.SendJson(HttpMethod.Post, $"/api/v1/alerts/{page}/acknowledge", $$"""{"note": "{{new string('x', 1001)}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, longNote.StatusCode);
        Assert.Contains("\"note\"", await longNote.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var both = await ApiHost.Json(await api.SendJson(HttpMethod.Post, "/api/v1/alerts/acknowledge", $$"""{"ids": [{{ticket}}, {{page}}], "note": "INC0042: load balancer rolled back"}"""));
        Assert.Equal([ticket, page], both.AsArray().Select(a => (long)a!["id"]!));
        Assert.All(both.AsArray(), a => Assert.Equal(("Acknowledged", ApiHost.Actor, "INC0042: load balancer rolled back"),
            ((string)a!["state"]!, (string)a["acknowledgedBy"]!, (string)a["acknowledgeNote"]!)));

        // A snooze needs an end within 30 days and a reason, each refused by name.
        async Task<(HttpStatusCode Status, string Body)> Snooze(long id, string json)
        {
            var answer = await api.SendJson(HttpMethod.Post, $"/api/v1/alerts/{id}/snooze", json);
            return (answer.StatusCode, await answer.Content.ReadAsStringAsync());
        }
        var noReason = await Snooze(page, """{"until": "2025-03-20T14:00:00Z"}""");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.Status);
        Assert.Contains("\"reason\"", noReason.Body, StringComparison.Ordinal);
        Assert.Contains("must be after now", (await Snooze(page, """{"until": "2025-03-20T11:00:00Z", "reason": "fix deploying"}""")).Body, StringComparison.Ordinal);
        Assert.Contains("within 30 days", (await Snooze(page, """{"until": "2025-04-30T12:00:00Z", "reason": "fix deploying"}""")).Body, StringComparison.Ordinal);
        Assert.Contains("'tomorrow' is not an instant", (await Snooze(page, """{"until": "tomorrow", "reason": "fix deploying"}""")).Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Snooze(999, """{"until": "2025-03-20T14:00:00Z", "reason": "fix deploying"}""")).Status);
        var snoozed = await Snooze(page, """{"until": "2025-03-20T14:00:00Z", "reason": "CHG0043 deploys the fix at 13:30"}""");
        Assert.Equal(HttpStatusCode.OK, snoozed.Status);
        var alert = System.Text.Json.Nodes.JsonNode.Parse(snoozed.Body)!;
        Assert.Equal(("2025-03-20T14:00:00Z", ApiHost.Actor, "CHG0043 deploys the fix at 13:30"), ((string)alert["snoozedUntil"]!, (string)alert["snoozedBy"]!, (string)alert["snoozeReason"]!));

        // A resolved alert has no reminders to keep quiet.
        Assert.Equal(HttpStatusCode.OK, (await api.Client.DeleteAsync("/api/v1/agreements/web-shop-slo")).StatusCode);
        await api.Client.PostAsync("/api/v1/alerts/evaluate", null);
        Assert.Equal(HttpStatusCode.Conflict, (await Snooze(page, """{"until": "2025-03-20T14:00:00Z", "reason": "late"}""")).Status);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_fast_burn_opens_one_page_which_is_acknowledged_and_resolves_when_the_burn_stops_and_a_breached_month_is_recorded(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider, now: Now);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue))).StatusCode);
        // February closed at 99 % (one measurement a day, 10 bad in 1,000); March: three clean days, then 2 % failing for the last hour.
        var february = new StringBuilder("timestamp,indicator,bad,total\n");
        for (var day = 1; day <= 28; day++)
        {
            february.Append(InstantPattern.ExtendedIso.Format(Instant.FromUtc(2025, 2, day, 12, 0))).Append(",web-ok,10,1000\n");
        }
        await Ingest(api, february.ToString());
        await MinuteCsv.PostAsync(api, "web-ok", Now, 3 * 24 * 60, ago => ago < 60 ? 20 : 0);

        var round = await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null));
        // A page for the burn, and a ticket: at this burn the month's budget runs out before 31 March.
        var opened = round["opened"]!.AsArray();
        Assert.Equal(["BurnRate/Page", "ProjectedBreach/Ticket"], opened.Select(a => $"{a!["kind"]}/{a["severity"]}").Order(StringComparer.Ordinal));
        var page = opened.Single(a => (string)a!["kind"]! == "BurnRate")!;
        Assert.Equal("Open", (string)page["state"]!);
        Assert.Contains("2 % of the error budget would burn in 1h", (string)page["reason"]!, StringComparison.Ordinal);
        Assert.Equal("web-shop-slo/availability", (string)page["evaluation"]!["name"]!);
        var breach = Assert.Single(round["breaches"]!.AsArray())!;
        Assert.Equal(("2025-02-01T00:00:00Z", 99m), ((string)breach["periodStart"]!, (decimal)breach["attainment"]!));

        // The next round finds the same condition: still one open alert, no second breach record.
        var again = await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null));
        Assert.Empty(again["opened"]!.AsArray());
        Assert.Empty(again["breaches"]!.AsArray());
        Assert.Equal(2, (int)(await api.GetJson("/api/v1/alerts?state=Open"))["total"]!);

        var id = (long)page["id"]!;
        var acked = await ApiHost.Json(await api.Client.PostAsync($"/api/v1/alerts/{id}/acknowledge", null));
        Assert.Equal(("Acknowledged", ApiHost.Actor), ((string)acked["state"]!, (string)acked["acknowledgedBy"]!));

        // Ten clean minutes later the 5-minute window is clean: the page resolves (the projected breach stays open).
        api.Clock.Advance(Duration.FromMinutes(10));
        await MinuteCsv.PostAsync(api, "web-ok", Now + Duration.FromMinutes(10), 10, _ => 0);
        var later = await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null));
        Assert.Equal(id, (long)Assert.Single(later["resolved"]!.AsArray())!["id"]!);
        Assert.Equal(0, (int)(await api.GetJson("/api/v1/alerts?state=Acknowledged"))["total"]!);
        Assert.Equal("ProjectedBreach", (string)(await api.GetJson("/api/v1/alerts?state=Open"))["items"]![0]!["kind"]!);
        Assert.Equal("Resolved", (string)(await api.GetJson($"/api/v1/alerts?state=Resolved"))["items"]![0]!["state"]!);

        var diagnosed = await api.SendJson(HttpMethod.Put, $"/api/v1/breaches/{(long)breach["id"]!}/diagnosis", """{"rootCause": "CHG0042 misconfigured the load balancer", "actions": "Canary every change"}""");
        Assert.Equal("CHG0042 misconfigured the load balancer", (string)(await ApiHost.Json(diagnosed))["rootCause"]!);
        Assert.Equal(ApiHost.Actor, (string)(await api.GetJson("/api/v1/breaches"))[0]!["updatedBy"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Client.GetAsync("/api/v1/alerts?state=Snoozed")).StatusCode);

        // Retiring the agreement leaves nothing to hold its last alert open: the next round resolves it.
        Assert.Equal(HttpStatusCode.OK, (await api.Client.DeleteAsync("/api/v1/agreements/web-shop-slo")).StatusCode);
        var retired = await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null));
        Assert.Equal("ProjectedBreach", (string)Assert.Single(retired["resolved"]!.AsArray())!["kind"]!);
        Assert.Equal(0, (int)(await api.GetJson("/api/v1/alerts?state=Open"))["total"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.PostAsync("/api/v1/alerts/999/acknowledge", null)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task One_objective_failing_never_stops_the_round_for_the_others_and_it_is_tried_again_next_round(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider, now: Now);
        var twoObjectives = Catalogue + "\n    - {name: broken, indicator: web-ok, target: 99.9, window: {calendar: month}}\n";
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(twoObjectives))).StatusCode);
        await MinuteCsv.PostAsync(api, "web-ok", Now, 120, ago => ago < 60 ? 20 : 0);   // both burn

        // The store refuses every alert of one objective, as a full disk or a broken constraint would.
        var target = api.Services.GetRequiredService<OpenSlm.Storage.DatabaseTarget>();
        await using (var db = target.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync(provider == "sqlite"
                ? "CREATE TRIGGER broken BEFORE INSERT ON alerts WHEN NEW.objective = 'broken' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;"
                : "CREATE FUNCTION fail_broken() RETURNS trigger AS $$ BEGIN IF NEW.objective = 'broken' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; " +
                  "CREATE TRIGGER broken BEFORE INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION fail_broken();");
        }
        var first = await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null));
        var failed = Assert.Single(first["failed"]!.AsArray())!;
        Assert.Equal(("web-shop-slo", "broken"), ((string)failed["agreement"]!, (string)failed["objective"]!));
        Assert.Contains("disk on fire", (string)failed["error"]!, StringComparison.Ordinal);
        Assert.Equal(2, (int)first["objectives"]!);
        Assert.NotEmpty(first["opened"]!.AsArray());
        Assert.All(first["opened"]!.AsArray(), a => Assert.Equal("availability", (string)a!["objective"]!));

        await using (var db = target.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync(provider == "sqlite" ? "DROP TRIGGER broken" : "DROP TRIGGER broken ON alerts");
        }
        var second = await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null));
        Assert.Empty(second["failed"]!.AsArray());
        Assert.NotEmpty(second["opened"]!.AsArray());
        Assert.All(second["opened"]!.AsArray(), a => Assert.Equal("broken", (string)a!["objective"]!));   // tried again, and nothing of the other opened twice
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Of_two_instances_one_evaluates_until_its_lease_lapses(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider, now: Now);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue))).StatusCode);
        await MinuteCsv.PostAsync(api, "web-ok", Now, 120, ago => ago < 60 ? 20 : 0);
        AlertEvaluator Instance() => ActivatorUtilities.CreateInstance<AlertEvaluator>(api.Services);
        var (a, b) = (Instance(), Instance());

        var rounds = await Task.WhenAll(a.RunOnceAsync(Now, default), b.RunOnceAsync(Now, default));
        Assert.Single(rounds, r => r is not null);
        var holder = rounds[0] is not null ? a : b;
        var other = holder == a ? b : a;
        var beat = LeasedJobService.Beat;
        Assert.Null(await other.RunOnceAsync(Now + beat, default));                                  // the lease still runs
        Assert.True(await holder.RenewAsync(Now + beat, default));                                    // and is renewed by its holder's heartbeat
        Assert.Null(await other.RunOnceAsync(Now + beat + JobLeases.Length - Duration.FromSeconds(1), default));
        Assert.NotNull(await other.RunOnceAsync(Now + beat + JobLeases.Length + Duration.FromSeconds(1), default));   // lapsed: the other takes over
        // Burn-rate alerts (a page, and a ticket: the day so far burns at 10) and the month's Breached status, once each.
        var alerts = (await api.GetJson("/api/v1/alerts"))["items"]!.AsArray();
        Assert.Equal(["BurnRate/Page", "BurnRate/Ticket", "Status/Ticket"], alerts.Select(a => $"{a!["kind"]}/{a["severity"]}").Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_objectiveʼs_alerting_terms_turn_alerts_off_or_raise_a_ticket_when_data_stops(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider, now: Now);
        var yaml = Catalogue.Replace("spec: {service: web-shop}", "spec: {service: web-shop}\n---\napiVersion: openslm/v1\nkind: Indicator\nmetadata: {name: batch-ok}\nspec: {service: web-shop}", StringComparison.Ordinal)
            .Replace("- {name: availability, indicator: web-ok, target: 99.9, window: {calendar: month}}",
                "- {name: availability, indicator: web-ok, target: 99.9, window: {calendar: month}, alerting: {enabled: false}}\n" +
                "    - {name: batch, indicator: batch-ok, target: 99, window: {rolling: 7d}, alerting: {noDataAfter: 30m, burnRates: [], projectedBreach: false}}",
                StringComparison.Ordinal);
        var applied = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(yaml));
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync());
        await MinuteCsv.PostAsync(api, "web-ok", Now, 3 * 24 * 60, ago => ago < 60 ? 20 : 0);   // burning, but alerts are off
        await MinuteCsv.PostAsync(api, "batch-ok", Now - Duration.FromHours(2), 60, _ => 0);    // stopped 2 h ago

        var round = await ApiHost.Json(await api.Client.PostAsync("/api/v1/alerts/evaluate", null));
        var alert = Assert.Single(round["opened"]!.AsArray())!;
        Assert.Equal(("batch", "NoData", "Ticket"), ((string)alert["objective"]!, (string)alert["kind"]!, (string)alert["severity"]!));
        Assert.Contains("No measurement since 2025-03-20T10:00:00Z", (string)alert["reason"]!, StringComparison.Ordinal);

        var bad = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(yaml.Replace("burnRates: []", "burnRates: [{severity: Page, budgetPercent: 2, shortWindow: 1h, longWindow: 5m}]", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("objectives[1].alerting.burnRates[0].shortWindow: must be shorter than longWindow", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
