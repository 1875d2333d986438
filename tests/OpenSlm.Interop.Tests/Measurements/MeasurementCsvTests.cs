using NodaTime;
using OpenSlm.Interop.Measurements;

namespace OpenSlm.Interop.Tests.Measurements;

public sealed class MeasurementCsvTests
{
    private static MeasurementFile Read(string csv) => MeasurementCsv.Read(new StringReader(csv), "m.csv");

    [Fact]
    public void Reads_counts_with_columns_in_any_order_and_offsets_to_utc()
    {
        var file = Read("total,timestamp,good,indicator\n10,2025-03-31T23:59:00Z,9,web-ok\n\n5, 2025-04-01T01:00:00+02:00 ,5,web-ok\n");
        Assert.True(file.Ok, string.Join("; ", file.Errors));
        Assert.Equal(
            [new MeasurementRow(2, Instant.FromUtc(2025, 3, 31, 23, 59), "web-ok", 9, 10, null), new MeasurementRow(4, Instant.FromUtc(2025, 3, 31, 23, 0), "web-ok", 5, 5, null)],
            file.Rows);
    }

    [Fact]
    public void Bad_and_total_become_good_and_total()
    {
        var row = Assert.Single(Read("timestamp,indicator,bad,total\n2025-01-01T00:00:00Z,api,3,10\n").Rows);
        Assert.Equal((7L, 10L), (row.Good!.Value, row.Total!.Value));
    }

    [Fact]
    public void Values_are_read_as_exact_decimals()
    {
        var row = Assert.Single(Read("timestamp,indicator,value\n2025-01-01T00:00:00Z,latency,0.123456789\n").Rows);
        Assert.Equal(0.123456789m, row.Value);
    }

    [Fact]
    public void Every_bad_row_is_listed_by_line_and_field_and_no_row_is_returned()
    {
        var file = Read("timestamp,indicator,good,total\n2025-01-01T00:00:00Z,api,1,1\n2025-01-01 00:01,api,1,1\n2025-01-01T00:02:00Z,API,1,1\n2025-01-01T00:03:00Z,api,5,3\n2025-01-01T00:04:00Z,api,x,3\n");
        Assert.Empty(file.Rows);
        Assert.Equal(
            [(3, "timestamp"), (4, "indicator"), (5, "good"), (6, "good")],
            file.Errors.Select(e => (e.Location.Line, e.Path)));
        Assert.Contains("5 is more than total (3)", file.Errors[2].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("time,indicator,good,total\n")]
    [InlineData("timestamp,indicator,good,bad,total\n")]
    [InlineData("timestamp,indicator,good,total,value\n")]
    public void A_header_that_is_not_one_of_the_three_shapes_is_refused(string csv)
    {
        var error = Assert.Single(Read(csv).Errors);
        Assert.Equal(1, error.Location.Line);
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
    }
}
