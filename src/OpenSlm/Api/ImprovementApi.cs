using NodaTime;
using OpenSlm.Access;
using OpenSlm.Core.Access;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Improvement;
using OpenSlm.Reporting;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Api;

/// <summary>A plan's measured effect: the two sides' days, their exact numbers, the test's confidence, and the goal.</summary>
public sealed record PlanEffectDto(
    string Plan, string? Agreement, string? Objective, string Goal, string Status, int OpenActions, int OverdueActions,
    LocalDate? BeforeFrom, LocalDate? BeforeTo, LocalDate? AfterFrom, LocalDate? AfterTo, int DaysBefore, int DaysAfter,
    decimal? AttainmentBefore, decimal? AttainmentAfter, decimal? BadBefore, decimal? BadAfter, decimal? Change,
    decimal? BurnBefore, decimal? BurnAfter, decimal? WeeklyBudgetBefore, decimal? WeeklyBudgetAfter,
    string Verdict, double? PValue, double? Shift, double? IntervalLow, double? IntervalHigh,
    IReadOnlyList<PeriodAttainmentDto> PeriodsAfter, string GoalState, string Why)
{
    /// <summary>The standing as the API gives it, with its actions judged against <paramref name="today"/>.</summary>
    public static PlanEffectDto From(PlanStanding s, LocalDate today)
    {
        ArgumentNullException.ThrowIfNull(s);
        var e = s.Effect;
        var m = e?.Effect;
        return new(s.Name, s.Plan.Agreement, s.Plan.Objective, s.Plan.Goal?.Describe() ?? "none", s.Plan.State.ToString(),
            s.OpenActions.Count(), s.OpenActions.Count(a => a.Due < today),
            e?.BeforeFrom, e?.BeforeTo, e?.AfterFrom, e?.AfterTo, m?.DaysBefore ?? 0, m?.DaysAfter ?? 0,
            e?.AttainmentBefore, e?.AttainmentAfter, m?.BadBefore, m?.BadAfter, m?.Change,
            e?.BurnBefore, e?.BurnAfter, e?.WeeklyBudgetBefore, e?.WeeklyBudgetAfter,
            (m?.Verdict ?? EffectVerdict.NotEnoughData).ToString(), m?.PValue, m?.Shift, m?.Interval?.Low, m?.Interval?.High,
            [.. (e?.PeriodsAfter ?? []).Select(p => new PeriodAttainmentDto(p.Window.Start, p.Window.End,
                p.Attainment is Core.Evaluation.Attainment.Measured a ? Core.Numbers.Normalize(a.Ratio * 100) : null))],
            (e?.Goal ?? Core.Improvement.GoalState.NotYetMeasurable).ToString(), s.Unmeasured ?? e!.Why);
    }
}

/// <summary>One period's attainment in percent (null: no data).</summary>
public sealed record PeriodAttainmentDto(Instant Start, Instant End, decimal? Attainment);

/// <summary>A recurring breach pattern and the breaches that show it.</summary>
public sealed record RecurringDto(string Kind, string Subject, int Count, string Why, IReadOnlyList<BreachRefDto> Breaches);

/// <summary>A breach as the improvement analyses list it.</summary>
public sealed record BreachRefDto(string Agreement, string Objective, Instant PeriodStart, Instant PeriodEnd, string? Category, string? Problem);

/// <summary>One row of a Pareto of causes; category null is "not diagnosed"; downtime in minutes.</summary>
public sealed record ParetoRowDto(string? Category, int Count, decimal Share, decimal Cumulative, decimal BadUnits, decimal DowntimeMinutes);

/// <summary>A Pareto of causes over a span of days (UTC, both inclusive).</summary>
public sealed record ParetoDto(LocalDate From, LocalDate To, int Breaches, IReadOnlyList<ParetoRowDto> Rows);

