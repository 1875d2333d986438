using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Interop.Documents;

namespace OpenSlm.Interop.Tests.Documents;

public sealed class DocumentReaderTests
{
    [Fact]
    public void Reads_several_documents_of_different_kinds()
    {
        const string yaml = """
            apiVersion: openslm/v1
            kind: Customer
            metadata: {name: acme, displayName: Acme Ltd}
            ---
            apiVersion: openslm/v1
            kind: Service
            metadata: {name: web}
            spec:
              tier: 1
              customers: [acme]
            ---
            """;
        var result = DocumentReader.Read(yaml, "x.yaml");
        Assert.True(result.Ok, string.Join("; ", result.Errors));
        Assert.Equal([ResourceKind.Customer, ResourceKind.Service], result.Documents.Select(d => d.Kind));
        var service = (ServiceSpec)result.Documents[1].Spec;
        Assert.Equal(1, service.Tier);
        Assert.Equal(["acme"], service.Customers);
        Assert.Equal("Acme Ltd", result.Documents[0].Metadata.DisplayName);
    }

    [Fact]
    public void A_wrong_value_is_reported_at_its_line_with_the_field_and_what_was_expected()
    {
        const string yaml = """
            apiVersion: openslm/v1
            kind: Service
            metadata:
              name: web
            spec:
              tier: 1
              lifecycle: Alive
            """;
        var error = Assert.Single(DocumentReader.Read(yaml, "svc.yaml").Errors);
        Assert.Equal(7, error.Location.Line);
        Assert.Equal("spec.lifecycle", error.Path);
        Assert.Contains("'Alive' is not one of Pipeline, Live, Retired", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("svc.yaml:7:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_field_is_an_error_not_ignored()
    {
        const string yaml = """
            apiVersion: openslm/v1
            kind: Service
            metadata: {name: web}
            spec:
              teir: 1
            """;
        var error = Assert.Single(DocumentReader.Read(yaml, "svc.yaml").Errors);
        Assert.Equal("spec.teir", error.Path);
        Assert.Equal(5, error.Location.Line);
        Assert.Contains("unknown field 'teir'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_errors_point_at_the_line_of_the_offending_item()
    {
        const string yaml = """
            apiVersion: openslm/v1
            kind: Calendar
            metadata: {name: office}
            spec:
              timeZone: Europe/London
              hours:
                monday:
                  - "09:00-13:00"
                  - "12:30-17:00"
            """;
        var error = Assert.Single(DocumentReader.Read(yaml, "cal.yaml").Errors);
        Assert.Equal("spec.hours.monday[1]", error.Path);
        Assert.Equal(9, error.Location.Line);
    }

    [Fact]
    public void Malformed_yaml_is_reported_with_its_line()
    {
        const string yaml = "apiVersion: openslm/v1\nkind: Service\nmetadata: {name: web\nspec: {}\n";
        var error = Assert.Single(DocumentReader.Read(yaml, "bad.yaml").Errors);
        Assert.Contains("is not valid YAML", error.Message, StringComparison.Ordinal);
        Assert.True(error.Location.Line >= 3);
    }

    [Fact]
    public void A_key_given_twice_is_refused()
    {
        const string yaml = "apiVersion: openslm/v1\nkind: Service\nmetadata: {name: web}\nspec:\n  tier: 1\n  tier: 2\n";
        var error = Assert.Single(DocumentReader.Read(yaml, "dup.yaml").Errors);
        Assert.Contains("The key 'tier' appears twice", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, error.Location.Line);
    }

    [Theory]
    [InlineData("apiVersion: v2\nkind: Service\nmetadata: {name: a}\n", "apiVersion", "'v2' is not supported")]
    [InlineData("apiVersion: openslm/v1\nkind: Widget\nmetadata: {name: a}\n", "kind", "'Widget' is not a kind")]
    [InlineData("apiVersion: openslm/v1\nkind: Service\nmetadata: {name: Web Shop}\n", "metadata.name", "is not a valid name")]
    [InlineData("apiVersion: openslm/v1\nkind: Service\nmetadata: {name: a}\nstatus: {}\n", "status", "unknown field 'status'")]
    [InlineData("apiVersion: openslm/v1\nkind: Service\n", "metadata", "is required")]
    public void Envelope_mistakes_name_the_field(string yaml, string path, string message)
    {
        var error = Assert.Single(DocumentReader.Read(yaml, "e.yaml").Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_numbers_are_text_where_text_is_expected_and_quoted_text_is_never_a_number()
    {
        const string yaml = """
            apiVersion: openslm/v1
            kind: Stakeholder
            metadata: {name: a, displayName: 2025}
            spec: {team: "007"}
            """;
        var doc = Assert.Single(DocumentReader.Read(yaml, "n.yaml").Documents);
        Assert.Equal("2025", doc.Metadata.DisplayName);
        Assert.Equal("007", ((StakeholderSpec)doc.Spec).Team);
    }

    [Fact]
    public void Dates_instants_and_ranges_read_into_their_types()
    {
        const string yaml = """
            apiVersion: openslm/v1
            kind: Calendar
            metadata: {name: uk}
            spec:
              timeZone: Europe/London
              hours: {friday: ["08:00-12:00", "13:00-24:00"]}
              holidays: [{date: 2025-12-25, name: Christmas Day}]
              exclusions:
                - {name: upgrade, start: "2025-03-01T22:00:00+01:00", end: 2025-03-01T23:00:00Z}
            """;
        var doc = Assert.Single(DocumentReader.Read(yaml, "c.yaml").Documents);
        var spec = (CalendarSpec)doc.Spec;
        Assert.Equal(new TimeRange(13 * 3600, 86_400), spec.Hours.Friday[1]);
        Assert.Equal(new NodaTime.LocalDate(2025, 12, 25), spec.Holidays[0].Date);
        Assert.Equal(NodaTime.Instant.FromUtc(2025, 3, 1, 21, 0), spec.Exclusions[0].Start);
    }

    [Fact]
    public void A_bad_date_says_the_format_expected()
    {
        const string yaml = "apiVersion: openslm/v1\nkind: Calendar\nmetadata: {name: uk}\nspec:\n  holidays: [{date: 25/12/2025, name: X}]\n";
        var error = Assert.Single(DocumentReader.Read(yaml, "d.yaml").Errors);
        Assert.Equal("spec.holidays[0].date", error.Path);
        Assert.Contains("expected yyyy-MM-dd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_not_only_the_first()
    {
        const string yaml = """
            apiVersion: openslm/v1
            kind: Agreement
            metadata: {name: sla}
            spec:
              kind: SLA
              services: []
              objectives:
                - {name: a, indicator: x, target: 120}
            ---
            apiVersion: openslm/v1
            kind: Service
            metadata: {name: s}
            spec: {tier: 9}
            """;
        var errors = DocumentReader.Read(yaml, "many.yaml").Errors;
        Assert.Equal(["spec.customer", "spec.services", "spec.objectives[0].target", "spec.tier"], errors.Select(e => e.Path));
    }

    [Fact]
    public void An_agreement_status_is_read_for_apply()
    {
        const string yaml = "apiVersion: openslm/v1\nkind: Agreement\nmetadata: {name: e}\nspec: {kind: Expectation, status: active, services: [s]}\n";
        var doc = Assert.Single(DocumentReader.Read(yaml, "a.yaml").Documents);
        Assert.Equal(VersionStatus.Active, ((AgreementSpec)doc.Spec).Status);
    }
}
