using NodaTime;
using NodaTime.Text;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Measurements;

namespace OpenSlm.Api;

/// <summary>The evaluation of every objective of one agreement version at one instant.</summary>
public sealed record AgreementEvaluationDto(string Agreement, int Version, VersionStatus Status, Instant At, IReadOnlyList<ObjectiveEvaluationDto> Objectives);

/// <summary><c>/api/v1/agreements/{name}/evaluation</c>: objectives judged against stored measurements.</summary>
public static class EvaluationApi
{
    /// <summary>Maps the evaluation endpoint.</summary>
    public static IEndpointRouteBuilder MapEvaluationApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/agreements/{name}/evaluation", Evaluate).WithTags("Agreements").WithName("EvaluateAgreement")
            .WithSummary("Evaluates every objective of the agreement's Active version (or ?version=N, or the latest when none is Active) at ?at= (ISO 8601; default now): attainment, budget, burn rates, exhaustion, status.")
            .Produces<AgreementEvaluationDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Evaluate(string name, string? at, int? version, CatalogueStore catalogue, MeasurementStore measurements, IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        if (at is not null)
        {
            var parsed = InstantPattern.ExtendedIso.Parse(at);
            if (!parsed.Success)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["at"] = [$"'{at}' is not an instant: expected ISO 8601 with Z, e.g. 2025-03-31T23:59:00Z."],
                }, title: "The query is invalid.");
            }
            now = parsed.Value;
        }
        var record = await catalogue.GetAsync(ResourceKind.Agreement, name, ct).ConfigureAwait(false);
        if (record is null)
        {
            return HttpExchange.NotFound($"No agreement named '{name}' exists.");
        }
        var number = version
            ?? record.Versions.FirstOrDefault(v => v.Status == VersionStatus.Active)?.Number
            ?? record.Versions.Max(v => v.Number);
        var stored = await catalogue.GetVersionAsync(name, number, ct).ConfigureAwait(false);
        if (stored is null)
        {
            return HttpExchange.NotFound($"Agreement '{name}' has no version {number}.");
        }
        var results = new List<ObjectiveEvaluationDto>();
        foreach (var objective in stored.Spec.Objectives)
        {
            CalendarSpec? calendar = null;
            if (objective.Calendar is { } calendarName)
            {
                calendar = (await catalogue.GetAsync(ResourceKind.Calendar, calendarName, ct).ConfigureAwait(false))?.Document.Spec as CalendarSpec;
            }
            var (plan, error) = ObjectivePlan.For(stored.Spec, objective, calendar);
            if (plan is null)
            {
                results.Add(ObjectiveEvaluationDto.NotEvaluated(name, objective, error!));
                continue;
            }
            var since = plan.Since(now);
            RatioSeries series;
            if (objective.Threshold is { } threshold)
            {
                var values = await measurements.ValuesAsync(objective.Indicator, since, now, ct).ConfigureAwait(false);
                series = RatioSeries.From(values.Select(v => new RatioMeasurement(v.At, threshold.Meets(v.Value) ? 1 : 0, 1)));
            }
            else
            {
                series = await measurements.RatioSeriesAsync(objective.Indicator, since, now, ct).ConfigureAwait(false);
            }
            results.Add(ObjectiveEvaluationDto.From(name, objective, plan.Evaluate(series, now)));
        }
        var info = record.Versions.Single(v => v.Number == number);
        return TypedResults.Ok(new AgreementEvaluationDto(name, number, info.Status, now, results));
    }
}
