using System.Globalization;

namespace OpenSlm.Core.Calendars;

/// <summary>
/// A range of local time within one day, [Start, End), in seconds since midnight. End may be
/// 86,400 (written <c>24:00</c>) for a range that runs to midnight.
/// </summary>
/// <remarks><c>default(TimeRange)</c> is invalid (empty); use <see cref="TimeRange(int, int)"/> or <see cref="Parse"/>.</remarks>
public readonly record struct TimeRange : IComparable<TimeRange>
{
    /// <summary>Seconds in a day; the largest allowed <see cref="End"/>.</summary>
    public const int SecondsPerDay = 86_400;

    /// <summary>Creates a range; <paramref name="start"/> must be before <paramref name="end"/>.</summary>
    public TimeRange(int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, SecondsPerDay);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(start, end);
        Start = start;
        End = end;
    }

    /// <summary>Seconds after local midnight when the range opens (included).</summary>
    public int Start { get; }

    /// <summary>Seconds after local midnight when the range closes (excluded).</summary>
    public int End { get; }

    /// <summary>Length of the range in seconds.</summary>
    public int Seconds => End - Start;

    /// <summary>Whether the two ranges share any instant.</summary>
    public bool Overlaps(TimeRange other) => Start < other.End && other.Start < End;

    /// <summary>
    /// Reads <c>HH:mm-HH:mm</c> (seconds optional, <c>HH:mm:ss</c>); the end may be <c>24:00</c>.
    /// Returns null and sets <paramref name="error"/> when the text is not such a range.
    /// </summary>
    public static TimeRange? TryParse(string text, out string? error)
    {
        error = null;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || !TryTime(text[..dash].Trim(), out var start) || !TryTime(text[(dash + 1)..].Trim(), out var end))
        {
            error = $"'{text}' is not a time range: expected HH:mm-HH:mm, for example 09:00-17:30 (24:00 for midnight at the end).";
            return null;
        }
        if (start >= end)
        {
            error = $"'{text}' ends before it starts: a range must end after it starts, within one day (use 24:00 for midnight).";
            return null;
        }
        if (start == SecondsPerDay)
        {
            error = $"'{text}' starts at 24:00: a range must start before midnight.";
            return null;
        }
        return new TimeRange(start, end);
    }

    /// <summary>Like <see cref="TryParse"/>, but throws <see cref="FormatException"/> on bad text.</summary>
    public static TimeRange Parse(string text) => TryParse(text, out var error) ?? throw new FormatException(error);

    /// <summary>Writes the range as <c>HH:mm-HH:mm</c> (with seconds only where needed).</summary>
    public override string ToString() => $"{Format(Start)}-{Format(End)}";

    /// <inheritdoc />
    public int CompareTo(TimeRange other) => Start != other.Start ? Start.CompareTo(other.Start) : End.CompareTo(other.End);

    /// <summary>Orders by start, then end.</summary>
    public static bool operator <(TimeRange left, TimeRange right) => left.CompareTo(right) < 0;

    /// <summary>Orders by start, then end.</summary>
    public static bool operator >(TimeRange left, TimeRange right) => left.CompareTo(right) > 0;

    /// <summary>Orders by start, then end.</summary>
    public static bool operator <=(TimeRange left, TimeRange right) => left.CompareTo(right) <= 0;

    /// <summary>Orders by start, then end.</summary>
    public static bool operator >=(TimeRange left, TimeRange right) => left.CompareTo(right) >= 0;

    private static bool TryTime(string s, out int seconds)
    {
        seconds = 0;
        var parts = s.Split(':');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length != 2 || !p.All(char.IsAsciiDigit)))
        {
            return false;
        }
        var h = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var m = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var sec = parts.Length == 3 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 0;
        if (m > 59 || sec > 59 || h > 24 || (h == 24 && (m != 0 || sec != 0)))
        {
            return false;
        }
        seconds = (h * 3600) + (m * 60) + sec;
        return true;
    }

    private static string Format(int seconds)
    {
        var (h, rest) = Math.DivRem(seconds, 3600);
        var (m, s) = Math.DivRem(rest, 60);
        return s == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{h:00}:{m:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{h:00}:{m:00}:{s:00}");
    }
}
