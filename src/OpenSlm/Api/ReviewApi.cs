using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using OpenSlm.Access;
using OpenSlm.Core.Access;
using OpenSlm.Core.Agreements;
using OpenSlm.Hosting;
using OpenSlm.Reporting;
using OpenSlm.Storage.Reviews;

namespace OpenSlm.Api;

/// <summary>An action agreed at a review; <c>index</c> addresses it in <c>…/actions/{index}</c>.</summary>
public sealed record ReviewActionDto(int Index, string Title, string? Owner, LocalDate? Due, ActionStatus Status, bool Overdue);

/// <summary>A review as the API gives it; <c>report</c> is the report of the period it looked back on; <c>notes</c> are internal.</summary>
public sealed record ReviewDto(
    long Id, string Agreement, int Version, LocalDate HeldOn, string? Period, string? Report, IReadOnlyList<string> Attendees, IReadOnlyList<string> Decisions,
    IReadOnlyList<ReviewActionDto> Actions, string? Notes, LocalDate NextReview, string RecordedBy, Instant RecordedAt, string? UpdatedBy, Instant? UpdatedAt)
{
    /// <summary>The record as <paramref name="caller"/> may read it on <paramref name="today"/>: a customer or supplier reads no notes.</summary>
    public static ReviewDto For(ReviewRecord r, Principal caller, LocalDate today)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(caller);
        var t = r.Terms;
        return new(r.Id, r.Agreement, r.Version, t.HeldOn, t.Period?.Key,
            t.Period is { } p ? $"/api/v1/reports/agreements/{Uri.EscapeDataString(r.Agreement)}?period={Uri.EscapeDataString(p.Key)}&version={r.Version}" : null,
            t.Attendees, t.Decisions, [.. t.Actions.Select((a, i) => new ReviewActionDto(i, a.Title, a.Owner, a.Due, a.Status, Reviews.Overdue(a, today)))],
            caller.ReadsInternal ? t.Notes : null, t.NextReview, r.RecordedBy, r.RecordedAt, r.UpdatedBy, r.UpdatedAt);
    }
}

/// <summary>An agreement's reviews and where the next one stands.</summary>
public sealed record AgreementReviewsDto(string Agreement, LocalDate? NextReview, ReviewStanding Standing, int OverdueActions, IReadOnlyList<ReviewDto> Reviews);

/// <summary><c>/api/v1/agreements/{name}/reviews</c> and <c>/api/v1/reviews</c>: service level reviews (issue 18).</summary>
public static class ReviewApi
{
    /// <summary>Maps the review endpoints.</summary>
    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        static IResult NoAgreement(string name) => HttpExchange.NotFound($"No agreement named '{name}' exists.");
        app.MapGet("/api/v1/reviews", Outlooks).WithTags("Reviews").WithName("ListReviewOutlooks").Requires(Permission.ReadCatalogue)
            .WithSummary("Every agreement in force with its next review (set by its latest review, else by its terms), whether it is Scheduled, DueSoon (within 14 days), Overdue or NotScheduled, and how many review actions are overdue; ?standing= to filter.")
            .Produces<List<ReviewOutlook>>().ProducesValidationProblem();
        app.MapGet("/api/v1/agreements/{name}/reviews", List).WithTags("Reviews").WithName("ListAgreementReviews").Requires(Permission.ReadAgreements).ScopedToAgreement(NoAgreement)
            .WithSummary("An agreement's reviews, the latest held first, with its next review and how it stands.")
            .Produces<AgreementReviewsDto>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/v1/agreements/{name}/reviews", Record).WithTags("Reviews").WithName("RecordAgreementReview").Requires(Permission.EditCatalogue).ScopedToAgreement(NoAgreement)
            .WithSummary("Records a review held: {\"heldOn\": \"2026-11-30\", \"period\": \"2026-Q3\", \"attendees\": […], \"decisions\": […], \"actions\": [{\"title\": …, \"owner\": …, \"due\": …}], \"notes\": …, \"nextReview\": …}. The next review defaults to heldOn plus the terms' review.intervalMonths; it becomes the agreement's next review.")
            .Accepts<ReviewRequest>("application/json")
            .Produces<ReviewDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/agreements/{name}/reviews/{id:long}", Get).WithTags("Reviews").WithName("GetAgreementReview").Requires(Permission.ReadAgreements).ScopedToAgreement(NoAgreement)
            .WithSummary("One review, with its ETag for If-Match.")
            .Produces<ReviewDto>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPatch("/api/v1/agreements/{name}/reviews/{id:long}/actions/{index:int}", UpdateAction).WithTags("Reviews").WithName("UpdateReviewAction").Requires(Permission.EditCatalogue).ScopedToAgreement(NoAgreement)
            .WithSummary("Changes an action of a review: {\"status\": \"Done\"} (Open, Done, Dropped), \"owner\", \"due\"; with If-Match (the review's ETag) only if nobody changed it since.")
            .Accepts<ActionUpdate>("application/json")
            .Produces<ReviewDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    private static async Task<IResult> Outlooks(HttpRequest request, AgreementReviews reviews, CancellationToken ct)
    {
        var (standing, bad) = HttpExchange.QueryEnum<ReviewStanding>(request, "standing", "review standing");
        if (bad is not null)
        {
            return bad;
        }
        var all = await reviews.OutlooksAsync(ct).ConfigureAwait(false);
        return TypedResults.Ok(all.Where(o => standing is null || o.Standing == standing).ToList());
    }

