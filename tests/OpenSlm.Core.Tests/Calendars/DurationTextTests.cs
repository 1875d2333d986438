using NodaTime;
using OpenSlm.Core.Calendars;

namespace OpenSlm.Core.Tests.Calendars;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("5m", 5 * 60)]
    [InlineData("1h", 3600)]
    [InlineData("30d", 30 * 86_400)]
    [InlineData("2w", 14 * 86_400)]
    [InlineData("90s", 90)]
    public void Reads_prometheus_style_durations(string text, long seconds) =>
        Assert.Equal(Duration.FromSeconds(seconds), DurationText.TryParse(text));

    [Theory]
    [InlineData("")]
    [InlineData("d")]
    [InlineData("0d")]
    [InlineData("-1d")]
    [InlineData("1M")]
    [InlineData("1.5h")]
    [InlineData("30 d")]
    public void Refuses_what_is_not_a_positive_whole_duration(string text) => Assert.Null(DurationText.TryParse(text));
}
