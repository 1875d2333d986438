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
/// A job of <c>slm serve</c> run at the start of every <paramref name="every"/> by the instance holding its lease. The
/// holder renews its lease every <see cref="Beat"/>, during a long round too; an instance that does not hold it asks again
/// every <see cref="Beat"/> and, once the lease has lapsed, takes it and runs a round at once. So a holder that dies
/// (kill -9, a lost machine) is replaced within <see cref="JobLeases.Length"/> + <see cref="Beat"/> (25 s), and a round
/// is idempotent, so running one early loses and doubles nothing. A failed round is logged and the next one runs as
/// planned; stopping gives the lease up, so that a restart hands the job over at once.
/// </summary>
public abstract class LeasedJobService(IClock clock, Duration every, ILogger logger) : BackgroundService
{
    /// <summary>How often the lease is renewed by its holder and asked for by the others.</summary>
    public static Duration Beat { get; } = Duration.FromSeconds(5);

    /// <summary>Runs one round at <paramref name="now"/>: false when another instance holds the lease (nothing was done).</summary>
    protected abstract Task<bool> RunRoundAsync(Instant now, CancellationToken ct);

    /// <summary>Takes or renews this instance's lease: true when it holds it.</summary>
    protected abstract Task<bool> RenewAsync(Instant now, CancellationToken ct);

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
        var holding = false;
        var due = clock.GetCurrentInstant();
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetCurrentInstant();
            try
            {
                if (holding && now < due)
                {
                    holding = await RenewAsync(now, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    holding = await RoundWithHeartbeatAsync(now, stoppingToken).ConfigureAwait(false);
                    due = now + Duration.FromTimeSpan(Schedule.UntilNext(clock, every));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;   // stopping (or never started): not a failure
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                RoundFailed(ex);
                due = now + Duration.FromTimeSpan(Schedule.UntilNext(clock, every));
            }
            var wait = due - clock.GetCurrentInstant();
            try
            {
                await Task.Delay((wait < Beat ? wait : Beat).ToTimeSpan() is var span && span > TimeSpan.Zero ? span : TimeSpan.Zero, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>A round, with the lease renewed every <see cref="Beat"/> while it runs, so a long one never lets it lapse.</summary>
    private async Task<bool> RoundWithHeartbeatAsync(Instant now, CancellationToken ct)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                await Task.Delay(Beat.ToTimeSpan(), done.Token).ConfigureAwait(false);
                await RenewAsync(clock.GetCurrentInstant(), done.Token).ConfigureAwait(false);
            }
        }, CancellationToken.None);
        try
        {
            return await RunRoundAsync(now, ct).ConfigureAwait(false);
        }
        finally
        {
            await done.CancelAsync().ConfigureAwait(false);
            try
            {
                await heartbeat.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException)
            {
                // the round is over
            }
            catch (Exception ex)
            {
                RoundFailed(ex);
            }
        }
    }
}