    private static async Task<IResult> List(string name, HttpContext http, AgreementReviews reviews, Storage.Catalogue.CatalogueStore catalogue, CancellationToken ct)
    {
        if (await catalogue.GetAsync(Core.Catalogue.ResourceKind.Agreement, name, ct).ConfigureAwait(false) is not { } record)
        {
            return HttpExchange.NotFound($"No agreement named '{name}' exists.");
        }
        var number = record.ActiveVersion ?? record.Versions.Max(v => v.Number);
        var spec = (await catalogue.GetVersionAsync(name, number, ct).ConfigureAwait(false))!.Spec;
        var list = await reviews.Store.ListAsync(name, ct).ConfigureAwait(false);
        var outlook = reviews.Outlook(name, spec, list);
        var caller = Caller.Required(http);
        return TypedResults.Ok(new AgreementReviewsDto(name, outlook.NextReview, outlook.Standing, outlook.OverdueActions, [.. list.Select(r => ReviewDto.For(r, caller, reviews.Today))]));
    }

    private static async Task<IResult> Record(string name, HttpContext http, AgreementReviews reviews, CancellationToken ct)
    {
        var (request, problem) = await ReadAsync<ReviewRequest>(http.Request, ct).ConfigureAwait(false);
        if (request is null)
        {
            return problem!;
        }
        var (review, refusal) = await reviews.RecordAsync(name, request, HttpExchange.ActorOf(http).Name, ct).ConfigureAwait(false);
        if (review is null)
        {
            return refusal!.NotFound ? HttpExchange.NotFound($"No agreement named '{name}' exists.") : HttpExchange.Invalid(refusal.Problems, "The review is invalid; nothing was recorded.");
        }
        HttpExchange.SetETag(http.Response, review.Tag);
        return TypedResults.Created($"/api/v1/agreements/{Uri.EscapeDataString(name)}/reviews/{review.Id}", ReviewDto.For(review, Caller.Required(http), reviews.Today));
    }

    private static async Task<IResult> Get(string name, long id, HttpContext http, AgreementReviews reviews, CancellationToken ct)
    {
        if (await reviews.Store.GetAsync(id, ct).ConfigureAwait(false) is not { } review || review.Agreement != name)
        {
            return HttpExchange.NotFound($"Agreement '{name}' has no review {id}.");
        }
        HttpExchange.SetETag(http.Response, review.Tag);
        return TypedResults.Ok(ReviewDto.For(review, Caller.Required(http), reviews.Today));
    }

    private static async Task<IResult> UpdateAction(string name, long id, int index, HttpContext http, AgreementReviews reviews, IClock clock, CancellationToken ct)
    {
        var (update, problem) = await ReadAsync<ActionUpdate>(http.Request, ct).ConfigureAwait(false);
        if (update is null)
        {
            return problem!;
        }
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        var tag = header.Length == 0 || header == "*" ? null : (header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header).Trim('"');
        if (tag is not null && !(tag.Length == 16 && tag.All(char.IsAsciiHexDigitLower)))
        {
            return HttpExchange.Problem(StatusCodes.Status400BadRequest, "The If-Match header is not an ETag of this review.",
                $"Expected the quoted tag sent in the ETag header of GET /api/v1/agreements/{{name}}/reviews/{{id}}, such as \"0000000000000001\"; got {header}.");
        }
        if (await reviews.Store.GetAsync(id, ct).ConfigureAwait(false) is not { } existing || existing.Agreement != name)
        {
            return HttpExchange.NotFound($"Agreement '{name}' has no review {id}.");
        }
        var (outcome, review, problems) = await reviews.Store.UpdateActionAsync(id, index, (action, heldOn) => Reviews.Update(action, update, heldOn), tag,
            HttpExchange.ActorOf(http).Name, clock.GetCurrentInstant(), ct).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return HttpExchange.Invalid(problems, "The change is invalid; nothing was saved.");
        }
        switch (outcome)
        {
            case ActionOutcome.NotFound:
                return HttpExchange.NotFound($"Review {id} of '{name}' has no action {index} (it has {review?.Terms.Actions.Count ?? 0}, numbered from 0).");
            case ActionOutcome.Changed:
                HttpExchange.SetETag(http.Response, review!.Tag);
                return HttpExchange.Problem(StatusCodes.Status412PreconditionFailed, "The review has changed since it was read.",
                    $"Review {id} was last changed by {review.UpdatedBy ?? review.RecordedBy}; read it again (its ETag is in this answer) and send your change with that If-Match.");
            default:
                HttpExchange.SetETag(http.Response, review!.Tag);
                return TypedResults.Ok(ReviewDto.For(review, Caller.Required(http), reviews.Today));
        }
    }

    /// <summary>The body as <typeparamref name="T"/>, or a 400 naming the field that could not be read and what was expected.</summary>
    internal static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class
    {
        var (body, problem) = await HttpExchange.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (body is null)
        {
            return (null, problem);
        }
        try
        {
            return (body.Deserialize<T>(SlmServer.ApiJson) is { } value ? value : throw new JsonException("The body is empty.", "$", null, null), null);
        }
        catch (JsonException ex)
        {
            var (field, message) = OpenSlm.Interop.Json.SpecJson.Explain(ex);
            return (null, HttpExchange.Invalid(field.Length == 0 ? "$" : field, message, "The request body is invalid; nothing was saved."));
        }
    }
}
