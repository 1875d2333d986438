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

    /// <summary>Whether <paramref name="at"/> is in the accepted range.</summary>
    public static bool InRange(Instant at) => at >= MinInstant && at < EndInstant;

    /// <summary>Whether <paramref name="date"/>'s year is in the accepted range.</summary>
    public static bool InRange(LocalDate date) => date.Year is >= MinYear and <= MaxYear;
}
