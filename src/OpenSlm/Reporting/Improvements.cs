using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Improvement;
using OpenSlm.Evaluation;
using OpenSlm.Storage.Alerts;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Reporting;

/// <summary>A plan with its measured effect (null when its agreement or objective is no longer there, with why).</summary>
public sealed record PlanStanding(string Name, string? DisplayName, ImprovementPlanSpec Plan, PlanEffect? Effect, string? Unmeasured)
{
    /// <summary>The plan's open actions (planned or in progress).</summary>
    public IEnumerable<PlanAction> OpenActions => Plan.Actions.Where(a => a.Open);

    /// <summary>Whether the plan worked: its goal is met.</summary>
    public bool Worked => Effect?.Goal == GoalState.Met;
}

/// <summary>
/// Improvement (issue 20) for the API, the pages and the reports: each plan's effect measured by the engine from stored
/// data, recurring breaches, and the Pareto of causes. Everything is computed from the records as they stand; nothing
/// is stored.
/// </summary>
public sealed class Improvements(CatalogueStore catalogue, ObjectiveReader reader, AlertStore alerts, IClock clock)
{
    /// <summary>The longest span a Pareto of causes covers.</summary>
    public static Duration MaxSpan { get; } = Duration.FromDays(3 * 366);

    /// <summary>
    /// The span of days a Pareto of causes is asked for (<c>from</c> and <c>to</c>, yyyy-MM-dd, both inclusive; default the
    /// 365 days up to <paramref name="today"/>), or the first thing wrong with it, by field.
    /// </summary>
    public static (LocalDate From, LocalDate To, (string Field, string Message)? Problem) Span(string? from, string? to, LocalDate today)
    {
        (string, string)? problem = null;
        LocalDate? Day(string field, string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }
            if (NodaTime.Text.LocalDatePattern.Iso.Parse(text.Trim()).TryGetValue(default, out var day) && Core.Limits.InRange(day))
            {
                return day;
            }
            problem ??= (field, $"'{(text.Length > 40 ? text[..40] + "…" : text)}' is not a day: expected yyyy-MM-dd between {Core.Limits.MinYear} and {Core.Limits.MaxYear}.");
            return null;
        }
        var last = Day("to", to) ?? today;
        var first = Day("from", from) ?? last.PlusDays(-364);
        if (problem is null && first > last)
        {
            problem = ("from", $"{first:yyyy-MM-dd} is after to ({last:yyyy-MM-dd}).");
        }
        else if (problem is null && Period.Between(first, last, PeriodUnits.Days).Days > MaxSpan.Days)
        {
            problem = ("from", $"the span from {first:yyyy-MM-dd} to {last:yyyy-MM-dd} is longer than {MaxSpan.Days:N0} days.");
        }
        return (first, last, problem);
    }

    /// <summary>Every plan (not retired) with its effect, by name; only those of <paramref name="agreement"/> when given.</summary>
    public async Task<IReadOnlyList<PlanStanding>> PlansAsync(string? agreement = null, CancellationToken ct = default)
    {
        var records = await catalogue.RecordsAsync(ResourceKind.ImprovementPlan, ct).ConfigureAwait(false);
        var result = new List<PlanStanding>();
        foreach (var record in records)
        {
            var plan = (ImprovementPlanSpec)record.Document.Spec;
            if (agreement is null || plan.Agreement == agreement)
            {
                result.Add(await StandingAsync(record.Document.Name, record.Document.Metadata.DisplayName, plan, ct).ConfigureAwait(false));
            }
        }
        return result;
    }

    /// <summary>One plan with its effect as it stands now.</summary>
    public async Task<PlanStanding> StandingAsync(string name, string? displayName, ImprovementPlanSpec plan, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var now = clock.GetCurrentInstant();
        if (plan.Agreement is null || await catalogue.GetAsync(ResourceKind.Agreement, plan.Agreement, ct).ConfigureAwait(false) is not { Status.RetiredAt: null, Document.Spec: AgreementSpec terms })
        {
            return new PlanStanding(name, displayName, plan, null, $"Agreement '{plan.Agreement}' is retired: the effect cannot be measured.");
        }
        var planned = (await reader.ReadAsync(terms, now, (o, p) => o.Name == plan.Objective ? PlanEffect.Since(plan, p, now) : now, ct).ConfigureAwait(false))
            .FirstOrDefault(o => o.Objective.Name == plan.Objective);
        if (planned is null)
        {
            return new PlanStanding(name, displayName, plan, null, $"Agreement '{plan.Agreement}' has no objective '{plan.Objective}' any more: the effect cannot be measured.");
        }
        return new PlanStanding(name, displayName, plan, PlanEffect.Measure(plan, planned.Plan, planned.Series, now), null);
    }

    /// <summary>The breaches not withdrawn, as the analyses count them (bad units and downtime left at zero).</summary>
    public async Task<IReadOnlyList<(BreachRecord Breach, BreachFact Fact)>> BreachesAsync(CancellationToken ct = default) =>
        [.. (await alerts.BreachesAsync(null, ct: ct).ConfigureAwait(false)).Select(b => (b, Fact(b)))];

    private static BreachFact Fact(BreachRecord b) => new(b.Agreement, b.Objective, b.PeriodStart, b.PeriodEnd, b.Category, b.Problem);

    /// <summary>
    /// The recurring breach patterns now: objectives breached in 2 of their last 6 periods (of the agreements as they stand;
    /// objectives no longer in an agreement are not judged), cause categories 3 times within a quarter.
    /// </summary>
    public async Task<IReadOnlyList<RecurringBreach>> RecurringAsync(CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var facts = (await BreachesAsync(ct).ConfigureAwait(false)).Select(b => b.Fact).ToList();
        var since = new Dictionary<(string, string), Instant>();
        foreach (var agreement in facts.Select(f => f.Agreement).Distinct(StringComparer.Ordinal))
        {
            if (await catalogue.GetAsync(ResourceKind.Agreement, agreement, ct).ConfigureAwait(false) is not { Status.RetiredAt: null, Document.Spec: AgreementSpec terms })
            {
                continue;
            }
            foreach (var (objective, plan) in await reader.PlansAsync(terms, ct).ConfigureAwait(false))
            {
                since[(agreement, objective.Name)] = plan.HistorySince(now, Recurrence.ObjectivePeriods);
            }
        }
        return Recurrence.Detect(facts, (a, o) => since.TryGetValue((a, o), out var from) ? from : null);
    }

    /// <summary>
    /// The Pareto of causes over the breaches whose period ended in (<paramref name="from"/>, <paramref name="to"/>]: each
    /// breach's bad units (events, or bad slices) and downtime (bad slices' time, for a time-sliced objective) scored by the
    /// engine on its period, under the objective as its agreement states it now.
    /// </summary>
    public async Task<(IReadOnlyList<ParetoRow> Rows, IReadOnlyList<BreachFact> Breaches)> ParetoAsync(Instant from, Instant to, CancellationToken ct = default)
    {
        var breaches = (await BreachesAsync(ct).ConfigureAwait(false)).Where(b => b.Fact.PeriodEnd > from && b.Fact.PeriodEnd <= to).ToList();
        var facts = new List<BreachFact>(breaches.Count);
        foreach (var group in breaches.GroupBy(b => b.Fact.Agreement, StringComparer.Ordinal))
        {
            var terms = await catalogue.GetAsync(ResourceKind.Agreement, group.Key, ct).ConfigureAwait(false) is { Document.Spec: AgreementSpec spec } ? spec : null;
            var earliest = group.Min(b => b.Fact.PeriodStart);
            var planned = terms is null ? [] : await reader.ReadAsync(terms, to, (_, _) => earliest, ct).ConfigureAwait(false);
            foreach (var (_, fact) in group)
            {
                if (planned.FirstOrDefault(p => p.Objective.Name == fact.Objective) is not { } objective)
                {
                    facts.Add(fact);
                    continue;
                }
                var score = objective.Plan.Score(objective.Series, Window.Between(fact.PeriodStart, fact.PeriodEnd));
                var downtime = objective.Plan.Terms.Budgeting != BudgetingMethod.Occurrences && objective.Plan.Terms.Slice is { } slice
                    ? slice * (double)score.BadUnits : Duration.Zero;
                facts.Add(fact with { BadUnits = score.BadUnits, Downtime = downtime });
            }
        }
        return (Pareto.Of(facts), facts);
    }
}
