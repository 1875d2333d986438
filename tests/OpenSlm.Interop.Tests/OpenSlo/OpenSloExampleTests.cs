using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Indicators;
using OpenSlm.Interop.Documents;

namespace OpenSlm.Interop.Tests.OpenSlo;

/// <summary>The OpenSLO project's own examples (tests/data/openslo), read as published.</summary>
public sealed class OpenSloExampleTests
{
    private static ReadResult Example(string path) => DocumentReader.ReadPath(Path.Combine(Fixtures.OpenSloExamples, path));

    [Fact]
    public void An_occurrences_slo_with_a_threshold_metric_becomes_an_indicator_and_an_expectation()
    {
        var result = Example("budgeting-method/occurences-slo.yaml");
        Assert.True(result.Ok, string.Join("; ", result.Errors));
        var indicator = result.Documents.Single(d => d.Kind == ResourceKind.Indicator);
        Assert.Equal("search-latency", indicator.Name);
        Assert.Equal(IndicatorType.Threshold, ((IndicatorSpec)indicator.Spec).Type);
        Assert.Equal("web-shop", ((IndicatorSpec)indicator.Spec).Service);

        var agreement = result.Documents.Single(d => d.Kind == ResourceKind.Agreement);
        var spec = (AgreementSpec)agreement.Spec;
        Assert.Equal("search-slo", agreement.Name);
        Assert.Equal(AgreementKind.Expectation, spec.Kind);
        Assert.Equal(VersionStatus.Active, spec.Status);
        Assert.Equal(["web-shop"], spec.Services);
        var objective = Assert.Single(spec.Objectives);
        Assert.Equal("good-experience", objective.Name);
        Assert.Equal(99m, objective.Target);
        Assert.Equal("2w", objective.Window.Rolling);
        Assert.Equal(new Threshold { Op = ThresholdOperator.Lt, Value = 500 }, objective.Threshold);
        Assert.Equal(BudgetingMethod.Occurrences, objective.Budgeting);
    }

    [Fact]
    public void A_ratio_timeslices_slo_keeps_its_slice_window()
    {
        var result = Example("budgeting-method/ratio-timeslices.yaml");
        Assert.True(result.Ok, string.Join("; ", result.Errors));
        var objective = Assert.Single(((AgreementSpec)result.Documents.Single(d => d.Kind == ResourceKind.Agreement).Spec).Objectives);
        Assert.Equal(BudgetingMethod.RatioTimeslices, objective.Budgeting);
        Assert.Equal("1m", objective.TimeSlice!.Window);
        Assert.Null(objective.Threshold);
        Assert.Equal(99m, objective.Target);
    }

    [Fact]
    public void A_calendar_week_window_in_a_time_zone_brings_a_24x7_calendar_of_that_zone()
    {
        var result = Example("treat-low-traffic-as-equally-important/timeslices-slo.yaml");
        Assert.True(result.Ok, string.Join("; ", result.Errors));
        var calendar = result.Documents.Single(d => d.Kind == ResourceKind.Calendar);
        Assert.Equal("24x7-america-new-york", calendar.Name);
        var objective = Assert.Single(((AgreementSpec)result.Documents.Single(d => d.Kind == ResourceKind.Agreement).Spec).Objectives);
        Assert.Equal(CalendarPeriod.Week, objective.Window.Calendar);
        Assert.Equal("24x7-america-new-york", objective.Calendar);
        Assert.Equal(99.95m, objective.Target);
        Assert.Equal(95m, objective.TimeSlice!.Target);
        Assert.Equal(BudgetingMethod.Timeslices, objective.Budgeting);
    }

    [Fact]
    public void A_calendar_window_of_one_minute_is_refused_with_a_hint_rather_than_guessed()
    {
        // The published example writes `duration: 1m` with a comment saying one month; in OpenSLO 'm' is minutes.
        var result = Example("budgeting-method/timeslices-slo.yaml");
        var error = Assert.Single(result.Errors);
        Assert.Equal("spec.timeWindow[0].duration", error.Path);
        Assert.Contains("for a month write 1M", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_openslo_service_and_sli_with_prometheus_queries_keep_the_queries()
    {
        const string yaml = """
            apiVersion: openslo/v1
            kind: Service
            metadata: {name: api, labels: {team: [identity, rbac], tier: "1"}}
            spec: {description: The API}
            ---
            apiVersion: openslo/v1
            kind: SLI
            metadata: {name: api-ok}
            spec:
              ratioMetric:
                counter: true
                good: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(ok[5m]))'}}}
                total: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(all[5m]))'}}}
            """;
        var result = DocumentReader.Read(yaml, "s.yaml");
        Assert.True(result.Ok, string.Join("; ", result.Errors));
        Assert.Equal("identity,rbac", result.Documents[0].Metadata.Labels["team"]);
        var source = ((IndicatorSpec)result.Documents[1].Spec).Source!;
        Assert.Equal(("Prometheus", "sum(rate(ok[5m]))", "sum(rate(all[5m]))"), (source.Type, source.Good, source.Total));
    }
}
