using System.Text.Json.Serialization;
using NodaTime;
using OpenSlm.Access;
using OpenSlm.Core.Access;
using OpenSlm.Core.Tickets;
using OpenSlm.Interop;
using OpenSlm.Interop.Tickets;
using OpenSlm.Reports;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Tickets;

namespace OpenSlm.Api;

/// <summary>A warning threshold crossed.</summary>
public sealed record WarningDto(decimal Percent, Instant At);

/// <summary>One ticket's clock under one policy; durations in whole seconds of business time. Absent times are null.</summary>
public sealed record ClockDto(
    string Ticket,
    string Policy,
    int PolicyVersion,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Priority,
    string State,
    Instant StartedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] Instant? StoppedAt,
    long TargetSeconds,
    long ElapsedSeconds,
    long PausedSeconds,
    long RemainingSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] Instant? Deadline,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] Instant? BreachedAt,
    IReadOnlyList<WarningDto> Warnings)
{
    /// <summary>The clock as the API and <c>slm clocks --format json</c> give it.</summary>
    public static ClockDto From(TicketClock c) => new(
        c.Ticket, c.Policy, c.PolicyVersion, c.Priority, c.State.ToString(), c.StartedAt, c.StoppedAt,
        Seconds(c.Target), Seconds(c.Elapsed), Seconds(c.Paused), Seconds(c.Remaining), c.Deadline, c.BreachedAt,
        [.. c.Warnings.Select(w => new WarningDto(w.Percent, w.At))]);

    /// <summary>Whole seconds, rounded down.</summary>
    public static long Seconds(Duration d) => (long)Math.Floor(d.TotalSeconds);
}

/// <summary>
/// One thing a timeline step did to one clock: <c>change</c> is Started, Paused, Resumed, TargetMoved, WarningCrossed,
/// Breached, Stopped, Reset, Reopened or Cancelled, at its own instant, said in words; a warning names its threshold, a
/// moved target what it moved from. The clock after the step is in the step's <c>clocks</c>.
/// </summary>
public sealed record ClockChangeDto(
    string Policy,
    string Change,
    Instant At,
    string Description,
    decimal? Percent,
    string? PriorityBefore,
    long? TargetSecondsBefore,
    Instant? DeadlineBefore)
{
    /// <summary>The change as the API gives it.</summary>
    public static ClockChangeDto From(ClockChange c) => new(c.Policy, c.Kind.ToString(), c.At, TimelineText.Describe(c), c.Percent,
        c.PriorityBefore, c.TargetBefore is { } t ? ClockDto.Seconds(t) : null, c.DeadlineBefore);
}

/// <summary>
/// One step of a ticket's clock timeline: an Update (numbered from 1, with the fields whose value it changed), a Crossing
/// (a warning or breach between updates) or the final Reading; what it did, and every clock just after it.
/// </summary>
public sealed record TimelineStepDto(
    Instant At,
    string Kind,
    int? Update,
    IReadOnlyDictionary<string, string?> Changed,
    IReadOnlyList<ClockChangeDto> Changes,
    IReadOnlyList<ClockDto> Clocks)
{
    /// <summary>The step as the API gives it.</summary>
    public static TimelineStepDto From(TimelineStep s) => new(s.At, s.Kind.ToString(), s.Update, s.Changed,
        [.. s.Changes.Select(ClockChangeDto.From)], [.. s.Clocks.Select(ClockDto.From)]);
}

/// <summary>A ticket's clock timeline read at an instant.</summary>
public sealed record TicketTimelineDto(string Ticket, Instant At, IReadOnlyList<TimelineStepDto> Steps);

/// <summary>One stored ticket update.</summary>
public sealed record TicketEventDto(Instant At, IReadOnlyDictionary<string, string?> Fields);

/// <summary>What a batch of ticket updates did.</summary>
public sealed record TicketBatchDto(int Received, int Stored, int Tickets);

/// <summary>A ticket whose clock a recompute would change: as it reads now and as it would (null: no clock), in words.</summary>
public sealed record RecomputeChangeDto(
    string Ticket,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ClockDto? Before,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ClockDto? After,
    string Description);

/// <summary>What a recompute would do: of <c>tickets</c> stored, <c>changed</c> clocks would change (the first <c>changes</c> listed).</summary>
public sealed record RecomputePreviewDto(string Policy, int Version, Instant At, int Tickets, int Changed, IReadOnlyList<RecomputeChangeDto> Changes);

/// <summary>What a recompute did.</summary>
public sealed record RecomputeDto(string Policy, int Version, int Tickets, int Clocks);

