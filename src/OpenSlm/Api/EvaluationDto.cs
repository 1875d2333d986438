using System.Text.Json.Serialization;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Api;

/// <summary>A window (start, end].</summary>
public sealed record WindowDto(Instant Start, Instant End);

/// <summary>An error budget in the objective's units (events, or slices).</summary>
public sealed record BudgetDto(
    decimal Total,
    decimal Consumed,
    decimal Remaining,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? RemainingRatio);

/// <summary>
/// One objective's evaluation, as served by the API and printed by <c>slm evaluate</c>. Target and
/// attainment are percentages; attainment is null when there is no data (never 0 or 100).
/// </summary>
public sealed record ObjectiveEvaluationDto(
    string Name,
    string Agreement,
    string Objective,
    string Indicator,
    WindowDto Window,
    decimal Target,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Attainment,
    ObjectiveStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] BudgetDto? Budget,
    IReadOnlyDictionary<string, decimal?> BurnRates,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] Instant? ExhaustionAt)
{
    /// <summary>The evaluation of <paramref name="objective"/> of <paramref name="agreement"/>.</summary>
    public static ObjectiveEvaluationDto From(string agreement, ObjectiveSpec objective, ObjectiveEvaluation e) => new(
        $"{agreement}/{objective.Name}",
        agreement,
        objective.Name,
        objective.Indicator,
        new WindowDto(e.Window.Start, e.Window.End),
        objective.Target,
        e.Attainment is Attainment.Measured m ? m.Percent : null,
        e.Status,
        e.Budget is { } b ? new BudgetDto(b.Total, b.Consumed, b.Remaining, b.RemainingRatio) : null,
        e.BurnRates.ToDictionary(r => r.Label, r => r.Rate),
        e.ExhaustionAt);
}
