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

/// <summary>
/// A job of <c>slm serve</c> run at the start of every <paramref name="every"/> by the instance holding its lease: a
/// failed round is logged and the next one runs as planned; stopping gives the lease up, so that a restart or a rolling
/// update hands the job over at once rather than when the lease lapses.
/// </summary>
public abstract class LeasedJobService(IClock clock, Duration every, ILogger logger) : BackgroundService
{
    /// <summary>Runs one round at <paramref name="now"/> (a no-op when another instance holds the lease).</summary>
    protected abstract Task RunRoundAsync(Instant now, CancellationToken ct);

    /// <summary>Gives up this instance's lease.</summary>
    protected abstract Task ReleaseAsync(CancellationToken ct);

    /// <summary>Logs a round that failed.</summary>
    protected abstract void RoundFailed(Exception exception);

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReleaseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Hosting.Log.LeaseReleaseFailed(logger, ex);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunRoundAsync(clock.GetCurrentInstant(), stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                RoundFailed(ex);
            }
            await Task.Delay(Schedule.UntilNext(clock, every), stoppingToken).ConfigureAwait(false);
        }
    }
}
