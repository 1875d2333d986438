using NodaTime;

namespace OpenSlm.Jobs;

/// <summary>When background jobs run next.</summary>
internal static class Schedule
{
    /// <summary>The wait until the next multiple of <paramref name="step"/> since the Unix epoch (the start of the next minute, for a minute).</summary>
    public static TimeSpan UntilNext(IClock clock, Duration step)
    {
        var ticks = step.BclCompatibleTicks;
        var now = clock.GetCurrentInstant().ToUnixTimeTicks();
        return TimeSpan.FromTicks((((now / ticks) + 1) * ticks) - now);
    }
}
