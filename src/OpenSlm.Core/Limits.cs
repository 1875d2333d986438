using NodaTime;

namespace OpenSlm.Core;

/// <summary>
/// The domain of every value OpenSLM accepts from outside, in one place (docs/limits.md). Inside these, every sum the
/// store and the engine make fits in a 64-bit integer, and every instant has room for the windows, periods and time-zone
/// offsets computed around it.
/// </summary>
public static class Limits
{
    /// <summary>The earliest instant accepted: 1970-01-01T00:00:00Z.</summary>
    public static Instant MinInstant { get; } = Instant.FromUtc(1970, 1, 1, 0, 0);

    /// <summary>The first instant no longer accepted: 9000-01-01T00:00:00Z.</summary>
    public static Instant EndInstant { get; } = Instant.FromUtc(9000, 1, 1, 0, 0);

    /// <summary>The years dates may name (holidays, effective dates, periods), 1970 to 8999.</summary>
    public const int MinYear = 1970;

    /// <inheritdoc cref="MinYear"/>
    public const int MaxYear = 8999;

    /// <summary>What a person is told about the range.</summary>
    public const string InstantRange = "between 1970-01-01T00:00:00Z and 9000-01-01T00:00:00Z";

    /// <summary>
    /// The largest count (good, bad or total) one measurement may carry: a million million events, far above any
    /// per-minute count a service makes.
    /// </summary>
    public const long MaxCount = 1_000_000_000_000;

    /// <summary>
    /// The largest total one indicator may gather in one day (2^50, about 1.1e15). Any window or report over up to
    /// 8,000 days of such totals still sums below 2^63: the store checks each day's total as a batch lands and refuses the
    /// batch that would pass it.
    /// </summary>
    public const long MaxDayTotal = 1L << 50;

    /// <summary>The most characters of a display name (one line).</summary>
    public const int MaxDisplayName = 200;

    /// <summary>The most characters of any other text: descriptions, notes, root causes, actions, ticket fields.</summary>
    public const int MaxText = 10_000;

    /// <summary>The most characters of a key: a label's or an annotation's, a ticket field's name, any mapping key (one line).</summary>
    public const int MaxKey = 256;

    /// <summary>The most characters of a label's value (one line).</summary>
    public const int MaxLabelValue = 256;

    /// <summary>The most labels, or annotations, one record may carry.</summary>
    public const int MaxLabels = 64;

    /// <summary>The most items of any one list in a record (objectives, holidays, stakeholders, dependencies…).</summary>
    public const int MaxItems = 10_000;

    /// <summary>
    /// Whether <paramref name="text"/> may be stored as text of at most <paramref name="max"/> characters: null when it may,
    /// else what is wrong. Control characters (NUL, escape, bell…) are never text; tab and line breaks are, where
    /// <paramref name="lines"/> allows more than one line.
    /// </summary>
    public static string? CheckText(string text, int max, bool lines)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > max)
        {
            return $"is {text.Length:N0} characters long; at most {max:N0} are allowed.";
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && !(lines && c is '\t' or '\n' or '\r'))
            {
                var allowed = lines ? "only tab and line breaks may appear in text" : "it must be one line of printable text";
                return $"holds the control character U+{(int)c:X4} at position {i + 1}: {allowed}.";
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="at"/> is in the accepted range.</summary>
    public static bool InRange(Instant at) => at >= MinInstant && at < EndInstant;

    /// <summary>Whether <paramref name="date"/>'s year is in the accepted range.</summary>
    public static bool InRange(LocalDate date) => date.Year is >= MinYear and <= MaxYear;
}
