using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Core.Calendars;

namespace OpenSlm.Core.Tests.Calendars;

public sealed class BusinessClockTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>Mon–Fri 09:00–17:00 Europe/London with the UK bank holidays of 2025 (the W2 peer calendar).</summary>
    internal static BusinessClock UkOffice { get; } = BusinessClock.Of(
        London,
        new WeeklyHours
        {
            Monday = [TimeRange.Parse("09:00-17:00")],
            Tuesday = [TimeRange.Parse("09:00-17:00")],
            Wednesday = [TimeRange.Parse("09:00-17:00")],
            Thursday = [TimeRange.Parse("09:00-17:00")],
            Friday = [TimeRange.Parse("09:00-17:00")],
        },
        [.. new[] { "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26" }
            .Select(d => LocalDatePattern.Iso.Parse(d).Value)]);

    private static Instant Utc(string text) => InstantPattern.General.Parse(text).Value;

    [Theory]
    [InlineData("2025-03-28T16:00:00Z", "2025-03-31T10:00:00Z", 3 * 3600)] // Fri 16:00 GMT to Mon 11:00 BST, over the spring change
    [InlineData("2025-03-27T10:00:00Z", "2025-04-03T09:00:00Z", 5 * 8 * 3600)] // a week across it: Thu 10:00 GMT to Thu 10:00 BST
    [InlineData("2025-04-17T16:00:00Z", "2025-04-22T09:00:00Z", 3600)] // Easter: Thu 17:00 BST close, Good Friday and Easter Monday shut
    [InlineData("2025-06-07T10:00:00Z", "2025-06-08T10:00:00Z", 0)] // a weekend
    [InlineData("2025-06-02T08:00:00Z", "2025-06-02T08:00:00Z", 0)] // empty
    [InlineData("2025-06-02T16:00:00Z", "2025-06-02T17:00:00Z", 0)] // Mon 17:00-18:00 BST: after closing
    public void Between_counts_open_time_in_the_zone_with_holidays(string from, string to, long seconds)
    {
        Assert.Equal(Duration.FromSeconds(seconds), UkOffice.Between(Utc(from), Utc(to)));
        Assert.Equal(Duration.FromSeconds(-seconds), UkOffice.Between(Utc(to), Utc(from)));
    }

    [Theory]
    [InlineData("2025-06-02T12:00:00Z", 4, "2025-06-02T16:00:00Z")] // Mon 13:00 BST + 4 h = 17:00 BST: closing time, not next morning
    [InlineData("2025-06-02T12:00:01Z", 4, "2025-06-03T08:00:01Z")] // one second later spills into Tuesday
    [InlineData("2025-06-07T11:00:00Z", 1, "2025-06-09T09:00:00Z")] // Saturday: from Monday's opening
    [InlineData("2025-04-17T14:00:00Z", 4, "2025-04-22T10:00:00Z")] // Thu 15:00 BST + 4 h over Easter
    [InlineData("2025-12-24T15:00:00Z", 8, "2025-12-29T15:00:00Z")] // Christmas Eve 15:00 GMT + 8 h
    public void Add_returns_the_earliest_instant_that_reaches_the_business_time(string start, int hours, string deadline)
    {
        Assert.Equal(Utc(deadline), UkOffice.Add(Utc(start), Duration.FromHours(hours)));
    }

    [Fact]
    public void Add_of_zero_is_the_start_even_when_closed()
    {
        var saturday = Utc("2025-06-07T11:00:00Z");
        Assert.Equal(saturday, UkOffice.Add(saturday, Duration.Zero));
    }

    [Fact]
    public void A_skipped_hour_adds_no_time_and_a_repeated_hour_counts_twice()
    {
        var hours = WeeklyHours.Every([TimeRange.Parse("00:30-02:30")]);
        var clock = BusinessClock.Of(London, hours);
        // 2025-03-30: 01:00 GMT jumps to 02:00 BST, so 00:30-02:30 local is 1 h of real time.
        Assert.Equal(Duration.FromHours(1), clock.Between(Utc("2025-03-29T12:00:00Z"), Utc("2025-03-30T12:00:00Z")));
        // 2025-10-26: 02:00 BST falls back to 01:00 GMT, so 01:00-02:00 local happens twice: 3 h.
        Assert.Equal(Duration.FromHours(3), clock.Between(Utc("2025-10-25T12:00:00Z"), Utc("2025-10-26T12:00:00Z")));
        Assert.Equal(Duration.FromHours(2), clock.Between(Utc("2025-10-26T12:00:00Z"), Utc("2025-10-27T12:00:00Z")));
    }

    [Fact]
    public void A_24x7_day_lasts_23_or_25_hours_on_change_days()
    {
        var ny = BusinessClock.Of(DateTimeZoneProviders.Tzdb["America/New_York"], WeeklyHours.AlwaysOpen, [new LocalDate(2025, 3, 8)]);
        Assert.Equal(Duration.FromHours(23), ny.Between(Utc("2025-03-09T05:00:00Z"), Utc("2025-03-10T04:00:00Z")));
        // The holiday on Saturday the 8th: the whole local day is shut.
        Assert.Equal(Duration.FromHours(5), ny.Between(Utc("2025-03-08T00:00:00Z"), Utc("2025-03-09T05:00:00Z")));
        Assert.False(ny.IsAlwaysOpen);
        Assert.True(BusinessClock.AlwaysOpen.IsAlwaysOpen);
    }

    [Fact]
    public void A_holiday_on_a_weekend_changes_nothing()
    {
        var withSaturdayHoliday = BusinessClock.Of(London, UkOfficeHours(), [new LocalDate(2025, 6, 7)]);
        var plain = BusinessClock.Of(London, UkOfficeHours());
        var (a, b) = (Utc("2025-06-02T00:00:00Z"), Utc("2025-06-16T00:00:00Z"));
        Assert.Equal(plain.Between(a, b), withSaturdayHoliday.Between(a, b));
        Assert.Equal(Duration.FromHours(80), plain.Between(a, b));
    }

    [Fact]
    public void Ranges_that_meet_at_midnight_join_into_one_open_interval()
    {
        var hours = new WeeklyHours { Monday = [TimeRange.Parse("22:00-24:00")], Tuesday = [TimeRange.Parse("00:00-02:00")] };
        var clock = BusinessClock.Of(DateTimeZone.Utc, hours);
        var open = clock.OpenIntervals(Utc("2025-06-02T00:00:00Z"), Utc("2025-06-04T00:00:00Z"));
        Assert.Equal([(Utc("2025-06-02T22:00:00Z"), Utc("2025-06-03T02:00:00Z"))], open);
        Assert.Equal(Utc("2025-06-03T01:00:00Z"), clock.Add(Utc("2025-06-02T23:00:00Z"), Duration.FromHours(2)));
        Assert.True(clock.IsOpen(Utc("2025-06-03T00:00:00Z")));
        Assert.False(clock.IsOpen(Utc("2025-06-03T02:00:00Z")));
    }

    [Fact]
    public void Exclusions_are_cut_out_of_open_time_for_the_services_they_name()
    {
        var calendar = new CalendarSpec
        {
            TimeZone = "Europe/London",
            Hours = UkOfficeHours(),
            Exclusions =
            [
                new Exclusion { Name = "all", Start = Utc("2025-06-02T09:00:00Z"), End = Utc("2025-06-02T10:00:00Z") },
                new Exclusion { Name = "tills", Start = Utc("2025-06-03T09:00:00Z"), End = Utc("2025-06-03T20:00:00Z"), Services = ["tills"] },
            ],
        };
        var (a, b) = (Utc("2025-06-02T00:00:00Z"), Utc("2025-06-04T00:00:00Z"));
        Assert.Equal(Duration.FromHours(15), BusinessClock.For(calendar).Between(a, b));
        Assert.Equal(Duration.FromHours(15), BusinessClock.For(calendar, ["web"]).Between(a, b));
        Assert.Equal(Duration.FromHours(7) + Duration.FromHours(1), BusinessClock.For(calendar, ["tills"]).Between(a, b));
        Assert.Equal(
            [(Utc("2025-06-02T08:00:00Z"), Utc("2025-06-02T09:00:00Z")), (Utc("2025-06-02T10:00:00Z"), Utc("2025-06-02T16:00:00Z"))],
            BusinessClock.For(calendar).OpenIntervals(Utc("2025-06-02T00:00:00Z"), Utc("2025-06-03T00:00:00Z")));
    }

    [Fact]
    public void Instants_far_from_the_first_compiled_years_are_reached_on_demand()
    {
        var a = Utc("1990-01-01T00:00:00Z");
        var b = Utc("2300-01-01T00:00:00Z");
        var days = (b - a).TotalDays;
        Assert.Equal(Duration.FromDays((long)days), BusinessClock.AlwaysOpen.Between(a, b));
        // Ten years of office hours from 2025: the compiled years grow to reach the deadline.
        var deadline = UkOffice.Add(Utc("2025-01-02T09:00:00Z"), Duration.FromHours(8 * 260 * 10));
        Assert.InRange(deadline, Utc("2034-12-01T00:00:00Z"), Utc("2035-03-01T00:00:00Z"));
        Assert.Equal(Duration.FromHours(8 * 260 * 10), UkOffice.Between(Utc("2025-01-02T09:00:00Z"), deadline));
    }

    private static WeeklyHours UkOfficeHours()
    {
        IReadOnlyList<TimeRange> day = [TimeRange.Parse("09:00-17:00")];
        return new WeeklyHours { Monday = day, Tuesday = day, Wednesday = day, Thursday = day, Friday = day };
    }
}

