namespace OpenSlm.Core.Evaluation;

/// <summary>Good and total event counts over some window. Good is never above total.</summary>
public readonly record struct EventCounts
{
    /// <summary>Creates counts; 0 ≤ good ≤ total.</summary>
    public EventCounts(long good, long total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(good);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(good, total);
        Good = good;
        Total = total;
    }

    /// <summary>Good events.</summary>
    public long Good { get; }

    /// <summary>All events.</summary>
    public long Total { get; }

    /// <summary>Bad events: Total − Good.</summary>
    public long Bad => Total - Good;

    /// <summary>Whether there are no events at all.</summary>
    public bool IsEmpty => Total == 0;

    /// <summary>Adds two disjoint windows' counts.</summary>
    public static EventCounts operator +(EventCounts a, EventCounts b) => new(checked(a.Good + b.Good), checked(a.Total + b.Total));

    /// <summary>Removes a sub-window's counts.</summary>
    public static EventCounts operator -(EventCounts a, EventCounts b) => new(a.Good - b.Good, a.Total - b.Total);

    /// <summary>Adds two disjoint windows' counts.</summary>
    public static EventCounts Add(EventCounts a, EventCounts b) => a + b;

    /// <summary>Removes a sub-window's counts.</summary>
    public static EventCounts Subtract(EventCounts a, EventCounts b) => a - b;

    /// <summary>The attainment these counts give.</summary>
    public Attainment ToAttainment() => Attainment.From(Good, Total);
}

/// <summary>
/// What share of the service was good: <see cref="NoData"/> when nothing was measured (never 0 %, never
/// 100 %), else <see cref="Measured"/>. Callers switch on the two cases.
/// </summary>
public abstract record Attainment
{
    private Attainment()
    {
    }

    /// <summary>Nothing to judge: no events, or no slice with data.</summary>
    public static Attainment None { get; } = new NoData();

    /// <summary>The attainment of <paramref name="good"/> out of <paramref name="total"/>: NoData when total is 0.</summary>
    public static Attainment From(long good, long total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(good);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(good, total);
        return total == 0 ? None : new Measured((decimal)good / total);
    }

    /// <summary>No data.</summary>
    public sealed record NoData : Attainment;

    /// <summary>A measured ratio in [0, 1].</summary>
    public sealed record Measured : Attainment
    {
        /// <summary>Creates a measured attainment; <paramref name="ratio"/> must lie in [0, 1].</summary>
        public Measured(decimal ratio)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(ratio);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(ratio, 1m);
            Ratio = ratio;
        }

        /// <summary>Good ÷ total, in [0, 1].</summary>
        public decimal Ratio { get; }

        /// <summary>The ratio as a percentage.</summary>
        public decimal Percent => Ratio * 100m;
    }
}