/// <summary><c>/api/v1/improvementplans/{name}/effect</c>, <c>/api/v1/improvement/recurring</c>, <c>/api/v1/improvement/pareto</c>.</summary>
public static class ImprovementApi
{
    /// <summary>Maps the improvement endpoints.</summary>
    public static IEndpointRouteBuilder MapImprovementApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/improvementplans/{name}/effect", Effect).WithTags("ImprovementPlans").WithName("GetImprovementPlanEffect").Requires(Permission.ReadCatalogue)
            .WithSummary($"The plan's measured effect on its objective, from stored data by the same engine as its reports: the {PlanEffect.Window} days before its first action was done against up to {PlanEffect.Window} days after its last " +
                "(attainment, bad-event rate, burn and budget burnt a week, each side exact), a Mann–Whitney rank test and bootstrap interval on the daily bad ratios " +
                $"(NotEnoughData below {MeasuredEffect.MinimumDays} days with events a side), and whether the goal is met.")
            .Produces<PlanEffectDto>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/improvement/recurring", Recurring).WithTags("Improvement").WithName("ListRecurringBreaches").Requires(Permission.ReadCatalogue)
            .WithSummary($"Recurring breaches: objectives breached in {Recurrence.ObjectiveBreaches} or more of their last {Recurrence.ObjectivePeriods} periods, and cause categories behind {Recurrence.CategoryBreaches} or more breaches within a quarter.")
            .Produces<List<RecurringDto>>();
        app.MapGet("/api/v1/improvement/pareto", ParetoOf).WithTags("Improvement").WithName("GetCausePareto").Requires(Permission.ReadCatalogue)
            .WithSummary("The Pareto of causes of the breaches whose period ended from ?from= to ?to= (days, UTC, both inclusive; default the last 365 days; at most three years): " +
                "by cause category, most frequent first, with share and cumulative share of the count, the bad units (events, or bad slices) and downtime (bad slices' time) they cost.")
            .Produces<ParetoDto>().ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Effect(string name, CatalogueStore catalogue, Improvements improvements, IClock clock, CancellationToken ct)
    {
        if (await catalogue.GetAsync(ResourceKind.ImprovementPlan, name, ct).ConfigureAwait(false) is not { Document.Spec: ImprovementPlanSpec plan } record)
        {
            return HttpExchange.NotFound($"No improvement plan named '{name}' exists.");
        }
        var standing = await improvements.StandingAsync(name, record.Document.Metadata.DisplayName, plan, ct).ConfigureAwait(false);
        return TypedResults.Ok(PlanEffectDto.From(standing, clock.GetCurrentInstant().InUtc().Date));
    }

    private static async Task<IResult> Recurring(Improvements improvements, CancellationToken ct) =>
        TypedResults.Ok((await improvements.RecurringAsync(ct).ConfigureAwait(false)).Select(r => new RecurringDto(r.Kind.ToString(), r.Subject, r.Count, r.Why,
            [.. r.Breaches.Select(Ref)])).ToList());

    internal static BreachRefDto Ref(BreachFact b) => new(b.Agreement, b.Objective, b.PeriodStart, b.PeriodEnd, b.Category?.ToString(), b.Problem);

    private static async Task<IResult> ParetoOf(HttpRequest request, Improvements improvements, IClock clock, CancellationToken ct)
    {
        var (from, to, problem) = Improvements.Span(request.Query["from"], request.Query["to"], clock.GetCurrentInstant().InUtc().Date);
        if (problem is { } p)
        {
            return HttpExchange.Invalid(p.Field, p.Message);
        }
        var (rows, breaches) = await improvements.ParetoAsync(from.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant(), to.PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant(), ct).ConfigureAwait(false);
        return TypedResults.Ok(new ParetoDto(from, to, breaches.Count, [.. rows.Select(r => new ParetoRowDto(r.Category?.ToString(), r.Count, r.Share, r.Cumulative,
            Core.Numbers.Normalize(r.BadUnits), Core.Numbers.Normalize((decimal)r.Downtime.TotalMinutes)))]));
    }
}