/// <summary>Properties of business time, over generated calendars and instants.</summary>
public sealed class BusinessClockPropertyTests
{
    private static readonly string[] Zones = ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC", "America/Sao_Paulo"];

    private static readonly Instant Base = Instant.FromUtc(2024, 1, 1, 0, 0);

    /// <summary>A calendar drawn from the generator's numbers: per weekday up to two ranges on whole minutes, some holidays, one zone.</summary>
    private static BusinessClock ClockFrom(int seed)
    {
        var random = new Random(seed);
        IReadOnlyList<TimeRange> Day()
        {
            var ranges = new List<TimeRange>();
            var cursor = 0;
            var count = random.Next(0, 3);
            for (var i = 0; i < count && cursor < TimeRange.SecondsPerDay - 60; i++)
            {
                var start = cursor + (60 * random.Next(0, (TimeRange.SecondsPerDay - cursor) / 60 / 2));
                var end = Math.Min(TimeRange.SecondsPerDay, start + (60 * random.Next(1, 12 * 60)));
                ranges.Add(new TimeRange(start, end));
                cursor = end;
            }
            return ranges;
        }
        var hours = new WeeklyHours
        {
            Monday = Day(),
            Tuesday = Day(),
            Wednesday = Day(),
            Thursday = Day(),
            Friday = Day(),
            Saturday = Day(),
            Sunday = [TimeRange.Parse("10:00-11:00")],
        };
        var holidays = Enumerable.Range(0, random.Next(0, 30)).Select(_ => new LocalDate(2024, 1, 1).PlusDays(random.Next(0, 3 * 366)));
        return BusinessClock.Of(DateTimeZoneProviders.Tzdb[Zones[random.Next(Zones.Length)]], hours, holidays.Distinct());
    }

