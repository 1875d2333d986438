using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OpenSlm.Core.Calendars;

namespace OpenSlm.Core.Tests.Calendars;

public sealed class TimeRangeTests
{
    [Theory]
    [InlineData("09:00-17:30", 9 * 3600, (17 * 3600) + 1800)]
    [InlineData("00:00-24:00", 0, 86_400)]
    [InlineData("22:00-24:00", 22 * 3600, 86_400)]
    [InlineData("08:15:30-08:15:45", (8 * 3600) + (15 * 60) + 30, (8 * 3600) + (15 * 60) + 45)]
    [InlineData(" 09:00 - 10:00 ", 9 * 3600, 10 * 3600)]
    public void Parses_ranges_including_midnight_at_the_end(string text, int start, int end)
    {
        var range = TimeRange.Parse(text);
        Assert.Equal(start, range.Start);
        Assert.Equal(end, range.End);
    }

    [Theory]
    [InlineData("17:00-09:00", "ends before it starts")]
    [InlineData("09:00-09:00", "ends before it starts")]
    [InlineData("24:00-24:00", "ends before it starts")]
    [InlineData("9-17", "expected HH:mm-HH:mm")]
    [InlineData("09:60-10:00", "expected HH:mm-HH:mm")]
    [InlineData("24:30-24:45", "expected HH:mm-HH:mm")]
    [InlineData("25:00-26:00", "expected HH:mm-HH:mm")]
    [InlineData("", "expected HH:mm-HH:mm")]
    public void Refuses_malformed_or_backward_ranges_with_a_reason(string text, string reason)
    {
        Assert.Null(TimeRange.TryParse(text, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Property]
    public bool Formatting_then_parsing_gives_the_same_range(NonNegativeInt a, PositiveInt length)
    {
        var start = a.Get % TimeRange.SecondsPerDay;
        var end = Math.Min(TimeRange.SecondsPerDay, start + 1 + (length.Get % TimeRange.SecondsPerDay));
        var range = new TimeRange(start, end);
        return TimeRange.Parse(range.ToString()) == range;
    }

    [Property]
    public bool Overlap_is_symmetric_and_matches_a_second_by_second_check(byte a, byte b, byte c, byte d)
    {
        // minutes within a small day window keep the brute force cheap
        static TimeRange Make(int x, int y) => new(Math.Min(x, y) * 60, (Math.Max(x, y) + 1) * 60);
        var r1 = Make(a, b);
        var r2 = Make(c, d);
        var brute = Enumerable.Range(0, 257 * 60).Any(s => s >= r1.Start && s < r1.End && s >= r2.Start && s < r2.End);
        return r1.Overlaps(r2) == r2.Overlaps(r1) && r1.Overlaps(r2) == brute;
    }
}
