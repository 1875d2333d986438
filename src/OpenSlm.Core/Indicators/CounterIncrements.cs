using NodaTime;

namespace OpenSlm.Core.Indicators;

/// <summary>
/// Turns samples of a cumulative counter into the increase since the sample before, as Prometheus'
/// <c>increase()</c> reads a counter: a value lower than the one before is a reset (the process
/// restarted from zero), so the increase is the new value itself.
/// </summary>
public static class CounterIncrements
{
    /// <summary>
    /// The increase at each sample after the first, in order; the first sample is the base and yields
    /// nothing. Samples must be in time order. Non-finite values (NaN, ±Inf) break the sequence: the
    /// next finite sample becomes a new base.
    /// </summary>
    public static IEnumerable<(Instant At, double Increase)> Of(IEnumerable<(Instant At, double Value)> samples)
    {
        double? previous = null;
        foreach (var (at, value) in samples)
        {
            if (!double.IsFinite(value))
            {
                previous = null;
                continue;
            }
            if (previous is { } before)
            {
                yield return (at, value >= before ? value - before : value);
            }
            previous = value;
        }
    }
}
