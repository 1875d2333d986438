using NodaTime;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Indicators;
using OpenSlm.Hosting;
using OpenSlm.Interop.Measurements;
using OpenSlm.Interop.Prometheus;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Measurements;

namespace OpenSlm.Jobs;

/// <summary>Where and how often <c>slm serve</c> pulls indicators from Prometheus.</summary>
/// <param name="Url">Prometheus' base address, for example http://127.0.0.1:9090.</param>
/// <param name="Step">The resolution of stored measurements and the pull interval.</param>
/// <param name="Backfill">How far back an indicator with no measurements yet is filled.</param>
public sealed record PrometheusPullOptions(Uri Url, Duration Step, Duration Backfill);

/// <summary>What one pull did for one indicator.</summary>
public sealed record PullOutcome(string Indicator, Instant From, Instant To, int Stored, string? Error);

/// <summary>
/// Pulls every indicator whose source is Prometheus: from its latest stored measurement (or the
/// backfill horizon) to now rounded down to the step, through range queries at that step. Counters become
/// per-step increases; re-pulling a step replaces it, so a pull that fails half-way is simply redone.
/// </summary>
public sealed class PrometheusPuller(PrometheusClient prometheus, PrometheusPullOptions options, CatalogueStore catalogue, MeasurementStore measurements)
{
    /// <summary>One pull of every Prometheus indicator up to <paramref name="now"/>. One indicator's failure does not stop the others.</summary>
    public async Task<IReadOnlyList<PullOutcome>> PullAsync(Instant now, CancellationToken ct = default)
    {
        var step = options.Step.BclCompatibleTicks;
        var end = Instant.FromUnixTimeTicks(now.ToUnixTimeTicks() / step * step);
        var horizon = Instant.FromUnixTimeTicks((end - options.Backfill).ToUnixTimeTicks() / step * step);
        var outcomes = new List<PullOutcome>();
        foreach (var document in await catalogue.CurrentAsync(ResourceKind.Indicator, ct).ConfigureAwait(false))
        {
            if (document.Spec is not IndicatorSpec { Source: { } source } indicator
                || !source.Type.Equals("Prometheus", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var latest = await measurements.LatestAsync(document.Name, ct).ConfigureAwait(false);
            var from = latest is { } l && l > horizon ? l : horizon;
            if (from >= end)
            {
                continue;
            }
            IReadOnlyList<MeasurementRow> rows;
            try
            {
                rows = await RowsAsync(document.Name, indicator, source, from, end, ct).ConfigureAwait(false);
            }
            catch (PrometheusQueryException ex)
            {
                outcomes.Add(new PullOutcome(document.Name, from, end, 0, ex.Message));
                continue;
            }
            // Stored a chunk at a time, oldest first: a chunk refused leaves the older ones, and the next pull starts after them.
            var stored = 0;
            string? error = null;
            foreach (var chunk in rows.Chunk(100_000))
            {
                var result = await measurements.IngestAsync(chunk, $"prometheus:{document.Name}", ct).ConfigureAwait(false);
                if (!result.Ok)
                {
                    error = $"the store refused the pulled measurements: {string.Join("; ", result.Errors.Select(e => e.Message))}";
                    break;
                }
                stored += result.Stored;
            }
            outcomes.Add(new PullOutcome(document.Name, from, end, stored, error));
        }
        return outcomes;
    }

    private async Task<IReadOnlyList<MeasurementRow>> RowsAsync(string name, IndicatorSpec indicator, MetricSource source, Instant from, Instant end, CancellationToken ct)
    {
        async Task<IReadOnlyList<PrometheusSeries>?> Range(string? query)
        {
            if (string.IsNullOrWhiteSpace(query))
            {
                return null;
            }
            if (query.Contains("{{", StringComparison.Ordinal))
            {
                throw new PrometheusQueryException($"query '{query}' is a template (with {{{{ }}}}), as rule generators use; to pull, give a query that returns counters, for example http_requests_total{{code!~\"5..\"}}.");
            }
            return await prometheus.QueryRangeAsync(query, from, end, options.Step, ct).ConfigureAwait(false);
        }

        if (indicator.Type == IndicatorType.Threshold)
        {
            return PrometheusMeasurements.Values(name, (await Range(source.Query).ConfigureAwait(false))!, from);
        }
        if (source.Total is null)
        {
            return PrometheusMeasurements.UpDown(name, (await Range(source.Query).ConfigureAwait(false))!, from);
        }
        var total = await Range(source.Total).ConfigureAwait(false);
        var good = await Range(source.Good).ConfigureAwait(false);
        var bad = await Range(source.Bad).ConfigureAwait(false);
        return PrometheusMeasurements.Ratio(name, total!, good, bad, from);
    }
}

/// <summary>Runs <see cref="PrometheusPuller"/> once a step, for as long as <c>slm serve</c> runs.</summary>
public sealed class PrometheusPullService(PrometheusPuller puller, PrometheusPullOptions options, IClock clock, ILogger<PrometheusPullService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.PrometheusPulling(logger, options.Url, options.Step, options.Backfill);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var outcome in await puller.PullAsync(clock.GetCurrentInstant(), stoppingToken).ConfigureAwait(false))
                {
                    if (outcome.Error is { } error)
                    {
                        Log.PullFailed(logger, outcome.Indicator, error);
                    }
                    else
                    {
                        Log.Pulled(logger, outcome.Indicator, outcome.Stored, outcome.From, outcome.To);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;   // stopping (or never started): not a failure
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.PullRoundFailed(logger, ex);
            }
            try
            {
                await Task.Delay(Schedule.UntilNext(clock, options.Step), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
