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

/// <summary>One bucket of an objective's SLI: (Start, End], its attainment in percent (null without data), the units it
/// rests on (events, or slices with data) and the bad ones.</summary>
public sealed record SliBucketDto(
    Instant Start,
    Instant End,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] decimal? Attainment,
    decimal Units,
    decimal BadUnits);

/// <summary>A burn-rate alert condition: its severity, the share of the budget that burns in the long window and the
/// burn rate (factor) that means, confirmed over the short window.</summary>
public sealed record BurnConditionDto(Core.Alerting.AlertSeverity Severity, string Speed, decimal BudgetPercent, decimal Factor, string ShortWindow, string LongWindow);

/// <summary>The burn rate at one instant (null when its look-back has no data).</summary>
public sealed record BurnPointDto(
    Instant At,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] decimal? Rate);

/// <summary>The burn rate over one long window at each bucket's end, with the conditions that read it.</summary>
public sealed record BurnHistoryDto(string Window, IReadOnlyList<BurnConditionDto> Conditions, IReadOnlyList<BurnPointDto> Points);

/// <summary>One objective's SLI and burn rates over a range.</summary>
public sealed record ObjectiveSeriesDto(string Name, string Agreement, string Objective, string Indicator, decimal Target, decimal? Warning, IReadOnlyList<SliBucketDto> Buckets, IReadOnlyList<BurnHistoryDto> Burns);

/// <summary>Every objective's SLI and burn rates over <see cref="Range"/> (buckets of <see cref="Step"/>) before <see cref="At"/>.</summary>
public sealed record AgreementSeriesDto(string Agreement, int Version, VersionStatus Status, Instant At, string Range, string Step, IReadOnlyList<ObjectiveSeriesDto> Objectives);

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
        group.MapGet("/series", Series).WithName("AgreementSeries").Requires(Core.Access.Permission.ReadAgreements)
            .WithSummary($"Each objective's SLI bucket by bucket and the burn rate over each alert condition's long window, over the last ?range= ({SeriesRange.Labels}; default {SeriesRange.Default.Label}) before ?at=: what the agreement page's charts draw. Buckets are aligned to the Unix epoch by the range's step.")
            .Produces<AgreementSeriesDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Series(string name, string? at, int? version, string? range, CatalogueStore catalogue, Evaluation.ObjectiveReader reader, IClock clock, CancellationToken ct)
    {
        var asked = range is null ? SeriesRange.Default : SeriesRange.Parse(range);
        if (asked is null)
        {
            return HttpExchange.Invalid("range", $"'{(range!.Length > 20 ? range[..20] + "…" : range)}' is not a range: expected one of {SeriesRange.Labels}.", "The query is invalid.");
        }
        var (target, problem) = await LoadAsync(name, at, version, catalogue, clock, ct).ConfigureAwait(false);
        if (target is null)
        {
            return problem!;
        }
        var now = target.At;
        var planned = await reader.ReadAsync(target.Spec, now,
            (objective, plan) => ObjectiveSeries.Since(asked, now, Core.Alerting.AlertRules.Conditions(objective, plan, now)), ct).ConfigureAwait(false);
        var results = new List<ObjectiveSeriesDto>();
        foreach (var (objective, plan, series, _) in planned)
        {
            var history = plan.Series(series, now, asked, Core.Alerting.AlertRules.Conditions(objective, plan, now));
            results.Add(new ObjectiveSeriesDto($"{name}/{objective.Name}", name, objective.Name, objective.Indicator, objective.Target, objective.Warning,
                [.. history.Buckets.Select(b => new SliBucketDto(b.Window.Start, b.Window.End, b.Attainment is Attainment.Measured m ? m.Percent : null, b.Units, b.BadUnits))],
                [.. history.Burns.Select(b => new BurnHistoryDto(Core.Calendars.DurationText.Format(b.Length),
                    [.. b.Conditions.Select(c => new BurnConditionDto(c.Severity, c.Speed, c.BudgetPercent, c.Factor, Core.Calendars.DurationText.Format(c.ShortWindow), Core.Calendars.DurationText.Format(c.LongWindow)))],
                    [.. b.Points.Select(p => new BurnPointDto(p.At, p.Rate))]))]));
        }
        return TypedResults.Ok(new AgreementSeriesDto(name, target.Version, target.Status, now, asked.Label, Core.Calendars.DurationText.Format(asked.Step), results));
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
