using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Indicators;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Measurements;

namespace OpenSlm.Evaluation;

/// <summary>One objective ready to evaluate: its terms planned on its calendar, its data, and its indicator (null when
/// the indicator is not defined).</summary>
public sealed record PlannedObjective(ObjectiveSpec Objective, ObjectivePlan Plan, CountSeries Series, IndicatorSpec? Indicator = null);

/// <summary>
/// Plans an agreement version's objectives and reads their data from the store, for the evaluation API and the alert
/// evaluator alike: calendars are read and built once per call, counted indicators in one read of the rollups.
/// </summary>
public sealed class ObjectiveReader(CatalogueStore catalogue, MeasurementStore measurements)
{
    /// <summary>
    /// Every objective of <paramref name="agreement"/>, with the data from <paramref name="since"/> (given the plan) up to
    /// <paramref name="at"/>.
    /// </summary>
    public async Task<IReadOnlyList<PlannedObjective>> ReadAsync(AgreementSpec agreement, Instant at, Func<ObjectivePlan, Instant> since, CancellationToken ct) =>
        (await ReadAllAsync([agreement], at, since, ct).ConfigureAwait(false))[0];

    /// <summary>
    /// The objectives of several agreements, in their order, with one read of the counted indicators for all of them
    /// (as the alert evaluator reads every agreement each minute).
    /// </summary>
    public Task<IReadOnlyList<IReadOnlyList<PlannedObjective>>> ReadAllAsync(
        IReadOnlyList<AgreementSpec> agreements, Instant at, Func<ObjectivePlan, Instant> since, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(since);
        return ReadAllAsync(agreements, at, (_, plan) => since(plan), ct);
    }

    /// <summary>Every objective of <paramref name="agreement"/>, with the data from <paramref name="since"/> (given the
    /// objective and its plan) up to <paramref name="at"/>.</summary>
    public async Task<IReadOnlyList<PlannedObjective>> ReadAsync(AgreementSpec agreement, Instant at, Func<ObjectiveSpec, ObjectivePlan, Instant> since, CancellationToken ct) =>
        (await ReadAllAsync([agreement], at, since, ct).ConfigureAwait(false))[0];

    private async Task<IReadOnlyList<IReadOnlyList<PlannedObjective>>> ReadAllAsync(
        IReadOnlyList<AgreementSpec> agreements, Instant at, Func<ObjectiveSpec, ObjectivePlan, Instant> since, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(agreements);
        ArgumentNullException.ThrowIfNull(since);
        var (counts, specs) = await measurements.CountsAndSpecsAsync(
            agreements.SelectMany(a => a.Objectives).Where(o => o.Threshold is null).Select(o => o.Indicator), ct).ConfigureAwait(false);
        var result = new List<IReadOnlyList<PlannedObjective>>(agreements.Count);
        foreach (var agreement in agreements)
        {
            // A calendar's clock carries the exclusions that apply to this agreement's services: built once per agreement.
            var clocks = new Dictionary<string, BusinessClock>(StringComparer.Ordinal);
            var planned = new List<PlannedObjective>(agreement.Objectives.Count);
            foreach (var objective in agreement.Objectives)
            {
                var plan = await PlanAsync(agreement, objective, clocks, ct).ConfigureAwait(false);
                CountSeries series = objective.Threshold is { } threshold
                    ? RatioSeries.Judged(await measurements.ValuesAsync(objective.Indicator, since(objective, plan), at, ct).ConfigureAwait(false), threshold)
                    : counts[objective.Indicator];
                planned.Add(new PlannedObjective(objective, plan, series, specs.GetValueOrDefault(objective.Indicator)));
            }
            result.Add(planned);
        }
        return result;
    }

    /// <summary>The objectives of <paramref name="agreement"/> planned on their calendars, without their data.</summary>
    public async Task<IReadOnlyList<(ObjectiveSpec Objective, ObjectivePlan Plan)>> PlansAsync(AgreementSpec agreement, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        var clocks = new Dictionary<string, BusinessClock>(StringComparer.Ordinal);
        var plans = new List<(ObjectiveSpec, ObjectivePlan)>(agreement.Objectives.Count);
        foreach (var objective in agreement.Objectives)
        {
            plans.Add((objective, await PlanAsync(agreement, objective, clocks, ct).ConfigureAwait(false)));
        }
        return plans;
    }

    /// <summary>Plans one objective; <paramref name="clocks"/> keeps the calendars' clocks of this call, each calendar read and built once.</summary>
    private async Task<ObjectivePlan> PlanAsync(AgreementSpec agreement, ObjectiveSpec objective, Dictionary<string, BusinessClock> clocks, CancellationToken ct)
    {
        if (objective.Calendar is not { } name)
        {
            return ObjectivePlan.For(objective, BusinessClock.AlwaysOpen);
        }
        if (!clocks.TryGetValue(name, out var clock))
        {
            var calendar = (await catalogue.GetAsync(ResourceKind.Calendar, name, ct).ConfigureAwait(false))?.Document.Spec as CalendarSpec;
            clock = ObjectivePlan.ClockFor(agreement, calendar);
            clocks[name] = clock;
        }
        return ObjectivePlan.For(objective, clock);
    }
}
