using NodaTime;
using NodaTime.Text;
using OpenSlm.Access;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Measurements;

namespace OpenSlm.Api;

/// <summary>The evaluation of every objective of one agreement version at one instant.</summary>
public sealed record AgreementEvaluationDto(string Agreement, int Version, VersionStatus Status, Instant At, IReadOnlyList<ObjectiveEvaluationDto> Objectives);

/// <summary>One period of an objective's history; attainment (percent) is null when the period has no data.</summary>
public sealed record PeriodDto(
    Instant Start,
    Instant End,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] decimal? Attainment,
    ObjectiveStatus Status);

/// <summary>An objective's attainment per period, oldest first; or why it cannot be evaluated.</summary>
public sealed record ObjectiveHistoryDto(string Name, string Agreement, string Objective, string Indicator, decimal Target, IReadOnlyList<PeriodDto> Periods);

/// <summary>Every objective's history for one agreement version.</summary>
public sealed record AgreementHistoryDto(string Agreement, int Version, VersionStatus Status, Instant At, IReadOnlyList<ObjectiveHistoryDto> Objectives);

/// <summary><c>/api/v1/agreements/{name}/evaluation</c>: objectives judged against stored measurements, now and per period.</summary>
public static class EvaluationApi
{
    private const int MaxPeriods = 120;

    /// <summary>Maps the evaluation endpoints.</summary>
    public static IEndpointRouteBuilder MapEvaluationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/agreements/{name}/evaluation").WithTags("Agreements")
            .ScopedToAgreement(name => HttpExchange.NotFound($"No agreement named '{name}' exists."));
        group.MapGet("/", Evaluate).WithName("EvaluateAgreement").Requires(Core.Access.Permission.ReadAgreements)
            .WithSummary("Evaluates every objective of the agreement's Active version (or ?version=N, or the latest when none is Active) at ?at= (ISO 8601; default now): attainment, budget, burn rates, exhaustion, status.")
            .Produces<AgreementEvaluationDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/history", History).WithName("AgreementHistory").Requires(Core.Access.Permission.ReadAgreements)
            .WithSummary($"Attainment per period for the last ?periods= (default 12, at most {MaxPeriods}) periods before ?at=: closed calendar periods, or consecutive rolling windows. Recomputed from stored data.")
            .Produces<AgreementHistoryDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Evaluate(string name, string? at, int? version, CatalogueStore catalogue, Evaluation.ObjectiveReader reader, IClock clock, CancellationToken ct)
    {
        var (target, problem) = await LoadAsync(name, at, version, catalogue, clock, ct).ConfigureAwait(false);
        if (target is null)
        {
            return problem!;
        }
        var objectives = await reader.ReadAsync(target.Spec, target.At, plan => plan.Since(target.At), ct).ConfigureAwait(false);
        var results = objectives.Select(o => ObjectiveEvaluationDto.From(name, o.Objective, o.Plan.Evaluate(o.Series, target.At))).ToList();
        return TypedResults.Ok(new AgreementEvaluationDto(name, target.Version, target.Status, target.At, results));
    }

    private static async Task<IResult> History(string name, string? at, int? version, int? periods, CatalogueStore catalogue, Evaluation.ObjectiveReader reader, IClock clock, CancellationToken ct)
    {
        var count = periods ?? 12;
        if (count is < 1 or > MaxPeriods)
        {
            return HttpExchange.Invalid("periods", $"must be from 1 to {MaxPeriods}, not {count}.", "The query is invalid.");
        }
        var (target, problem) = await LoadAsync(name, at, version, catalogue, clock, ct).ConfigureAwait(false);
        if (target is null)
        {
            return problem!;
        }
        var results = new List<ObjectiveHistoryDto>();
        foreach (var (objective, plan, series, _) in await reader.ReadAsync(target.Spec, target.At, plan => plan.HistorySince(target.At, count), ct).ConfigureAwait(false))
        {
            var history = plan.History(series, target.At, count).Select(p =>
                new PeriodDto(p.Window.Start, p.Window.End, p.Attainment is Attainment.Measured m ? m.Percent : null, p.Status));
            results.Add(new ObjectiveHistoryDto($"{name}/{objective.Name}", name, objective.Name, objective.Indicator, objective.Target, [.. history]));
        }
        return TypedResults.Ok(new AgreementHistoryDto(name, target.Version, target.Status, target.At, results));
    }

    /// <summary>The agreement version to evaluate and the instant to evaluate at.</summary>
    private sealed record Target(int Version, VersionStatus Status, AgreementSpec Spec, Instant At);

    private static async Task<(Target? Target, IResult? Problem)> LoadAsync(string name, string? at, int? version, CatalogueStore catalogue, IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        if (at is not null)
        {
            if (Interop.InstantText.TryParse(at) is not { } parsed)
            {
                return (null, HttpExchange.Invalid("at", $"'{at}' is not an instant: {Interop.InstantText.Expected}.", "The query is invalid."));
            }
            now = parsed;
        }
        var record = await catalogue.GetAsync(ResourceKind.Agreement, name, ct).ConfigureAwait(false);
        if (record is null)
        {
            return (null, HttpExchange.NotFound($"No agreement named '{name}' exists."));
        }
        var number = version ?? record.CurrentVersion!.Value;
        var stored = await catalogue.GetVersionAsync(name, number, ct).ConfigureAwait(false);
        return stored is null
            ? (null, HttpExchange.NotFound($"Agreement '{name}' has no version {number}."))
            : (new Target(number, stored.Info.Status, stored.Spec, now), null);
    }
}