    private static Instant At(uint seconds) => Base + Duration.FromSeconds(seconds % (3L * 366 * 86400));

    [Property(MaxTest = 300)]
    public bool Between_of_a_deadline_is_the_duration_added(int seed, uint start, uint minutes)
    {
        var clock = ClockFrom(seed);
        var a = At(start);
        var d = Duration.FromMinutes(minutes % (60 * 24 * 40)) + Duration.FromSeconds(start % 61);
        var deadline = clock.Add(a, d);
        return clock.Between(a, deadline) == d
            && (d == Duration.Zero || clock.Between(a, deadline - Duration.FromTicks(1)) < d);
    }

    [Property(MaxTest = 300)]
    public bool Business_time_adds_up_over_a_split_interval(int seed, uint x, uint y, uint z)
    {
        var clock = ClockFrom(seed);
        var (a, b, c) = (At(x), At(y), At(z));
        return clock.Between(a, b) + clock.Between(b, c) == clock.Between(a, c)
            && clock.Between(a, b) <= (b - a < Duration.Zero ? Duration.Zero : b - a);
    }

    /// <summary>
    /// The oracle: walk every minute of a few days and ask whether the wall clock shows a time inside one
    /// of the day's ranges on a day that is not a holiday. Ranges and zone changes fall on whole minutes,
    /// so each minute is wholly open or wholly shut.
    /// </summary>
    [Property(MaxTest = 60)]
    public void Between_equals_a_minute_by_minute_count(int seed, uint start, byte days)
    {
        var random = new Random(seed);
        var zone = DateTimeZoneProviders.Tzdb[Zones[random.Next(Zones.Length)]];
        IReadOnlyList<TimeRange>[] week = [.. Enumerable.Range(0, 7).Select(_ =>
        {
            var s = 60 * random.Next(0, 24 * 60);
            return (IReadOnlyList<TimeRange>)(random.Next(4) == 0 ? [] : [new TimeRange(s, Math.Min(TimeRange.SecondsPerDay, s + (60 * random.Next(1, 16 * 60))))]);
        })];
        var hours = new WeeklyHours { Monday = week[0], Tuesday = week[1], Wednesday = week[2], Thursday = week[3], Friday = week[4], Saturday = week[5], Sunday = week[6] };
        // Start near a DST change one time in two, where the oracle matters most.
        var changes = new[] { Instant.FromUtc(2025, 3, 29, 0, 0), Instant.FromUtc(2025, 10, 25, 0, 0), Instant.FromUtc(2025, 4, 5, 0, 0), Instant.FromUtc(2025, 3, 8, 0, 0), Instant.FromUtc(2025, 11, 1, 0, 0) };
        var a = (start % 2 == 0 ? changes[random.Next(changes.Length)] : Base + Duration.FromMinutes(start % (3 * 366 * 1440))) + Duration.FromMinutes(start % 1440);
        var b = a + Duration.FromMinutes(((days % 5) + 1) * 1440);
        var holiday = a.InZone(zone).Date.PlusDays(1);
        var clock = BusinessClock.Of(zone, hours, [holiday]);

        long open = 0;
        for (var t = a; t < b; t += Duration.FromMinutes(1))
        {
            var local = t.InZone(zone).LocalDateTime;
            var second = local.TimeOfDay.Hour * 3600 + local.TimeOfDay.Minute * 60;
            if (local.Date != holiday && hours.For(local.DayOfWeek).Any(r => r.Start <= second && second < r.End))
            {
                open++;
            }
        }
        Assert.Equal(Duration.FromMinutes(open), clock.Between(a, b));
    }
}
