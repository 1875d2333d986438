using System.Text.Json;
using NodaTime;
using OpenSlm.Api;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Alerting;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;
using OpenSlm.Evaluation;
using OpenSlm.Hosting;
using OpenSlm.Storage.Alerts;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Jobs;

/// <summary>What one evaluation round did.</summary>
public sealed record AlertRound(Instant At, int Objectives, IReadOnlyList<AlertRecord> Opened, IReadOnlyList<AlertRecord> Resolved, IReadOnlyList<BreachRecord> Breaches);

/// <summary>
/// Evaluates every objective of every agreement's Active version against its alert policy, keeps the alert records in
/// step (one open alert per objective, kind and severity; resolved when the condition stops holding) and records a
/// breach for each calendar period that closed below target. With several <c>slm serve</c> on one database, a lease
/// in the database lets one instance at a time run a round.
/// </summary>
public sealed class AlertEvaluator(CatalogueStore catalogue, ObjectiveReader reader, AlertStore alerts, Notifier notifier)
{
    /// <summary>The job's lease name.</summary>
    public const string Job = "alert-evaluation";

    /// <summary>How long a lease lasts unless renewed by the next round.</summary>
    public static Duration LeaseLength { get; } = Duration.FromMinutes(2);

    /// <summary>This instance, as lease holders are told apart.</summary>
    public string Instance { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Runs one round at <paramref name="now"/>; null when another instance holds the lease.</summary>
    public async Task<AlertRound?> RunOnceAsync(Instant now, CancellationToken ct)
    {
        if (!await alerts.TryLeaseAsync(Job, Instance, now, LeaseLength, ct).ConfigureAwait(false))
        {
            return null;
        }
        var (opened, resolved, breaches) = (new List<AlertRecord>(), new List<AlertRecord>(), new List<BreachRecord>());
        var count = 0;
        foreach (var (name, spec) in await ActiveAgreementsAsync(ct).ConfigureAwait(false))
        {
            var objectives = await reader.ReadAsync(spec, now, plan => Earliest(plan.Since(now), plan.HistorySince(now, 1)), ct).ConfigureAwait(false);
            var recipients = await notifier.RecipientsAsync(spec, ct).ConfigureAwait(false);
            foreach (var (objective, plan, series) in objectives)
            {
                count++;
                var evaluation = plan.Evaluate(series, now);
                var signals = AlertRules.Check(plan, series, evaluation, now, new AlertPolicy(), lastData: null);
                var json = JsonSerializer.Serialize(ObjectiveEvaluationDto.From(name, objective, evaluation), SlmServer.ApiJson);
                var changes = await alerts.SyncAsync(name, objective.Name, [.. signals.Select(s => new FiringSignal(s, json))], now,
                    (alert, happened) => notifier.Drafts(alert, happened, recipients), ct).ConfigureAwait(false);
                opened.AddRange(changes.Opened);
                resolved.AddRange(changes.Resolved);
                if (plan.Terms.Window.Period is not null
                    && plan.History(series, now, 1) is [{ Status: ObjectiveStatus.Breached, Attainment: Attainment.Measured measured } closed]
                    && await alerts.RecordBreachAsync(name, objective.Name, closed.Window.Start, closed.Window.End, measured.Percent, objective.Target, now,
                        b => notifier.Drafts(b, recipients), ct).ConfigureAwait(false) is { } breach)
                {
                    breaches.Add(breach);
                }
            }
        }
        return new AlertRound(now, count, opened, resolved, breaches);
    }

    private static Instant Earliest(Instant a, Instant b) => a < b ? a : b;

    private async Task<List<(string Name, AgreementSpec Spec)>> ActiveAgreementsAsync(CancellationToken ct)
    {
        var result = new List<(string, AgreementSpec)>();
        foreach (var doc in await catalogue.CurrentAsync(ResourceKind.Agreement, ct).ConfigureAwait(false))
        {
            var record = await catalogue.GetAsync(ResourceKind.Agreement, doc.Name, ct).ConfigureAwait(false);
            if (record?.Versions.FirstOrDefault(v => v.Status == VersionStatus.Active) is { } active
                && await catalogue.GetVersionAsync(doc.Name, active.Number, ct).ConfigureAwait(false) is { } version)
            {
                result.Add((doc.Name, version.Spec));
            }
        }
        return result;
    }
}

/// <summary>Runs <see cref="AlertEvaluator"/> at the start of every minute while <c>slm serve</c> runs.</summary>
public sealed class AlertEvaluationService(AlertEvaluator evaluator, IClock clock, ILogger<AlertEvaluationService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await evaluator.RunOnceAsync(clock.GetCurrentInstant(), stoppingToken).ConfigureAwait(false) is { } round)
                {
                    Log.AlertRound(logger, round.Objectives, round.Opened.Count, round.Resolved.Count, round.Breaches.Count);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.AlertRoundFailed(logger, ex);
            }
            var minute = Duration.FromMinutes(1).BclCompatibleTicks;
            var now = clock.GetCurrentInstant().ToUnixTimeTicks();
            await Task.Delay(TimeSpan.FromTicks(((now / minute) + 1) * minute - now), stoppingToken).ConfigureAwait(false);
        }
    }
}
