using System.Globalization;
using NodaTime;

namespace OpenSlm.Core.Calendars;

/// <summary>
/// Durations written as a whole number and a unit, as OpenSLO and Prometheus do:
/// <c>s</c> seconds, <c>m</c> minutes, <c>h</c> hours, <c>d</c> days, <c>w</c> weeks (for example 5m, 30d, 2w).
/// </summary>
public static class DurationText
{
    /// <summary>Reads a duration such as <c>30d</c>; null when the text is not one.</summary>
    public static Duration? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length < 2)
        {
            return null;
        }
        var digits = text.AsSpan(0, text.Length - 1);
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0 || n > 100_000)
        {
            return null;
        }
        return text[^1] switch
        {
            's' => Duration.FromSeconds(n),
            'm' => Duration.FromMinutes(n),
            'h' => Duration.FromHours(n),
            'd' => Duration.FromDays(n),
            'w' => Duration.FromDays(7 * n),
            _ => null,
        };
    }

    /// <summary>A duration in the largest of d, h, m, s that divides it exactly, as Prometheus ranges are written (5m, 1h, 30d).</summary>
    public static string Format(Duration duration)
    {
        var seconds = (long)duration.TotalSeconds;
        var (value, unit) = seconds % 86_400 == 0 ? (seconds / 86_400, 'd')
            : seconds % 3_600 == 0 ? (seconds / 3_600, 'h')
            : seconds % 60 == 0 ? (seconds / 60, 'm')
            : (seconds, 's');
        return string.Create(CultureInfo.InvariantCulture, $"{value}{unit}");
    }
}
