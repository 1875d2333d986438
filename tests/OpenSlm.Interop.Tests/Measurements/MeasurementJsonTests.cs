using NodaTime;
using OpenSlm.Interop.Measurements;

namespace OpenSlm.Interop.Tests.Measurements;

public sealed class MeasurementJsonTests
{
    [Fact]
    public void Reads_a_wrapped_list_or_a_bare_array_numbering_items_from_one()
    {
        const string item = """{"timestamp":"2025-01-01T00:00:00Z","indicator":"api","bad":2,"total":10}""";
        var wrapped = MeasurementJson.Read($$"""{"measurements":[{{item}}]}""", "body");
        var bare = MeasurementJson.Read($"[{item},{item.Replace("\"bad\":2", "\"good\":10", StringComparison.Ordinal)}]", "body");
        Assert.Equal(new MeasurementRow(1, Instant.FromUtc(2025, 1, 1, 0, 0), "api", 8, 10, null), Assert.Single(wrapped.Rows));
        Assert.Equal([1, 2], bare.Rows.Select(r => r.Line));
    }

    [Theory]
    [InlineData("""{"timestamp":"2025-01-01T00:00:00Z","indicator":"api","good":1}""", "total")]
    [InlineData("""{"timestamp":"2025-01-01T00:00:00Z","indicator":"api","good":1,"bad":0,"total":1}""", "good")]
    [InlineData("""{"timestamp":"2025-01-01T00:00:00Z","indicator":"api","good":1,"total":1,"value":3}""", "")]
    [InlineData("""{"timestamp":"2025-01-01T00:00:00Z","indicator":"api","good":-1,"total":1}""", "good")]
    [InlineData("""{"timestamp":"2025-01-01T00:00:00Z","indicator":"api","value":"fast"}""", "value")]
    [InlineData("""{"timestamp":"2025-01-01T00:00:00Z","indicator":"api","value":1,"unit":"ms"}""", "unit")]
    [InlineData("""{"timestamp":"1 Jan","indicator":"api","value":1}""", "timestamp")]
    public void A_bad_item_names_its_field(string item, string field)
    {
        var file = MeasurementJson.Read($"[{item}]", "body");
        Assert.Empty(file.Rows);
        Assert.Contains(file.Errors, e => e.Path == field && e.Location.Line == 1 && e.Message.StartsWith("measurements[1]: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Ndjson_errors_name_the_line_including_lines_that_are_not_json()
    {
        const string ndjson = "{\"timestamp\":\"2025-01-01T00:00:00Z\",\"indicator\":\"api\",\"value\":1}\n\nnot json\n{\"timestamp\":\"2025-01-01T00:01:00Z\",\"indicator\":\"API\",\"value\":2}\n";
        var file = MeasurementJson.ReadLines(ndjson, "body");
        Assert.Empty(file.Rows);
        Assert.Equal([3, 4], file.Errors.Select(e => e.Location.Line));
    }

    [Fact]
    public void Something_other_than_a_list_is_refused()
    {
        var error = Assert.Single(MeasurementJson.Read("""{"data":[]}""", "body").Errors);
        Assert.Contains("expected {\"measurements\": [...]}", error.Message, StringComparison.Ordinal);
    }
}