/// <summary><c>/api/v1/tickets</c> and <c>/api/v1/clocks</c>: ticket updates in, ticket clocks out.</summary>
public static class TicketApi
{
    /// <summary>Maps the ticket endpoints.</summary>
    public static IEndpointRouteBuilder MapTicketApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/tickets/events", Record).WithTags("Tickets").WithName("RecordTicketEvents").Requires(Permission.RecordMeasurements)
            .WithSummary("Stores ticket updates and runs the clocks of the tickets they touch. application/json: {\"events\": [{\"ticket\", \"at\", " +
                "\"fields\": {...}}]} or an array; with ?format=jira, Jira issue webhooks as delivered. text/csv: each row the ticket's record after one " +
                "update, with ?preset=servicenow or ?idColumn, timeColumn, timeFormat, timeZone. The same update sent twice is stored once. " +
                "A batch with any bad item is refused whole.")
            .Accepts<string>("application/json", "text/csv")
            .Produces<TicketBatchDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        app.MapGet("/api/v1/tickets/{id}/events", Events).WithTags("Tickets").WithName("ListTicketEvents").Requires(Permission.ReadCatalogue)
            .WithSummary("The ticket's stored updates, in the order they apply.")
            .Produces<List<TicketEventDto>>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/tickets/{id}/clocks", Clocks).WithTags("Tickets").WithName("ListTicketClocks").Requires(Permission.ReadCatalogue)
            .WithSummary("The ticket's clocks read now (or ?at=): elapsed, paused, remaining, deadline, breach and warnings, exact at that instant.")
            .Produces<List<ClockDto>>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        app.MapGet("/api/v1/tickets/{id}/timeline", Timeline).WithTags("Tickets").WithName("TicketClockTimeline").Requires(Permission.ReadCatalogue)
            .WithSummary("The ticket's clock timeline up to now (or ?at=): every update in order and what it did to each clock (started, paused, " +
                "resumed, target moved by a priority change, warning crossed, breached, stopped, reset, reopened, cancelled), the crossings between " +
                "updates at their own instants, and the clocks after each step. The last step's clocks are the ticket's clocks at that instant.")
            .Produces<TicketTimelineDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        app.MapGet("/api/v1/clocks", List).WithTags("Tickets").WithName("ListClocks").Requires(Permission.ReadCatalogue)
            .WithSummary("Ticket clocks by ticket; ?policy=, ?state=Running|Paused|Met|Breached|Cancelled (as of now, or ?at=), ?page=, ?pageSize= (≤ 500).")
            .Produces<PageDto<ClockDto>>().ProducesValidationProblem();
        app.MapGet("/api/v1/ticketpolicies/{name}/recompute", PreviewRecompute).WithTags("TicketPolicys").WithName("PreviewTicketPolicyRecompute").Requires(Permission.RunJobs)
            .WithSummary("What POST …/recompute would do, changing nothing: every stored ticket run under the version its clock keeps and under the " +
                $"current one, read now (or ?at=); the clocks that would change state, target, deadline, breach or stop, and how (the first {PreviewListed}).")
            .Produces<RecomputePreviewDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        app.MapPost("/api/v1/ticketpolicies/{name}/recompute", Recompute).WithTags("TicketPolicys").WithName("RecomputeTicketPolicy").Requires(Permission.RunJobs)
            .WithSummary("Runs every stored ticket again under the policy's current version: running clocks move to the current terms. Exact and repeatable.")
            .Produces<RecomputeDto>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Record(HttpContext http, TicketStore store, CancellationToken ct)
    {
        var request = http.Request;
        if (!Caller.Required(http).CanRecordTickets)
        {
            return HttpExchange.Problem(StatusCodes.Status403Forbidden, "You may not post ticket updates.",
                "Ticket updates run the clocks of every ticket policy, so only a service level manager, or an Ingest token made with tickets: true, posts them.",
                new Dictionary<string, object?> { ["permission"] = nameof(Permission.RecordMeasurements) });
        }
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        var query = request.Query;
        TicketEventFile? file;
        switch (type)
        {
            case "application/json":
                var format = query["format"].ToString();
                if (format is not ("" or "openslm" or "jira"))
                {
                    return HttpExchange.Invalid("format", $"'{format}' is not a ticket format: expected jira, or none for OpenSLM's own.");
                }
                file = format == "jira" ? TicketJson.ReadJira(body, "body") : TicketJson.Read(body, "body");
                break;
            case "text/csv":
                var options = new TicketCsvOptions();
                if (query["preset"].ToString() is { Length: > 0 } preset)
                {
                    if (TicketCsvOptions.Preset(preset) is not { } known)
                    {
                        return HttpExchange.Invalid("preset", $"'{preset}' is not a preset: expected servicenow.");
                    }
                    options = known;
                }
                options = options with
                {
                    IdColumn = Query(request, "idColumn") ?? options.IdColumn,
                    TimeColumn = Query(request, "timeColumn") ?? options.TimeColumn,
                    TimeFormat = Query(request, "timeFormat") ?? options.TimeFormat,
                    TimeZone = Query(request, "timeZone") ?? options.TimeZone,
                };
                file = TicketCsv.Read(new StringReader(body), "body", options);
                break;
            default:
                return HttpExchange.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.",
                    $"'{request.ContentType}' is not a ticket format: send application/json (?format=jira for Jira webhooks) or text/csv.");
        }
        if (!file.Ok)
        {
            return MeasurementApi.Refused(file.Errors, type == "text/csv" ? "line" : "item", "ticket updates");
        }
        var result = await store.RecordAsync(file.Events, ct).ConfigureAwait(false);
        return TypedResults.Ok(new TicketBatchDto(result.Received, result.Stored, result.Tickets));
    }

    private static string? Query(HttpRequest request, string name) => request.Query[name].ToString() is { Length: > 0 } v ? v : null;

    private static async Task<IResult> Events(string id, TicketStore store, CancellationToken ct)
    {
        var events = await store.EventsAsync(id, ct).ConfigureAwait(false);
        return events.Count == 0
            ? HttpExchange.NotFound($"No update of ticket '{id}' is stored.")
            : TypedResults.Ok(events.Select(e => new TicketEventDto(e.At, e.Fields)).ToList());
    }

    private static async Task<IResult> Clocks(string id, HttpRequest request, TicketStore store, IClock clock, CancellationToken ct)
    {
        if (At(request, clock) is not { } at)
        {
            return HttpExchange.Invalid("at", $"'{request.Query["at"]}' is not an instant: {InstantText.Expected}.");
        }
        return await store.ClocksAsync(id, at, ct).ConfigureAwait(false) is { } clocks
            ? TypedResults.Ok(clocks.Select(ClockDto.From).ToList())
            : HttpExchange.NotFound($"No update of ticket '{id}' is stored.");
    }

    private static async Task<IResult> Timeline(string id, HttpRequest request, TicketStore store, IClock clock, CancellationToken ct)
    {
        if (At(request, clock) is not { } at)
        {
            return HttpExchange.Invalid("at", $"'{request.Query["at"]}' is not an instant: {InstantText.Expected}.");
        }
        return await store.TimelineAsync(id, at, ct).ConfigureAwait(false) is { } steps
            ? TypedResults.Ok(new TicketTimelineDto(id, at, [.. steps.Select(TimelineStepDto.From)]))
            : HttpExchange.NotFound($"No update of ticket '{id}' is stored.");
    }

    private static async Task<IResult> List(HttpRequest request, [AsParameters] PageQuery paging, TicketStore store, IClock clock, CancellationToken ct)
    {
        if (At(request, clock) is not { } at)
        {
            return HttpExchange.Invalid("at", $"'{request.Query["at"]}' is not an instant: {InstantText.Expected}.");
        }
        var (state, bad) = HttpExchange.QueryEnum<ClockState>(request, "state", "clock state");
        var (page, size, problem) = paging.Resolve();
        if ((bad ?? problem) is { } refused)
        {
            return refused;
        }
        var result = await store.ListAsync(Query(request, "policy"), state, at, page, size, ct).ConfigureAwait(false);
        return TypedResults.Ok(new PageDto<ClockDto>([.. result.Items.Select(ClockDto.From)], result.PageNumber, result.PageSize, result.Total));
    }

    /// <summary>How many changed clocks a preview lists (all are counted).</summary>
    public const int PreviewListed = 500;

    private static async Task<IResult> PreviewRecompute(string name, HttpRequest request, TicketStore store, IClock clock, CancellationToken ct)
    {
        if (At(request, clock) is not { } at)
        {
            return HttpExchange.Invalid("at", $"'{request.Query["at"]}' is not an instant: {InstantText.Expected}.");
        }
        return await store.PreviewRecomputeAsync(name, at, PreviewListed, ct).ConfigureAwait(false) is { } preview
            ? TypedResults.Ok(Preview(preview, at))
            : HttpExchange.NotFound($"No ticket policy named '{name}' is in force.");
    }

    /// <summary>A preview as the API gives it.</summary>
    public static RecomputePreviewDto Preview(RecomputePreview preview, Instant at)
    {
        ArgumentNullException.ThrowIfNull(preview);
        return new(preview.Policy, preview.Version, at, preview.Tickets, preview.Changed,
            [.. preview.Changes.Select(c => new RecomputeChangeDto(c.Ticket, c.Before is { } b ? ClockDto.From(b) : null, c.After is { } a ? ClockDto.From(a) : null,
                TimelineText.Recompute(c.Before, c.After)))]);
    }

    private static async Task<IResult> Recompute(string name, TicketStore store, CancellationToken ct)
    {
        var result = await store.RecomputeAsync(name, ct).ConfigureAwait(false);
        return result is null
            ? HttpExchange.NotFound($"No ticket policy named '{name}' is in force.")
            : TypedResults.Ok(new RecomputeDto(result.Policy, result.Version, result.Tickets, result.Clocks));
    }

    private static Instant? At(HttpRequest request, IClock clock) =>
        Query(request, "at") is { } text ? InstantText.TryParse(text) : clock.GetCurrentInstant();
}
