using System.Text.Json.Nodes;
using NodaTime;
using OpenSlm.Web;

namespace OpenSlm.Tests.Web;

/// <summary>The indicator editor: only the chosen source's fields are written, and a field filled for another is refused.</summary>
public sealed class IndicatorFormTests
{
    private static Func<string, string?> Form(params (string Field, string? Value)[] values) =>
        field => values.FirstOrDefault(v => v.Field == field).Value;

    [Fact]
    public void Choosing_ticket_clocks_writes_them_and_drops_the_stored_source()
    {
        var stored = JsonNode.Parse("""{"service":"desk","type":"Ratio","source":{"type":"Prometheus","good":"g","total":"t"}}""")!.AsObject();
        var (spec, errors) = IndicatorForm.Spec(stored, Form(("service", "desk"), ("type", "Ratio"), ("from", "clocks"), ("policy", "incident-resolution"), ("priorities", "1 - Critical, 2 - High")), DateTimeZone.Utc);
        Assert.Empty(errors);
        Assert.Null(spec["source"]);
        Assert.Equal("incident-resolution", (string?)spec["clocks"]!["policy"]);
        Assert.Equal(["1 - Critical", "2 - High"], spec["clocks"]!["priorities"]!.AsArray().Select(p => (string?)p));
    }

    [Fact]
    public void A_stored_sources_own_type_is_kept_when_its_queries_are_edited()
    {
        var stored = JsonNode.Parse("""{"type":"Threshold","source":{"type":"Thanos","query":"old"}}""")!.AsObject();
        var (spec, errors) = IndicatorForm.Spec(stored, Form(("type", "Threshold"), ("from", "prometheus"), ("query", "new")), DateTimeZone.Utc);
        Assert.Empty(errors);
        Assert.Equal("Thanos", (string?)spec["source"]!["type"]);
        Assert.Equal("new", (string?)spec["source"]!["query"]);
    }

    [Fact]
    public void A_field_filled_for_a_source_not_chosen_is_refused_at_that_field()
    {
        var (_, errors) = IndicatorForm.Spec(new JsonObject(), Form(("from", "pushed"), ("total", "requests_total"), ("policy", "p")), DateTimeZone.Utc);
        Assert.Equal(["total", "policy"], errors.Keys);
        Assert.Contains("measured from measurements sent to the API", errors.Of("total")[0], StringComparison.Ordinal);

        var (_, unknown) = IndicatorForm.Spec(new JsonObject(), Form(("from", "graphite")), DateTimeZone.Utc);
        Assert.Contains("'graphite' is not a choice", unknown.Of("from")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Outages_start_in_the_display_zone_and_a_time_that_does_not_read_is_named()
    {
        var london = DateTimeZoneProviders.Tzdb["Europe/London"];
        var (spec, errors) = IndicatorForm.Spec(new JsonObject(), Form(("type", "Availability"), ("from", "outages"), ("observedFrom", "2026-07-01 00:00")), london);
        Assert.Empty(errors);
        Assert.Equal("2026-06-30T23:00:00Z", (string?)spec["outages"]!["observedFrom"]);

        var (_, bad) = IndicatorForm.Spec(new JsonObject(), Form(("type", "Availability"), ("from", "outages"), ("observedFrom", "July")), london);
        Assert.Contains("is not a date and time", bad.Of("observedFrom")[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spec.source.total", "total")]
    [InlineData("spec.source.type", "from")]
    [InlineData("spec.outages.observedFrom", "observedFrom")]
    [InlineData("spec.outages", "from")]
    [InlineData("spec.clocks.priorities[1]", "priorities")]
    [InlineData("spec.clocks.policy", "policy")]
    [InlineData("spec.service", "service")]
    [InlineData("spec.somethingElse", "")]
    public void The_write_paths_paths_land_on_their_fields(string path, string field) => Assert.Equal(field, IndicatorForm.FieldOf(path));
}
