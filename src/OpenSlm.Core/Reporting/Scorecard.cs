using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Improvement;

namespace OpenSlm.Core.Reporting;

/// <summary>One row of the scorecard's heat map: an objective of an agreement covering a service, month by month.</summary>
public sealed record ScorecardRow(string Service, string Agreement, string Objective, decimal Target, IReadOnlyList<PeriodFigures> Months)
{
    /// <summary>Months below target.</summary>
    public int Breached => Months.Count(m => m.Status == ObjectiveStatus.Breached);

    /// <summary>The trend of its months (the last <see cref="AttainmentTrend.LookBack"/> with data): whether it is
    /// deteriorating while still met.</summary>
    public AttainmentTrend Trend { get; } = AttainmentTrend.Of(Months, Target);

    /// <summary>The lowest month's attainment less the target, in percentage points (negative: below target); null without data.</summary>
    public decimal? WorstMargin => Months.Select(m => m.Attainment).OfType<Attainment.Measured>().Select(m => (decimal?)(m.Percent - Target)).Min();
}

/// <summary>A service's attainment against what it costs: its objectives' mean monthly attainment, the months
/// breached among them, and its monthly cost.</summary>
public sealed record ServiceValue(string Service, int Tier, Money? MonthlyCost, int Objectives, decimal? MeanAttainment, int MonthsBreached);

/// <summary>An agreement whose review is due within the look-ahead, or overdue.</summary>
public sealed record ReviewDue(string Agreement, LocalDate NextReview, bool Overdue)
{
    /// <summary>How far ahead a review counts as due.</summary>
    public static Period LookAhead { get; } = Period.FromDays(30);

    /// <summary>The review of <paramref name="agreement"/> when it is due within <see cref="LookAhead"/> of <paramref name="today"/> or overdue; else null.
    /// The next review is the one the latest recorded review set (<paramref name="setByReview"/>), else its terms' (<see cref="Reviews.NextDue"/>).</summary>
    public static ReviewDue? Of(string agreement, AgreementSpec spec, LocalDate today, LocalDate? setByReview = null) =>
        Reviews.NextDue(spec?.Review, setByReview) is { } next && next <= today + LookAhead ? new ReviewDue(agreement, next, next < today) : null;
}

/// <summary>An objective with no measurement in any month of the scorecard.</summary>
public sealed record Unmeasured(string Agreement, string Objective, string Indicator);

/// <summary>
/// The catalogue scorecard for leaders: every service × objective over the last months as a heat map, worst first;
/// attainment against cost per service; agreements due for review; live services no agreement covers; objectives
/// nobody measures.
/// </summary>
public sealed record Scorecard(
    IReadOnlyList<string> Months, Instant GeneratedAt, IReadOnlyList<ScorecardRow> Rows, IReadOnlyList<ServiceValue> Services,
    IReadOnlyList<ReviewDue> Reviews, IReadOnlyList<string> ServicesWithoutAgreement, IReadOnlyList<Unmeasured> Unmeasured)
{
    /// <summary>The objectives still met in the latest month but deteriorating, once each (a row per service repeats them).</summary>
    public IReadOnlyList<ScorecardRow> Deteriorating => [.. Rows.Where(r => r.Trend.Deteriorating).DistinctBy(r => (r.Agreement, r.Objective))];

    /// <summary>
    /// Builds the scorecard of the <paramref name="months"/> months ending with <paramref name="last"/>, from the catalogue's
    /// services and every agreement with a version in force (its objectives planned with their data); months another
    /// version was in force for are judged by it (<paramref name="judges"/>, by agreement).
    /// </summary>
    public static Scorecard Build(
        ReportPeriod last, int months, Instant now, LocalDate today,
        IReadOnlyList<(string Name, ServiceSpec Spec)> services,
        IReadOnlyList<(string Name, AgreementSpec Spec, IReadOnlyList<ReportObjective> Objectives)> agreements,
        IReadOnlyDictionary<string, IReadOnlyList<PeriodJudge>>? judges = null, IReadOnlyDictionary<string, LocalDate>? reviewed = null)
    {
        ArgumentNullException.ThrowIfNull(last);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(agreements);
        var periods = last.Trailing(months);
        var rows = new List<ScorecardRow>();
        var unmeasured = new List<Unmeasured>();
        foreach (var (name, spec, objectives) in agreements)
        {
            var earlier = judges?.GetValueOrDefault(name) ?? [];
            foreach (var o in objectives)
            {
                // Each month is judged by the version in force in it (an amendment never re-judges a closed month).
                var figures = periods.Select(p => AgreementReports.Figures(o, p, now, earlier)).ToList();
                if (figures.All(f => f.Attainment is not Attainment.Measured))
                {
                    unmeasured.Add(new Unmeasured(name, o.Objective.Name, o.Objective.Indicator));
                }
                rows.AddRange(spec.Services.Select(service => new ScorecardRow(service, name, o.Objective.Name, o.Objective.Target, figures)));
            }
        }
        var ordered = rows
            .OrderByDescending(r => r.Breached)
            .ThenByDescending(r => r.Trend.Deteriorating)
            .ThenBy(r => r.WorstMargin ?? decimal.MaxValue)
            .ThenBy(r => r.Service, StringComparer.Ordinal).ThenBy(r => r.Agreement, StringComparer.Ordinal).ThenBy(r => r.Objective, StringComparer.Ordinal)
            .ToList();

        var values = services.Select(s =>
        {
            var own = rows.Where(r => r.Service == s.Name).ToList();
            var measured = own.SelectMany(r => r.Months).Select(m => m.Attainment).OfType<Attainment.Measured>().ToList();
            return new ServiceValue(s.Name, s.Spec.Tier, s.Spec.MonthlyCost, own.Count,
                measured.Count == 0 ? null : measured.Average(m => m.Percent), own.Sum(r => r.Breached));
        }).OrderBy(v => v.MeanAttainment ?? decimal.MaxValue).ThenBy(v => v.Service, StringComparer.Ordinal).ToList();

        var covered = agreements.SelectMany(a => a.Spec.Services).ToHashSet(StringComparer.Ordinal);
        var reviews = agreements.Select(a => ReviewDue.Of(a.Name, a.Spec, today, reviewed?.TryGetValue(a.Name, out var set) == true ? set : null)).OfType<ReviewDue>().OrderBy(r => r.NextReview).ToList();
        return new Scorecard([.. periods.Select(p => p.Key)], now, ordered, values, reviews,
            [.. services.Where(s => s.Spec.Lifecycle == Lifecycle.Live && !covered.Contains(s.Name)).Select(s => s.Name).Order(StringComparer.Ordinal)],
            unmeasured);
    }
}
