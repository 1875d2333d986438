using System.Globalization;
using System.Net;
using System.Text;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Api;

/// <summary>Issue 20: problems and improvement plans through the API on both databases; a plan's effect measured from stored data.</summary>
public sealed class ImprovementApiTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static readonly Instant Now = Instant.FromUtc(2026, 8, 1, 9, 0);

    private const string Catalogue = """
        apiVersion: openslm/v1
        kind: Stakeholder
        metadata: {name: alice}
        spec: {email: alice@example.com}
        ---
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: shop}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: shop-ok}
        spec: {service: shop}
        ---
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: shop-sla}
        spec:
          kind: Expectation
          status: Active
          services: [shop]
          objectives:
            - {name: availability, indicator: shop-ok, target: 99.5, window: {rolling: 28d}}
            - {name: perfect, indicator: shop-ok, target: 100, window: {rolling: 28d}}
        ---
        apiVersion: openslm/v1
        kind: Problem
        metadata: {name: pool}
        spec: {services: [shop], category: Capacity, status: KnownError, rootCause: The pool is too small., owner: alice, opened: 2026-05-20}
        """;

    private static string Plan(string objective = "availability", string goal = "{burnFactor: 0.5}", string actions = "[{name: resize, owner: alice, due: 2026-06-10, status: Done, done: 2026-06-10}]") => $$"""
        apiVersion: openslm/v1
        kind: ImprovementPlan
        metadata: {name: resize-pool}
        spec:
          agreement: shop-sla
          objective: {{objective}}
          goal: {{goal}}
          owner: alice
          status: Active
          problems: [pool]
          actions: {{actions}}
        """;

    /// <summary>A row for every hour of the days from 13 May to 31 July (UTC): 8 bad in 1,000 before 10 June, 2 after.</summary>
    private static string Hours()
    {
        var csv = new StringBuilder("timestamp,indicator,bad,total\n");
        for (var at = Instant.FromUtc(2026, 5, 13, 1, 0); at <= Instant.FromUtc(2026, 8, 1, 0, 0); at += Duration.FromHours(1))
        {
            var day = (at - Duration.Epsilon).InUtc().Date;   // a row counts in the hour (and day) it ends
            var bad = day < new LocalDate(2026, 6, 10) ? 8 : day == new LocalDate(2026, 6, 10) ? 5 : 2;
            csv.Append(InstantPattern.ExtendedIso.Format(at)).Append(",shop-ok,").Append(bad.ToString(CultureInfo.InvariantCulture)).Append(",1000\n");
        }
        return csv.ToString();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_plan_is_refused_at_the_field_until_measurable_and_its_effect_is_the_known_change_in_its_data(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider, now: Now);
        var applied = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Catalogue));
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync());
        var stored = await api.Client.PostAsync("/api/v1/measurements", new StringContent(Hours(), Encoding.UTF8, "text/csv"));
        Assert.True(stored.IsSuccessStatusCode, await stored.Content.ReadAsStringAsync());

        // Refused at the field, nothing stored: an unknown objective, an action without owner or due date, a goal that cannot be measured.
        foreach (var (yaml, field, words) in new[]
        {
            (Plan(objective: "speed"), "spec.objective", "expected one of availability, perfect"),
            (Plan(actions: "[{name: resize, due: 2026-06-10}]"), "spec.actions[0].owner", "the stakeholder who does the action"),
            (Plan(actions: "[{name: resize, owner: alice}]"), "spec.actions[0].due", "the day the action is due"),
            (Plan(goal: "{forPeriods: 3}"), "spec.goal", "measurable"),
            (Plan(objective: "perfect"), "spec.goal.burnFactor", "no error budget to burn"),
            (Plan(actions: "[{name: resize, owner: nobody, due: 2026-06-10}]"), "spec.actions[0].owner", "does not exist"),
        })
        {
            var refused = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(yaml));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var text = await refused.Content.ReadAsStringAsync();
            Assert.Contains(field, text, StringComparison.Ordinal);
            Assert.Contains(words, text, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/improvementplans/resize-pool")).StatusCode);

        // Stored: its effect is 0.8 % bad before and 0.2 % after, exactly, significant; the burn is a quarter of what it was: halved and more.
        var created = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Plan()));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var effect = await api.GetJson("/api/v1/improvementplans/resize-pool/effect");
        Assert.Equal((0.8m, 0.2m, -0.6m), ((decimal)effect["badBefore"]!, (decimal)effect["badAfter"]!, (decimal)effect["change"]!));
        Assert.Equal((99.2m, 99.8m), ((decimal)effect["attainmentBefore"]!, (decimal)effect["attainmentAfter"]!));
        Assert.Equal((1.6m, 0.4m), ((decimal)effect["burnBefore"]!, (decimal)effect["burnAfter"]!));
        Assert.Equal(("Improved", "Met"), ((string)effect["verdict"]!, (string)effect["goalState"]!));
        Assert.Equal(("2026-05-13", "2026-06-09", "2026-06-11", "2026-07-08"),
            ((string)effect["beforeFrom"]!, (string)effect["beforeTo"]!, (string)effect["afterFrom"]!, (string)effect["afterTo"]!));

        // The agreement's report (and so its customer's) carries the plan in its improvement section, as it stands.
        var report = await api.GetJson("/api/v1/reports/agreements/shop-sla?period=2026-07");
        var note = Assert.Single(report["improvements"]!.AsArray())!;
        Assert.Equal(("resize-pool", "availability", "Met"), ((string)note["plan"]!, (string)note["objective"]!, (string)note["goalState"]!));
        Assert.Contains("improved by 0.6 points, significant", (string)note["effect"]!, StringComparison.Ordinal);

        // An attainment goal of 99.9 % on rolling 28-day windows: the one window after the actions is at 99.8 %: not met.
        Assert.True((await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Plan(goal: "{atLeast: 99.9}")))).IsSuccessStatusCode);
        var stricter = await api.GetJson("/api/v1/improvementplans/resize-pool/effect");
        Assert.Equal("NotMet", (string)stricter["goalState"]!);

        // The plan and the problem export as YAML that applies again unchanged.
        var export = await (await api.Client.GetAsync("/api/v1/export")).Content.ReadAsStringAsync();
        Assert.Contains("kind: ImprovementPlan", export, StringComparison.Ordinal);
        Assert.Contains("kind: Problem", export, StringComparison.Ordinal);
        var again = await ApiHost.Json(await api.Client.PostAsync("/api/v1/apply?dryRun=true", ApiHost.Yaml(export)));
        Assert.All(again["changes"]!.AsArray(), c => Assert.Equal("Unchanged", (string)c!["action"]!));

        // The Pareto's span: a day that does not read, or from after to, is refused naming the parameter.
        foreach (var (query, field) in new[] { ("from=31/02/2026", "from"), ("to=2026-13-01", "to"), ("from=2026-08-01&to=2026-07-01", "from"), ("from=1900-01-01&to=2026-01-01", "from") })
        {
            var bad = await api.Client.GetAsync($"/api/v1/improvement/pareto?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains($"\"{field}\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var pareto = await api.GetJson("/api/v1/improvement/pareto?from=2026-01-01&to=2026-07-31");
        Assert.Equal(("2026-01-01", "2026-07-31"), ((string)pareto["from"]!, (string)pareto["to"]!));

        // A problem referred to by a plan is not retired from under it.
        Assert.Equal(HttpStatusCode.Conflict, (await api.Client.DeleteAsync("/api/v1/problems/pool")).StatusCode);
    }
}
