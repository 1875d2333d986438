using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using OpenSlm.Cli;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Tickets;
using OpenSlm.Testing;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Api;

public sealed class TicketApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static string Policy(string p1Target) => $$"""
        apiVersion: openslm/v1
        kind: TicketPolicy
        metadata: {name: resolution}
        spec:
          pause: [{field: state, in: [Awaiting User Info]}]
          stop: [{field: state, in: [Resolved]}]
          cancel: [{field: state, in: [Canceled]}]
          targets: [{priority: "1", within: {{p1Target}}}, {priority: "*", within: 8h}]
          warnings: [50]
        """;

    private const string Objective = """
        apiVersion: openslm/v1
        kind: Customer
        metadata: {name: acme}
        ---
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: desk}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: p1-resolved-in-time}
        spec:
          service: desk
          clocks: {policy: resolution, priorities: ["1"]}
        ---
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: desk-sla}
        spec:
          kind: SLA
          customer: acme
          status: Active
          services: [desk]
          objectives:
            - {name: p1-resolution, indicator: p1-resolved-in-time, target: 90, window: {calendar: month}}
        """;

    private static Task<HttpResponseMessage> Post(ApiHost api, string json, string query = "") =>
        api.Client.PostAsync("/api/v1/tickets/events" + query, new StringContent(json, Encoding.UTF8, "application/json"));

    private static string Event(string ticket, string at, string fields) => $$"""{"ticket": "{{ticket}}", "at": "2025-03-03T{{at}}:00Z", "fields": {{fields}}}""";

    private static async Task<JsonNode> Clock(ApiHost api, string ticket, string at) =>
        (await ApiHost.Json(await api.Client.GetAsync($"/api/v1/tickets/{ticket}/clocks?at=2025-03-03T{at}:00Z")))[0]!;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_running_clock_keeps_its_policy_version_until_a_recompute_which_is_exact_and_repeatable(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Policy("4h")))).StatusCode);

        // Out of order: the third update first. 24x7: P1 opened 09:00, awaiting the user 10:00–11:00.
        Assert.Equal(HttpStatusCode.OK, (await Post(api, $"[{Event("INC1", "11:00", """{"state": "Active"}""")}]")).StatusCode);
        var batch = await ApiHost.Json(await Post(api, $$"""{"events": [{{Event("INC1", "09:00", """{"state": "New", "priority": 1}""")}}, {{Event("INC1", "10:00", """{"state": "Awaiting User Info"}""")}}]}"""));
        Assert.Equal(2, (int)batch["stored"]!);
        var clock = await Clock(api, "INC1", "12:00");
        Assert.Equal("Running", (string)clock["state"]!);
        Assert.Equal(1, (int)clock["policyVersion"]!);
        Assert.Equal("1", (string)clock["priority"]!);                     // a JSON number is kept as its text
        Assert.Equal(7200, (long)clock["elapsedSeconds"]!);
        Assert.Equal(3600, (long)clock["pausedSeconds"]!);
        Assert.Equal("2025-03-03T14:00:00Z", (string)clock["deadline"]!);
        Assert.Equal("2025-03-03T12:00:00Z", (string)clock["warnings"]![0]!["at"]!);

        // The same update again is stored once.
        Assert.Equal(0, (int)(await ApiHost.Json(await Post(api, $"[{Event("INC1", "10:00", """{"state": "Awaiting User Info"}""")}]")))["stored"]!);
        Assert.Equal(3, (await ApiHost.Json(await api.Client.GetAsync("/api/v1/tickets/INC1/events"))).AsArray().Count);

        // The policy is edited: P1 within 2h. A new ticket runs under version 2; the running clock keeps version 1.
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Policy("2h")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(api, $"[{Event("INC2", "09:00", """{"state": "New", "priority": "1"}""")}, {Event("INC1", "11:30", """{"note": "called back"}""")}]")).StatusCode);
        Assert.Equal(2, (int)(await Clock(api, "INC2", "12:00"))["policyVersion"]!);
        clock = await Clock(api, "INC1", "13:00");
        Assert.Equal(1, (int)clock["policyVersion"]!);
        Assert.Equal("Running", (string)clock["state"]!);

        // Listing by state, as of an instant: INC2 passed its deadline (11:00) while running, so it is Breached.
        var breached = await ApiHost.Json(await api.Client.GetAsync("/api/v1/clocks?state=Breached&at=2025-03-03T12:00:00Z"));
        Assert.Equal(1, (int)breached["total"]!);
        Assert.Equal("INC2", (string)breached["items"]![0]!["ticket"]!);
        Assert.Equal("2025-03-03T11:00:00Z", (string)breached["items"]![0]!["breachedAt"]!);

        // Before it runs, a recompute says what it would change: INC1 alone (INC2 already runs under version 2).
        var preview = await api.GetJson("/api/v1/ticketpolicies/resolution/recompute?at=2025-03-03T13:00:00Z");
        Assert.Equal((2, 2, 1), ((int)preview["version"]!, (int)preview["tickets"]!, (int)preview["changed"]!));
        var change = preview["changes"]![0]!;
        Assert.Equal(("INC1", 1, 2), ((string)change["ticket"]!, (int)change["before"]!["policyVersion"]!, (int)change["after"]!["policyVersion"]!));
        Assert.Equal("Running → Breached, still running; target 4h → 2h; due 2025-03-03 14:00 UTC → 2025-03-03 12:00 UTC; breached at 2025-03-03 12:00 UTC", (string)change["description"]!);
        Assert.Equal(1, (int)(await Clock(api, "INC1", "13:00"))["policyVersion"]!);        // the preview changed nothing
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/ticketpolicies/nope/recompute")).StatusCode);

        // A recompute moves INC1 to version 2: 2 h of running time were reached at 12:00.
        var recompute = await ApiHost.Json(await api.Client.PostAsync("/api/v1/ticketpolicies/resolution/recompute", null));
        Assert.Equal(2, (int)recompute["version"]!);
        Assert.Equal(2, (int)recompute["tickets"]!);
        clock = await Clock(api, "INC1", "13:00");
        Assert.Equal(2, (int)clock["policyVersion"]!);
        Assert.Equal("Breached", (string)clock["state"]!);
        Assert.Equal("2025-03-03T12:00:00Z", (string)clock["breachedAt"]!);
        Assert.Equal(0, (int)(await api.GetJson("/api/v1/ticketpolicies/resolution/recompute?at=2025-03-03T13:00:00Z"))["changed"]!);
        var first = (await ApiHost.Json(await api.Client.GetAsync("/api/v1/clocks?at=2025-03-03T13:00:00Z"))).ToJsonString();
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/ticketpolicies/resolution/recompute", null)).StatusCode);
        Assert.Equal(first, (await ApiHost.Json(await api.Client.GetAsync("/api/v1/clocks?at=2025-03-03T13:00:00Z"))).ToJsonString());

        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.PostAsync("/api/v1/ticketpolicies/nope/recompute", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/tickets/INC404/clocks")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_ticket_timeline_explains_each_update_line_by_line_under_the_version_its_clock_keeps(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Policy("4h")))).StatusCode);
        // 24x7. Opened at P3 (8 h) 09:00, awaiting the user 10:00–11:00, raised to P1 (4 h) at 11:30, breached 14:00, resolved 15:00.
        Assert.Equal(HttpStatusCode.OK, (await Post(api, "[" + string.Join(", ",
            Event("INC7", "09:00", """{"state": "New", "priority": "3", "short_description": "tills down"}"""),
            Event("INC7", "10:00", """{"state": "Awaiting User Info"}"""),
            Event("INC7", "11:00", """{"state": "Active", "short_description": "tills down"}"""),
            Event("INC7", "11:30", """{"priority": "1"}"""),
            Event("INC7", "15:00", """{"state": "Resolved"}""")) + "]")).StatusCode);

        // The policy changes afterwards; the timeline still runs the version the clock keeps (4 h for P1).
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Policy("2h")))).StatusCode);
        var response = await api.Client.GetAsync("/api/v1/tickets/INC7/timeline?at=2025-03-03T16:00:00Z");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync();
        var steps = JsonNode.Parse(json)!["steps"]!.AsArray();
        Assert.Equal(
            [
                "Update 09:00 Started: started: target 8h for priority 3, due 2025-03-03 17:00 UTC",
                "Update 10:00 Paused: paused with 1h counted and 7h left",
                "Update 11:00 Resumed: resumed with 7h left, due 2025-03-03 18:00 UTC",
                "Update 11:30 TargetMoved: priority 3 → 1: target 8h → 4h; due 2025-03-03 18:00 UTC → 2025-03-03 14:00 UTC",
                "Crossing 12:00 WarningCrossed: 50 % of the 4h target counted",
                "Crossing 14:00 Breached: breached: the 4h target ran out",
                "Update 15:00 Stopped: stopped: breached, 5h of 4h counted, 1h over",
                "Reading 16:00 ",
            ],
            steps.Select(s => $"{s!["kind"]} {((string)s["at"]!)[11..16]} " + string.Join("; ", s["changes"]!.AsArray().Select(c => $"{c!["change"]}: {c["description"]}"))));
        Assert.Equal("""{"state":"Active"}""", steps[2]!["changed"]!.ToJsonString());    // the description did not change
        Assert.All(steps, s => Assert.Equal(1, (int)s!["clocks"]![0]!["policyVersion"]!));
        Assert.Equal((await api.GetJson("/api/v1/tickets/INC7/clocks?at=2025-03-03T16:00:00Z"))[0]!.ToJsonString(), steps[^1]!["clocks"]![0]!.ToJsonString());
        Golden.AssertMatches("ticket-timeline.INC7.json", JsonNode.Parse(json)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");

        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/tickets/INC404/timeline")).StatusCode);
        var bad = await api.Client.GetAsync("/api/v1/tickets/INC7/timeline?at=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"at\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_objective_over_ticket_clocks_counts_breaches_when_they_happen_and_stops_within_target_as_good(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        var applied = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Policy("4h") + "\n---\n" + Objective));
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await Post(api, "[" + string.Join(", ",
            Event("INC1", "09:00", """{"state": "New", "priority": "1"}"""),
            Event("INC1", "10:00", """{"state": "Resolved"}"""),            // Met at 10:00
            Event("INC2", "09:00", """{"state": "New", "priority": "1"}"""),  // still running: breaches at 13:00
            Event("INC3", "09:00", """{"state": "New", "priority": "1"}"""),
            Event("INC3", "09:30", """{"state": "Canceled"}"""),           // cancelled: counts for nothing
            Event("INC4", "09:00", """{"state": "New", "priority": "3"}"""),  // another priority
            Event("INC4", "18:00", """{"state": "Resolved"}""")) + "]")).StatusCode);

        async Task<JsonNode> Evaluate(string at) =>
            (await ApiHost.Json(await api.Client.GetAsync($"/api/v1/agreements/desk-sla/evaluation?at=2025-03-03T{at}:00Z")))["objectives"]![0]!;
        var before = await Evaluate("12:00");
        Assert.Equal("Met", (string)before["status"]!);
        Assert.Equal(100m, (decimal)before["attainment"]!);
        var after = await Evaluate("14:00");
        Assert.Equal("Breached", (string)after["status"]!);
        Assert.Equal(50m, (decimal)after["attainment"]!);

        // The same per-period history as any objective: March 2025 closed with one of two P1 clocks in target.
        var history = await ApiHost.Json(await api.Client.GetAsync("/api/v1/agreements/desk-sla/evaluation/history?periods=2&at=2025-04-02T00:00:00Z"));
        var periods = history["objectives"]![0]!["periods"]!.AsArray();
        Assert.Equal(2, periods.Count);
        Assert.Equal("NoData", (string)periods[0]!["status"]!);
        Assert.Equal("Breached", (string)periods[1]!["status"]!);
        Assert.Equal(50m, (decimal)periods[1]!["attainment"]!);

        var refused = await api.Client.PostAsync("/api/v1/measurements",
            new StringContent("""[{"indicator": "p1-resolved-in-time", "timestamp": "2025-03-03T09:00:00Z", "good": 1, "total": 1}]""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("/api/v1/tickets/events", await refused.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Jira_webhooks_and_servicenow_csv_are_read_as_delivered_and_a_bad_batch_is_refused_whole(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml("""
            apiVersion: openslm/v1
            kind: TicketPolicy
            metadata: {name: jira-resolution}
            spec:
              appliesTo: [{field: issuetype, in: [Incident]}]
              stop: [{field: status, in: [Done]}]
              cancel: [{field: webhookEvent, in: ["jira:issue_deleted"]}]
              targets: [{priority: High, within: 4h}]
            """))).StatusCode);
        static string Webhook(string @event, long ms, string status) => $$$"""
            {"timestamp": {{{ms}}}, "webhookEvent": "{{{@event}}}", "user": {"displayName": "Paul E."},
             "issue": {"id": "25201", "key": "SD-154", "fields": {
               "issuetype": {"id": "10004", "name": "Incident"}, "status": {"id": "3", "name": "{{{status}}}"},
               "priority": {"id": "2", "name": "High"}, "labels": ["vpn", "emea"], "customfield_10010": {"value": "Gold"}, "assignee": null}},
             "changelog": {"items": [{"field": "status", "fromString": "To Do", "toString": "{{{status}}}"}]}}
            """;
        var created = Instant.FromUtc(2025, 3, 3, 9, 0).ToUnixTimeMilliseconds();
        Assert.Equal(HttpStatusCode.OK, (await Post(api, Webhook("jira:issue_created", created, "To Do"), "?format=jira")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(api, Webhook("jira:issue_updated", created + (90 * 60_000), "Done"), "?format=jira")).StatusCode);
        var clock = (await ApiHost.Json(await api.Client.GetAsync("/api/v1/tickets/SD-154/clocks?at=2025-03-04T00:00:00Z")))[0]!;
        Assert.Equal("Met", (string)clock["state"]!);
        Assert.Equal(5400, (long)clock["elapsedSeconds"]!);
        var fields = (await ApiHost.Json(await api.Client.GetAsync("/api/v1/tickets/SD-154/events")))[0]!["fields"]!;
        Assert.Equal("vpn, emea", (string)fields["labels"]!);
        Assert.Equal("Gold", (string)fields["customfield_10010"]!);

        var csv = """
            number,incident_state,priority,sys_updated_at,cmdb_ci
            INC0000045,New,2 - High,29-02-2016 01:23,?
            INC0000045,Resolved,2 - High,29-02-2016 11:29,?
            """;
        var servicenow = await api.Client.PostAsync("/api/v1/tickets/events?preset=servicenow", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(2, (int)(await ApiHost.Json(servicenow))["stored"]!);
        Assert.Null((await ApiHost.Json(await api.Client.GetAsync("/api/v1/tickets/INC0000045/events")))[0]!["fields"]!["cmdb_ci"]);

        var bad = await Post(api, "[" + Event("INC9", "09:00", """{"state": "New"}""") + """, {"ticket": "", "at": "yesterday", "fields": {"state": ["a"]}}]""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await ApiHost.Json(bad);
        var text = string.Join("\n", problem["errors"]!["item 2"]!.AsArray().Select(m => (string)m!));
        Assert.Contains("ticket: events[2]: is required", text);
        Assert.Contains("'yesterday' is not an instant", text);
        Assert.Contains("fields.state: events[2]: expected a string, number, boolean or null", text);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/tickets/INC9/events")).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType,
            (await api.Client.PostAsync("/api/v1/tickets/events", new StringContent("x", Encoding.UTF8, "text/plain"))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_servicenow_log_posted_to_the_api_gives_the_clocks_the_offline_engine_gives(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider);
        var policies = Cli.ClocksCommandTests.Policy("calendar: office");
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(policies))).StatusCode);
        var log = await File.ReadAllTextAsync(RepositoryPaths.InData("servicenow", "servicenow-incident-event-log.csv"));
        var posted = await api.Client.PostAsync("/api/v1/tickets/events?preset=servicenow&timeZone=Europe/London", new StringContent(log, Encoding.UTF8, "text/csv"));
        var batch = await ApiHost.Json(posted);
        Assert.Equal(5_998, (int)batch["received"]!);
        Assert.Equal(890, (int)batch["tickets"]!);

        var offline = ClocksCommand.Run(DocumentReader.Read(policies, "policy.yaml"),
            TicketCsv.ReadFile(RepositoryPaths.InData("servicenow", "servicenow-incident-event-log.csv"), TicketCsvOptions.ServiceNow with { TimeZone = "Europe/London" }),
            Instant.FromUtc(2017, 6, 1, 0, 0)).Clocks;
        var stored = new List<JsonNode>();
        for (var page = 1; ; page++)
        {
            var items = (await ApiHost.Json(await api.Client.GetAsync($"/api/v1/clocks?pageSize=500&page={page}&at=2017-06-01T00:00:00Z")))["items"]!.AsArray();
            stored.AddRange(items.Select(i => i!));
            if (items.Count < 500)
            {
                break;
            }
        }
        Assert.Equal(854, stored.Count);
        Assert.Equal(offline.Count(c => c.State == Core.Tickets.ClockState.Breached), stored.Count(c => (string)c["state"]! == "Breached"));
        var expected = offline.ToDictionary(c => c.Ticket);
        foreach (var c in stored)
        {
            var o = expected[(string)c["ticket"]!];
            Assert.Equal(o.State.ToString(), (string)c["state"]!);
            Assert.Equal(OpenSlm.Api.ClockDto.Seconds(o.Elapsed), (long)c["elapsedSeconds"]!);
            Assert.Equal(OpenSlm.Api.ClockDto.Seconds(o.Paused), (long)c["pausedSeconds"]!);
        }
    }
}
