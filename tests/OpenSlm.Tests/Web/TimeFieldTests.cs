using NodaTime;
using OpenSlm.Web;

namespace OpenSlm.Tests.Web;

/// <summary>Times typed into forms (a calendar's exclusions, an indicator's first observed instant): local to a zone, never guessed across a clock change.</summary>
public sealed class TimeFieldTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    [Theory]
    [InlineData("2026-03-15 01:00", "2026-03-15T01:00:00Z")]     // GMT in March before the change
    [InlineData("2026-07-01 01:00", "2026-07-01T00:00:00Z")]     // BST: an hour ahead
    [InlineData("2026-07-01T01:00", "2026-07-01T00:00:00Z")]     // the ISO T reads the same
    [InlineData("2026-07-01 01:00:30", "2026-07-01T00:00:30Z")]
    [InlineData("2026-07-01 01:00Z", "2026-07-01T01:00:00Z")]    // Z: the instant itself
    [InlineData("2026-07-01 01:00+02:00", "2026-06-30T23:00:00Z")]
    [InlineData("2026-10-25 01:30+01:00", "2026-10-25T00:30:00Z")]   // the first of the twice-passed half hours
    [InlineData("2026-10-25 01:30+00:00", "2026-10-25T01:30:00Z")]   // and the second
    public void A_typed_time_reads_in_the_calendars_zone_unless_it_says_its_offset(string typed, string expected)
    {
        var (instant, error) = TimeField.Parse(typed, London);
        Assert.Null(error);
        Assert.Equal(NodaTime.Text.InstantPattern.ExtendedIso.Parse(expected).Value, instant);
    }

    [Fact]
    public void A_time_the_clocks_skip_is_refused_and_one_they_pass_twice_asks_which()
    {
        var (skipped, gap) = TimeField.Parse("2026-03-29 01:30", London);
        Assert.Null(skipped);
        Assert.Contains("clocks go forward", gap, StringComparison.Ordinal);

        var (twice, which) = TimeField.Parse("2026-10-25 01:30", London);
        Assert.Null(twice);
        Assert.Contains("2026-10-25 01:30+01:00 or 2026-10-25 01:30+00:00", which, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("15/03/2026 01:00")]
    [InlineData("2026-02-30 01:00")]
    [InlineData("2026-03-15 25:00")]
    [InlineData("tomorrow")]
    public void What_is_no_date_and_time_is_refused_saying_what_is_expected(string typed)
    {
        var (instant, error) = TimeField.Parse(typed, London);
        Assert.Null(instant);
        Assert.Contains("2026-03-15 01:00", error, StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_editor_shows_reads_back_as_the_same_instant_through_a_year_of_clock_changes()
    {
        // Every quarter hour of 2026 in London, the two clock changes among them, and a second past each.
        var start = Instant.FromUtc(2026, 1, 1, 0, 0);
        for (var at = start; at < start + Duration.FromDays(365); at += Duration.FromMinutes(15))
        {
            foreach (var instant in new[] { at, at + Duration.FromSeconds(1) })
            {
                var shown = TimeField.Show(instant, London);
                Assert.Equal((instant, (string?)null), TimeField.Parse(shown, London));
            }
        }
        Assert.Equal("2026-10-25 01:30+01:00", TimeField.Show(Instant.FromUtc(2026, 10, 25, 0, 30), London));
        Assert.Equal("2026-07-01 01:00", TimeField.Show(Instant.FromUtc(2026, 7, 1, 0, 0), London));
    }

    [Fact]
    public void Exclusion_rows_become_the_specs_list_with_blank_rows_skipped_and_errors_at_their_cells()
    {
        var rows = new CalendarForm.ExclusionRow[]
        {
            new("db-upgrade", "2026-07-01 01:00", "2026-07-01 03:00", "PlannedMaintenance", "CHG0041", "checkout, payments"),
            new(null, null, null, "PlannedMaintenance", null, null),   // blank (a kind is always chosen)
            new("bad", "2026-03-29 01:30", "soon", "Other", null, null),
        };
        var (list, from, errors) = CalendarForm.Exclusions(rows, London);
        Assert.Equal([0, 2], from);
        Assert.Equal("2026-07-01T00:00:00Z", (string?)list[0]!["start"]);
        Assert.Equal("2026-07-01T02:00:00Z", (string?)list[0]!["end"]);
        Assert.Equal(["checkout", "payments"], list[0]!["services"]!.AsArray().Select(s => (string?)s));
        Assert.Equal(["exclusion-2-start", "exclusion-2-end"], errors.Keys);

        // The write path's paths land on the row the item came from.
        Assert.Equal("exclusion-2-name", CalendarForm.FieldOf("spec.exclusions[1].name", [], from));
        Assert.Equal("exclusion-0-services", CalendarForm.FieldOf("spec.exclusions[0].services[1]", [], from));
        Assert.Equal("exclusion-2-end", CalendarForm.FieldOf("spec.exclusions[1].end", [], from));
    }
}
