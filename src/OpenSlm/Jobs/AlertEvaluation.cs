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
using OpenSlm.Storage.Jobs;

namespace OpenSlm.Jobs;

/// <summary>What one evaluation round did.</summary>
public sealed record AlertRound(
    Instant At, int Objectives, IReadOnlyList<AlertRecord> Opened, IReadOnlyList<AlertRecord> Changed, IReadOnlyList<AlertRecord> Resolved,
    IReadOnlyList<BreachRecord> Breaches, int Reminded, IReadOnlyList<ObjectiveFailure> Failed);

/// <summary>An objective whose evaluation failed in a round: the others went on, and it is tried again next round.</summary>
public sealed record ObjectiveFailure(string Agreement, string Objective, string Error);

/// <summary>
/// Evaluates every objective of every agreement's Active version against its alert policy, keeps the alert records in
/// step (one unresolved alert per objective and <see cref="AlertIdentity"/>; resolved when the condition stops holding) and records a
/// breach for each calendar period that closed below target. With several <c>slm serve</c> on one database, a lease
/// in the database lets one instance at a time run a round.
/// </summary>
public sealed class AlertEvaluator(
    CatalogueStore catalogue, ObjectiveReader reader, AlertStore alerts, Notifier notifier, Storage.Measurements.MeasurementStore measurements, JobLeases leases,
    Storage.Tickets.TicketStore tickets, ILogger<AlertEvaluator> logger)
{
    /// <summary>The job's lease name.</summary>
    public const string Job = "alert-evaluation";

    /// <summary>Each agreement's versions to evaluate (its Active one, and the one before while it may still judge a closed period), as of its revision.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Revision, IReadOnlyList<Evaluated> Versions)> _agreements = new(StringComparer.Ordinal);

    /// <summary>How long after a version takes effect the one before it may still judge a closed period (a quarter and some).</summary>
    private static readonly Period PredecessorJudges = Period.FromDays(100);

    /// <summary>
    /// One version to evaluate: the Active one alerts and records breaches of the periods it judges; the one it replaced
    /// only records the breach of a closed period that was still its own (issue 18: an amendment never judges a period
    /// that closed before it took effect).
    /// </summary>
    private sealed record Evaluated(string Name, int Version, AgreementSpec Spec, IReadOnlyList<VersionTerm> Terms, bool Alerts)
    {
        /// <summary>Whether this version was in force on the last day of the closed <paramref name="window"/> (in <paramref name="zone"/>).</summary>
        public bool Judges(Window window, DateTimeZone zone) =>
            VersionsInForce.On(Terms, (window.End - Duration.Epsilon).InZone(zone).Date) is not { } judge ? Alerts : judge == Version;
    }

    /// <summary>Closed periods already recorded as breached (or found recorded), so each is written once per process.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string, Instant), bool> _breachesSeen = new();

    /// <summary>Each calendar objective's trend projection and the hour it was fitted in: days change slowly, so it is
    /// fitted again once an hour rather than every minute.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), (Instant Hour, TrendProjection? Trend)> _trends = new();

    /// <summary>This runner, as lease holders are told apart.</summary>
    private readonly string _holder = JobLeases.NewHolder();

    /// <summary>Takes or renews this runner's lease at <paramref name="now"/>: true when it holds it.</summary>
    public Task<bool> RenewAsync(Instant now, CancellationToken ct) => leases.TryTakeAsync(Job, _holder, now, ct);

    /// <summary>Gives up this runner's lease, so that another instance takes the job over at once.</summary>
    public Task ReleaseAsync(CancellationToken ct) => leases.ReleaseAsync(Job, _holder, ct);

    /// <summary>Runs one round at <paramref name="now"/>; null when another instance holds the lease.</summary>
    public async Task<AlertRound?> RunOnceAsync(Instant now, CancellationToken ct)
    {
        if (!await leases.TryTakeAsync(Job, _holder, now, ct).ConfigureAwait(false))
        {
            return null;
        }
        var (opened, resolved, changed, breaches) = (new List<AlertRecord>(), new List<AlertRecord>(), new List<AlertRecord>(), new List<BreachRecord>());
        var unresolved = await alerts.UnresolvedAsync(ct).ConfigureAwait(false);
        var stillHolding = new List<long>();
        var reminded = 0;
        var count = 0;
        var failed = new List<ObjectiveFailure>();
        var today = now.InUtc().Date;
        var agreements = await ActiveAgreementsAsync(today, ct).ConfigureAwait(false);
        // Versions past their effective end: their last closed period still records its breach, nothing alerts, and
        // they expire at the end of the round (issue 18, finding 2).
        var ending = agreements.Where(a => a.Alerts && AgreementLifecycle.IsPastItsEnd(VersionStatus.Active, a.Spec.Effective, today)).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var all = await reader.ReadAllAsync([.. agreements.Select(a => a.Spec)], now, plan => Earliest(plan.Since(now), plan.HistorySince(now, 1)), ct).ConfigureAwait(false);
        var watched = await WatchedClocksAsync(all, now, ct).ConfigureAwait(false);
        for (var i = 0; i < agreements.Count; i++)
        {
            var (name, spec, objectives, entry) = (agreements[i].Name, agreements[i].Spec, all[i], agreements[i]);
            Notifier.Recipients? recipients = null;   // read only when someone is to be told of something
            foreach (var (objective, plan, series, indicator) in objectives)
            {
                count++;
                try
                {
                    var evaluation = plan.Evaluate(series, now);
                    if (entry.Alerts && !ending.Contains(name))
                    {
                        var policy = objective.Alerting?.Policy(plan.Terms.Window.Full(now).Length) ?? new AlertPolicy();
                        var signals = new List<AlertSignal>();
                        if (objective.Alerting is not { Enabled: false })
                        {
                            var lastData = policy.NoDataAfter is null ? null : await measurements.LatestAsync(objective.Indicator, ct).ConfigureAwait(false);
                            var trend = policy.ProjectedBreach && evaluation.Status is ObjectiveStatus.Met or ObjectiveStatus.AtRisk
                                ? Trend((name, objective.Name), plan, series, now)
                                : null;
                            signals.AddRange(AlertRules.Check(plan, series, evaluation, now, policy, lastData, trend));
                            if (indicator?.Clocks is { } tracking && watched.TryGetValue(tracking.Policy, out var clocks))
                            {
                                signals.AddRange(clocks
                                    .Where(c => tracking.Priorities.Count == 0 || (c.Clock.Priority is { } p && tracking.Priorities.Contains(p)))
                                    .Select(c => AlertRules.TicketWarning(c.Clock, c.Upcoming, now)).OfType<AlertSignal>());
                            }
                        }
                        var open = unresolved.GetValueOrDefault((name, objective.Name)) ?? [];
                        if (AlertLifecycle.Sync([.. open.Select(o => o.Lifecycle)], signals).Quiet)
                        {
                            // Nothing opens or resolves (the usual case): no write but the batched "still seen" below, and a
                            // reminder of alerts nobody has acknowledged since the policy's interval.
                            stillHolding.AddRange(open.Select(o => o.Id));
                            var due = open.Where(o => AlertLifecycle.Reminds(o.State, o.SnoozedUntil, now) && policy.RenotifyAfter is { } every && o.LastNotifiedAt is { } told && now - told >= every)
                                .Select(o => o.Id).ToList();
                            if (due.Count > 0)
                            {
                                recipients ??= await notifier.RecipientsAsync(spec, ct).ConfigureAwait(false);
                                reminded += await alerts.RemindAsync(due, now, a => notifier.Drafts(a, AlertEvent.Reminder, recipients, policy), ct).ConfigureAwait(false);
                            }
                        }
                        else
                        {
                            recipients ??= await notifier.RecipientsAsync(spec, ct).ConfigureAwait(false);
                            var json = JsonSerializer.Serialize(ObjectiveEvaluationDto.From(name, objective, evaluation), SlmServer.ApiJson);
                            var changes = await alerts.SyncAsync(name, objective.Name, [.. signals.Select(s => new FiringSignal(s, json))], now,
                                (alert, happened) => notifier.Drafts(alert, happened, recipients, policy), ct).ConfigureAwait(false);
                            opened.AddRange(changes.Opened);
                            resolved.AddRange(changes.Resolved);
                            changed.AddRange(changes.Changed);
                        }
                    }
                    if (plan.Terms.Window.Period is not null
                        && plan.History(series, now, 1) is [{ Status: ObjectiveStatus.Breached, Attainment: Attainment.Measured measured } closed]
                        && entry.Judges(closed.Window, plan.Clock.Zone)
                        && !_breachesSeen.ContainsKey((name, objective.Name, closed.Window.Start)))
                    {
                        recipients ??= await notifier.RecipientsAsync(spec, ct).ConfigureAwait(false);
                        if (await alerts.RecordBreachAsync(name, objective.Name, closed.Window.Start, closed.Window.End, measured.Percent, objective.Target, now,
                            b => notifier.Drafts(b, recipients), ct).ConfigureAwait(false) is { } breach)
                        {
                            breaches.Add(breach);
                        }
                        _breachesSeen[(name, objective.Name, closed.Window.Start)] = true;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One objective's failure (its data, its store write) never stops the round for the others: it is
                    // logged, counted, and tried again next round. Its open alerts stay as they are.
                    failed.Add(new ObjectiveFailure(name, objective.Name, ex.GetBaseException().Message));
                    Log.ObjectiveFailed(logger, name, objective.Name, ex);
                }
            }
        }
        await alerts.SeenAsync(stillHolding, now, ct).ConfigureAwait(false);

        // Alerts of objectives no longer evaluated (the agreement retired or without an Active version, the objective
        // removed by an amendment) have nothing left to hold them open: they resolve, told to nobody.
        var evaluated = agreements.Where(a => a.Alerts && !ending.Contains(a.Name)).SelectMany(a => a.Spec.Objectives.Select(o => (a.Name, o.Name))).ToHashSet();
        foreach (var key in unresolved.Keys.Where(k => !evaluated.Contains(k)))
        {
            resolved.AddRange((await alerts.SyncAsync(key.Agreement, key.Objective, [], now, null, ct).ConfigureAwait(false)).Resolved);
        }
        foreach (var (agreement, version, lastDay) in await catalogue.ExpireDueAsync(today, new OpenSlm.Storage.Catalogue.Actor("openslm (past its effective end)", "expiry"), ending, ct).ConfigureAwait(false))
        {
            Log.VersionExpired(logger, agreement, version, lastDay);
        }
        foreach (var (agreement, version, from) in await catalogue.ActivateDueAsync(today, new OpenSlm.Storage.Catalogue.Actor("openslm (its effective date came)", "schedule"), ct).ConfigureAwait(false))
        {
            Log.VersionActivated(logger, agreement, version, from);
        }
        return new AlertRound(now, count, opened, changed, resolved, breaches, reminded, failed);
    }

    private static Instant Earliest(Instant a, Instant b) => a < b ? a : b;

    /// <summary>The objective's trend projection, fitted again when the hour has changed since it last was.</summary>
    private TrendProjection? Trend((string, string) key, ObjectivePlan plan, Core.Evaluation.CountSeries series, Instant now)
    {
        if (plan.Terms.Window.Period is null)
        {
            return null;
        }
        var hour = Instant.FromUnixTimeTicks(now.ToUnixTimeTicks() - (now.ToUnixTimeTicks() % NodaConstants.TicksPerHour));
        if (!_trends.TryGetValue(key, out var known) || known.Hour != hour)
        {
            known = (hour, BudgetTrend.Project(plan, series, now));
            _trends[key] = known;
        }
        return known.Trend;
    }

    /// <summary>The clocks to watch of every ticket policy an objective counts, by policy: one read per round.</summary>
    private async Task<Dictionary<string, List<(Core.Tickets.TicketClock Clock, IReadOnlyList<Core.Tickets.WarningCrossed> Upcoming)>>> WatchedClocksAsync(
        IReadOnlyList<IReadOnlyList<PlannedObjective>> all, Instant now, CancellationToken ct)
    {
        var policies = all.SelectMany(a => a).Select(o => o.Indicator?.Clocks?.Policy).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var clocks = await tickets.WatchedAsync(policies, now, ct).ConfigureAwait(false);
        return clocks.GroupBy(c => c.Clock.Policy, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Every agreement's Active version, and the version it replaced while that may still judge a closed period. Only
    /// names and revisions are read each round; an agreement's versions are read again when its revision changed (any
    /// edit or status move raises it).
    /// </summary>
    private async Task<List<Evaluated>> ActiveAgreementsAsync(LocalDate today, CancellationToken ct)
    {
        var result = new List<Evaluated>();
        foreach (var (name, revision) in await catalogue.HeadsAsync(ResourceKind.Agreement, ct).ConfigureAwait(false))
        {
            if (!_agreements.TryGetValue(name, out var known) || known.Revision != revision)
            {
                var record = await catalogue.GetAsync(ResourceKind.Agreement, name, ct).ConfigureAwait(false);
                var versions = new List<Evaluated>();
                if (record?.ActiveVersion is { } number && await catalogue.GetVersionAsync(name, number, ct).ConfigureAwait(false) is { } active)
                {
                    var terms = await catalogue.VersionTermsAsync(name, ct).ConfigureAwait(false);
                    versions.Add(new Evaluated(name, number, active.Spec, terms, Alerts: true));
                    var from = terms.First(t => t.Number == number).From;
                    if (from is { } first && first > today - PredecessorJudges && VersionsInForce.On(terms, first.PlusDays(-1)) is { } before && before != number
                        && await catalogue.GetVersionAsync(name, before, ct).ConfigureAwait(false) is { } replaced)
                    {
                        versions.Add(new Evaluated(name, before, replaced.Spec, terms, Alerts: false));
                    }
                }
                known = (record?.Status.Revision ?? revision, versions);
                _agreements[name] = known;
            }
            result.AddRange(known.Versions);
        }
        return result;
    }
}

/// <summary>Runs <see cref="AlertEvaluator"/> at the start of every minute while <c>slm serve</c> runs.</summary>
public sealed class AlertEvaluationService(AlertEvaluator evaluator, IClock clock, ILogger<AlertEvaluationService> logger)
    : LeasedJobService(clock, Duration.FromMinutes(1), logger)
{
    /// <inheritdoc />
    protected override async Task<bool> RunRoundAsync(Instant now, CancellationToken ct)
    {
        if (await evaluator.RunOnceAsync(now, ct).ConfigureAwait(false) is not { } round)
        {
            return false;
        }
        Log.AlertRound(logger, round.Objectives, round.Opened.Count, round.Resolved.Count, round.Breaches.Count);
        return true;
    }

    /// <inheritdoc />
    protected override Task<bool> RenewAsync(Instant now, CancellationToken ct) => evaluator.RenewAsync(now, ct);

    /// <inheritdoc />
    protected override Task ReleaseAsync(CancellationToken ct) => evaluator.ReleaseAsync(ct);

    /// <inheritdoc />
    protected override void RoundFailed(Exception exception) => Log.AlertRoundFailed(logger, exception);
}
