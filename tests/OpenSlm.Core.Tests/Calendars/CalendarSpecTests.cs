using NodaTime;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Tests.Calendars;

public sealed class CalendarSpecTests
{
    private static IReadOnlyList<ValidationError> Check(CalendarSpec spec)
    {
        var p = new Problems();
        spec.Validate(p.At("spec"));
        return p.Errors;
    }

    [Fact]
    public void A_24x7_calendar_in_a_known_zone_is_valid()
    {
        Assert.Empty(Check(new CalendarSpec { TimeZone = "Europe/London" }));
    }

    [Fact]
    public void An_unknown_time_zone_is_named_with_an_example_of_a_valid_one()
    {
        var error = Assert.Single(Check(new CalendarSpec { TimeZone = "Europe/Atlantis" }));
        Assert.Equal("spec.timeZone", error.Path);
        Assert.Contains("'Europe/Atlantis' is not a known IANA time zone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_service_hours_name_the_day_and_the_range()
    {
        var spec = new CalendarSpec
        {
            Hours = new WeeklyHours { Tuesday = [TimeRange.Parse("09:00-13:00"), TimeRange.Parse("12:00-17:00")] },
        };
        var error = Assert.Single(Check(spec));
        Assert.Equal("spec.hours.tuesday[1]", error.Path);
        Assert.Contains("overlaps 09:00-13:00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Touching_ranges_do_not_overlap()
    {
        var spec = new CalendarSpec
        {
            Hours = new WeeklyHours { Monday = [TimeRange.Parse("09:00-12:00"), TimeRange.Parse("12:00-17:00")] },
        };
        Assert.Empty(Check(spec));
    }

    [Fact]
    public void A_week_without_any_service_hours_is_refused()
    {
        var error = Assert.Single(Check(new CalendarSpec { Hours = new WeeklyHours() }));
        Assert.Equal("spec.hours", error.Path);
    }

    [Fact]
    public void Duplicate_holidays_and_backward_exclusions_are_refused()
    {
        var day = new LocalDate(2025, 12, 25);
        var at = Instant.FromUtc(2025, 3, 1, 22, 0);
        var spec = new CalendarSpec
        {
            Holidays = [new Holiday { Date = day, Name = "Christmas" }, new Holiday { Date = day, Name = "Again" }],
            Exclusions = [new Exclusion { Name = "upgrade", Start = at, End = at }],
        };
        var errors = Check(spec);
        Assert.Contains(errors, e => e.Path == "spec.holidays[1].date");
        Assert.Contains(errors, e => e.Path == "spec.exclusions[0].end");
    }
}
