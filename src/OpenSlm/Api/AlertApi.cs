using System.Text.Json.Nodes;
using NodaTime;
using OpenSlm.Access;
using OpenSlm.Core.Access;
using OpenSlm.Core.Alerting;
using OpenSlm.Jobs;
using OpenSlm.Storage.Alerts;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Api;

/// <summary>An alert; <c>evaluation</c> is the objective's evaluation when it opened.</summary>
public sealed record AlertDto(
    long Id, string Agreement, string Objective, AlertKind Kind, AlertSeverity Severity, string Subject, string Level, AlertState State, string Reason,
    JsonNode? Evaluation, Instant OpenedAt, Instant LastSeenAt, Instant? AcknowledgedAt, string? AcknowledgedBy, Instant? ResolvedAt,
    string? AcknowledgeNote = null, Instant? SnoozedUntil = null, string? SnoozedBy = null, string? SnoozeReason = null)
{
    /// <summary>The record as the API gives it.</summary>
    public static AlertDto From(AlertRecord a) => new(a.Id, a.Agreement, a.Objective, a.Kind, a.Severity, a.Subject, a.Level, a.State, a.Reason,
        JsonNode.Parse(a.Evaluation), a.OpenedAt, a.LastSeenAt, a.AcknowledgedAt, a.AcknowledgedBy, a.ResolvedAt,
        a.AcknowledgeNote, a.SnoozedUntil, a.SnoozedBy, a.SnoozeReason);
}

/// <summary>An acknowledgement's optional note (at most 1,000 characters).</summary>
public sealed record AcknowledgeRequest(string? Note);

/// <summary>Several alerts acknowledged at once (at most 500), with one optional note.</summary>
public sealed record AcknowledgeManyRequest(IReadOnlyList<long>? Ids, string? Note);

/// <summary>A snooze: its end (an instant, within 30 days) and why.</summary>
public sealed record SnoozeRequest(string? Until, string? Reason);

/// <summary>A period that closed below target; attainment and target in percent.</summary>
public sealed record BreachDto(
    long Id, string Agreement, string Objective, Instant PeriodStart, Instant PeriodEnd, decimal Attainment, decimal Target, Instant RecordedAt,
    string? RootCause, string? Actions, string? UpdatedBy, string? Statement, Instant? WithdrawnAt = null, string? WithdrawnReason = null,
    Core.Improvement.CauseCategory? Category = null, IReadOnlyList<string>? References = null, IReadOnlyList<string>? ContributingServices = null,
    string? Problem = null)
{
    /// <summary>The record as the API gives it.</summary>
    public static BreachDto From(BreachRecord b) =>
        new(b.Id, b.Agreement, b.Objective, b.PeriodStart, b.PeriodEnd, b.Attainment, b.Target, b.RecordedAt, b.RootCause, b.Actions, b.UpdatedBy, b.Statement, b.WithdrawnAt, b.WithdrawnReason,
            b.Category, b.References, b.ContributingServices, b.Problem);

    /// <summary>The record as <paramref name="caller"/> may read it: a customer or supplier gets the statement, never the internal cause, category, references, contributing services, actions or author.</summary>
    public static BreachDto For(BreachRecord b, Principal caller) =>
        caller.ReadsInternal ? From(b) : From(b) with { RootCause = null, Actions = null, UpdatedBy = null, Category = null, References = null, ContributingServices = null, Problem = null };
}

/// <summary>A notification in the outbox.</summary>
public sealed record NotificationDto(
    long Id, string Channel, string Recipient, string Subject, NotificationState State, int Attempts, Instant NextAttemptAt, string? LastError, Instant CreatedAt, Instant? SentAt)
{
    /// <summary>The record as the API gives it (without the body).</summary>
    public static NotificationDto From(NotificationRecord n) => new(n.Id, n.Channel, n.Recipient, n.Subject, n.State, n.Attempts, n.NextAttemptAt, n.LastError, n.CreatedAt, n.SentAt);
}

/// <summary>
/// A breach's diagnosis: the cause's category (one of <see cref="Core.Improvement.CauseCategory"/>), the internal analysis,
/// the incidents and changes it refers to, the contributing services, the actions and the statement its customer reads.
/// </summary>
public sealed record DiagnosisRequest(string? RootCause, string? Actions, string? Statement = null, string? Category = null,
    IReadOnlyList<string>? References = null, IReadOnlyList<string>? ContributingServices = null, string? Problem = null)
{
    /// <summary>The request as a diagnosis (blank texts as none, lists trimmed), or what is wrong with its category.</summary>
    public (Core.Improvement.Diagnosis? Diagnosis, (string Key, string Message)? Problem) Read()
    {
        Core.Improvement.CauseCategory? category = null;
        if (!string.IsNullOrWhiteSpace(Category))
        {
            if (!Enum.TryParse<Core.Improvement.CauseCategory>(Category.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(Category, out _))
            {
                return (null, ("category", $"'{(Category.Length > 40 ? Category[..40] + "…" : Category)}' is not a cause category: expected one of {string.Join(", ", Enum.GetNames<Core.Improvement.CauseCategory>())}."));
            }
            category = parsed;
        }
        static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        static IReadOnlyList<string> List(IReadOnlyList<string>? items) => items is null ? [] : [.. items.Select(i => i?.Trim() ?? string.Empty)];
        return (new Core.Improvement.Diagnosis
        {
            Category = category,
            RootCause = Text(RootCause),
            Actions = Text(Actions),
            Statement = Text(Statement),
            References = List(References),
            ContributingServices = List(ContributingServices),
            Problem = Text(Problem),
        }, null);
    }
}

/// <summary>What an evaluation round did.</summary>
public sealed record AlertRoundDto(
    Instant At, int Objectives, IReadOnlyList<AlertDto> Opened, IReadOnlyList<AlertDto> Changed, IReadOnlyList<AlertDto> Resolved, IReadOnlyList<BreachDto> Breaches, int Reminded,
    IReadOnlyList<ObjectiveFailure> Failed);

/// <summary><c>/api/v1/alerts</c> and <c>/api/v1/breaches</c>.</summary>
public static class AlertApi
{
    /// <summary>Maps the alert endpoints.</summary>
    public static IEndpointRouteBuilder MapAlertApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/alerts", List).WithTags("Alerts").WithName("ListAlerts").Requires(Permission.ReadCatalogue)
            .WithSummary("Alerts, newest first; ?state=Open|Acknowledged|Resolved, ?agreement=, ?page=, ?pageSize= (≤ 500).")
            .Produces<PageDto<AlertDto>>().ProducesValidationProblem();
        app.MapPost("/api/v1/alerts/{id:long}/acknowledge", Acknowledge).WithTags("Alerts").WithName("AcknowledgeAlert").Requires(Permission.HandleAlerts)
            .WithSummary("Acknowledges an open alert (by the caller), with an optional {\"note\": \"…\"}; an acknowledged or resolved alert is given as it is.")
            .Accepts<AcknowledgeRequest>("application/json")
            .Produces<AlertDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/v1/alerts/acknowledge", AcknowledgeMany).WithTags("Alerts").WithName("AcknowledgeAlerts").Requires(Permission.HandleAlerts)
            .WithSummary($"Acknowledges several alerts at once: {{\"ids\": [1, 2, …], \"note\": \"…\"}} (at most {MaxBulk}); the open ones are acknowledged, " +
                "the others given as they are. Refused whole when any id is unknown or not the caller's to handle.")
            .Accepts<AcknowledgeManyRequest>("application/json")
            .Produces<List<AlertDto>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/v1/alerts/{id:long}/snooze", Snooze).WithTags("Alerts").WithName("SnoozeAlert").Requires(Permission.HandleAlerts)
            .WithSummary("Keeps an unresolved alert's reminders quiet until an instant within 30 days: {\"until\": \"2026-12-08T09:00:00Z\", \"reason\": \"…\"}. " +
                "A new alert, or a change of its level, is still told; 409 for a resolved alert.")
            .Accepts<SnoozeRequest>("application/json")
            .Produces<AlertDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost("/api/v1/alerts/evaluate", Evaluate).WithTags("Alerts").WithName("EvaluateAlerts").Requires(Permission.RunJobs)
            .WithSummary("Runs an evaluation round now (slm serve runs one every minute); 409 when another instance holds the lease.")
            .Produces<AlertRoundDto>().ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/v1/breaches", Breaches).WithTags("Alerts").WithName("ListBreaches").Requires(Permission.ReadAgreements)
            .WithSummary("Calendar periods that closed below target, newest first; ?agreement=; ?includeWithdrawn=true adds those a confirmed retroactive version re-judged as not breached (withdrawnAt, withdrawnReason). A customer or supplier gets those of their own agreements, with the statement and without the internal cause and actions.")
            .Produces<List<BreachDto>>();
        app.MapGet("/api/v1/breaches/{id:long}", Breach).WithTags("Alerts").WithName("GetBreach").Requires(Permission.ReadAgreements)
            .WithSummary("One breach, with its diagnosis's ETag for If-Match.")
            .Produces<BreachDto>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPut("/api/v1/breaches/{id:long}/diagnosis", Diagnose).WithTags("Alerts").WithName("DiagnoseBreach").Requires(Permission.HandleAlerts)
            .WithSummary("Fills in a breach's diagnosis: {\"category\": \"Change|Capacity|Supplier|SoftwareDefect|Configuration|HumanError|External|Unknown\", \"rootCause\": \"…\", \"references\": [\"INC…\"], \"contributingServices\": [\"…\"], \"actions\": \"…\", \"statement\": \"…\"} (texts at most 10,000 characters; at most 20 references of 200 characters; contributing services among those the agreement covers and depends on); with If-Match (the breach's ETag) only if nobody changed the diagnosis since; 409 once a published report shows the breach. Audited (kind Breach).")
            .Accepts<DiagnosisRequest>("application/json")
            .Produces<BreachDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        app.MapGet("/api/v1/notifications", Notifications).WithTags("Alerts").WithName("ListNotifications").Requires(Permission.ReadCatalogue)
            .WithSummary("Notifications of alerts and breaches, newest first, with their delivery: ?state=Pending|Sent|Failed, ?page=, ?pageSize=.")
            .Produces<PageDto<NotificationDto>>().ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Notifications(HttpRequest request, [AsParameters] PageQuery paging, NotificationStore store, CancellationToken ct)
    {
        var (state, bad) = HttpExchange.QueryEnum<NotificationState>(request, "state", "delivery state");
        var (page, size, problem) = paging.Resolve();
        if ((bad ?? problem) is { } refused)
        {
            return refused;
        }
        var (items, total) = await store.ListAsync(state, page, size, ct).ConfigureAwait(false);
        return TypedResults.Ok(new PageDto<NotificationDto>([.. items.Select(NotificationDto.From)], page, size, total));
    }

    private static async Task<IResult> List(HttpRequest request, [AsParameters] PageQuery paging, AlertStore store, CancellationToken ct)
    {
        var (state, bad) = HttpExchange.QueryEnum<AlertState>(request, "state", "alert state");
        var (page, size, problem) = paging.Resolve();
        if ((bad ?? problem) is { } refused)
        {
            return refused;
        }
        var agreement = request.Query["agreement"].ToString() is { Length: > 0 } a ? a : null;
        var (items, total) = await store.ListAsync(state, agreement, page, size, ct).ConfigureAwait(false);
        return TypedResults.Ok(new PageDto<AlertDto>([.. items.Select(AlertDto.From)], page, size, total));
    }

    /// <summary>The most alerts acknowledged in one request.</summary>
    public const int MaxBulk = 500;

    private static async Task<IResult> Acknowledge(long id, AcknowledgeRequest? body, HttpContext http, AlertStore store, CatalogueStore catalogue, IClock clock, CancellationToken ct)
    {
        if (AlertLifecycle.NoteProblem(body?.Note) is { } bad)
        {
            return HttpExchange.Invalid("note", "The note " + bad);
        }
        if (await store.AlertAsync(id, ct).ConfigureAwait(false) is not { } found)
        {
            return HttpExchange.NotFound($"No alert {id} exists.");
        }
        if (await RefuseHandlingAsync(http, catalogue, found.Agreement, ct).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }
        return await store.AcknowledgeAsync(id, HttpExchange.ActorOf(http).Name, clock.GetCurrentInstant(), Blank(body?.Note), ct).ConfigureAwait(false) is { } alert
            ? TypedResults.Ok(AlertDto.From(alert))
            : HttpExchange.NotFound($"No alert {id} exists.");
    }

    private static async Task<IResult> AcknowledgeMany(AcknowledgeManyRequest body, HttpContext http, AlertStore store, CatalogueStore catalogue, IClock clock, CancellationToken ct)
    {
        var problems = new List<(string, string)>();
        if (body.Ids is not { Count: > 0 } ids)
        {
            problems.Add(("ids", "is required: the ids of the alerts to acknowledge, e.g. [12, 13]."));
            ids = [];
        }
        else if (ids.Count > MaxBulk)
        {
            problems.Add(("ids", $"holds {ids.Count} ids: at most {MaxBulk} at once."));
        }
        if (AlertLifecycle.NoteProblem(body.Note) is { } bad)
        {
            problems.Add(("note", "The note " + bad));
        }
        if (problems.Count > 0)
        {
            return HttpExchange.Invalid(problems, "The acknowledgement is invalid; nothing was acknowledged.");
        }
        var found = await store.AlertsAsync([.. ids.Distinct()], ct).ConfigureAwait(false);
        if (ids.Where(id => !found.ContainsKey(id)).Distinct().ToList() is { Count: > 0 } missing)
        {
            return HttpExchange.NotFound($"No alert {string.Join(", ", missing)} exists; nothing was acknowledged.");
        }
        foreach (var agreement in found.Values.Select(a => a.Agreement).Distinct(StringComparer.Ordinal))
        {
            if (await RefuseHandlingAsync(http, catalogue, agreement, ct).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }
        }
        var done = await store.AcknowledgeAsync(ids, HttpExchange.ActorOf(http).Name, clock.GetCurrentInstant(), Blank(body.Note), ct).ConfigureAwait(false);
        return TypedResults.Ok(done.Select(AlertDto.From).ToList());
    }

    private static async Task<IResult> Snooze(long id, SnoozeRequest body, HttpContext http, AlertStore store, CatalogueStore catalogue, IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        Instant? until = null;
        var problems = new List<(string, string)>();
        if (body.Until is { Length: > 0 } text)
        {
            until = Interop.InstantText.TryParse(text);
            if (until is null)
            {
                problems.Add(("until", $"'{text}' is not an instant: {Interop.InstantText.Expected}."));
            }
        }
        problems.AddRange(AlertLifecycle.SnoozeProblems(until, body.Reason, now).Where(p => until is not null || body.Until is not { Length: > 0 } || p.Field != "until")
            .Select(p => (p.Field, $"{(p.Field == "until" ? "The end" : "The reason")} {p.Message}")));
        if (problems.Count > 0)
        {
            return HttpExchange.Invalid(problems, "The snooze is invalid; nothing was changed.");
        }
        if (await store.AlertAsync(id, ct).ConfigureAwait(false) is not { } found)
        {
            return HttpExchange.NotFound($"No alert {id} exists.");
        }
        if (await RefuseHandlingAsync(http, catalogue, found.Agreement, ct).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }
        var (outcome, alert) = await store.SnoozeAsync(id, until!.Value, body.Reason!.Trim(), HttpExchange.ActorOf(http).Name, ct).ConfigureAwait(false);
        return outcome switch
        {
            SnoozeOutcome.NotFound => HttpExchange.NotFound($"No alert {id} exists."),
            SnoozeOutcome.Resolved => HttpExchange.Problem(StatusCodes.Status409Conflict, "The alert is resolved.",
                $"Alert {id} resolved at {alert!.ResolvedAt}: there are no reminders to keep quiet."),
            _ => TypedResults.Ok(AlertDto.From(alert!)),
        };
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The 403 for a service owner handling an alert or breach of an agreement none of whose services they own; null when they may.</summary>
    private static async Task<IResult?> RefuseHandlingAsync(HttpContext http, CatalogueStore catalogue, string agreement, CancellationToken ct)
    {
        var caller = Caller.Required(http);
        if (await ApiScope.MayHandleAsync(caller, catalogue, agreement, ct).ConfigureAwait(false))
        {
            return null;
        }
        return HttpExchange.Problem(StatusCodes.Status403Forbidden, "You may handle only the alerts and breaches of services you own.",
            $"Agreement '{agreement}' covers no service you own (stakeholder {caller.Stakeholder ?? "(none linked to you)"}).",
            new Dictionary<string, object?> { ["permission"] = nameof(Permission.HandleAlerts) });
    }

    private static async Task<IResult> Evaluate(AlertEvaluator evaluator, IClock clock, CancellationToken ct) =>
        await evaluator.RunOnceAsync(clock.GetCurrentInstant(), ct).ConfigureAwait(false) is { } round
            ? TypedResults.Ok(new AlertRoundDto(round.At, round.Objectives, [.. round.Opened.Select(AlertDto.From)], [.. round.Changed.Select(AlertDto.From)], [.. round.Resolved.Select(AlertDto.From)], [.. round.Breaches.Select(BreachDto.From)], round.Reminded, round.Failed))
            : HttpExchange.Problem(StatusCodes.Status409Conflict, "Another instance is evaluating.", "Another slm serve holds the alert evaluation lease; its round covers every objective.");

    private static async Task<IResult> Breaches(HttpContext http, AlertStore store, CatalogueStore catalogue, CancellationToken ct)
    {
        var caller = Caller.Required(http);
        var withdrawn = http.Request.Query["includeWithdrawn"].ToString() is "true";
        var breaches = await store.BreachesAsync(http.Request.Query["agreement"].ToString() is { Length: > 0 } a ? a : null, withdrawn, ct).ConfigureAwait(false);
        var visible = new List<BreachDto>();
        var seen = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var breach in breaches)
        {
            if (!seen.TryGetValue(breach.Agreement, out var ok))
            {
                seen[breach.Agreement] = ok = await ApiScope.CanSeeAgreementAsync(http, catalogue, breach.Agreement, ct).ConfigureAwait(false);
            }
            if (ok)
            {
                visible.Add(BreachDto.For(breach, caller));
            }
        }
        return TypedResults.Ok(visible);
    }

    private static async Task<IResult> Diagnose(long id, DiagnosisRequest body, HttpContext http, AlertStore store, CatalogueStore catalogue, Reporting.BreachDiagnoses diagnoses, CancellationToken ct)
    {
        var (diagnosis, problem) = body.Read();
        if (problem is { } p)
        {
            return HttpExchange.Invalid([p], "The diagnosis is invalid; nothing was saved.");
        }
        if (await store.BreachAsync(id, ct).ConfigureAwait(false) is { } existing && await RefuseHandlingAsync(http, catalogue, existing.Agreement, ct).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }
        var (tag, bad) = EntityTag(http.Request);
        if (bad is not null)
        {
            return bad;
        }
        var result = await diagnoses.DiagnoseAsync(id, diagnosis!, HttpExchange.ActorOf(http), tag, ct).ConfigureAwait(false);
        if (result.Problems.Count > 0)
        {
            return HttpExchange.Invalid(result.Problems.Select(e => (e.Path, e.Message)), "The diagnosis is invalid; nothing was saved.");
        }
        if (result.Frozen is { } frozen)
        {
            return HttpExchange.Problem(StatusCodes.Status409Conflict, "The breach's report is published.", frozen);
        }
        var breach = result.Breach;
        switch (result.Outcome)
        {
            case DiagnosisOutcome.NotFound:
                return HttpExchange.NotFound($"No breach {id} exists.");
            case DiagnosisOutcome.Changed:
                HttpExchange.SetETag(http.Response, breach!.DiagnosisTag);
                return HttpExchange.Problem(StatusCodes.Status412PreconditionFailed, "The diagnosis has changed since it was read.",
                    $"Breach {id}'s diagnosis was last saved by {breach.UpdatedBy ?? "nobody"}; read it again (its ETag is in this answer) and send your change with that If-Match.");
            default:
                HttpExchange.SetETag(http.Response, breach!.DiagnosisTag);
                return TypedResults.Ok(BreachDto.From(breach));
        }
    }

    private static async Task<IResult> Breach(long id, HttpContext http, AlertStore store, CatalogueStore catalogue, CancellationToken ct)
    {
        if (await store.BreachAsync(id, ct).ConfigureAwait(false) is not { } breach || !await ApiScope.CanSeeAgreementAsync(http, catalogue, breach.Agreement, ct).ConfigureAwait(false))
        {
            return HttpExchange.NotFound($"No breach {id} exists.");
        }
        var caller = Caller.Required(http);
        if (caller.ReadsInternal)
        {
            HttpExchange.SetETag(http.Response, breach.DiagnosisTag);
        }
        return TypedResults.Ok(BreachDto.For(breach, caller));
    }

    /// <summary>The entity tag an If-Match header names (null when absent or <c>*</c>).</summary>
    private static (string? Tag, IResult? Problem) EntityTag(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return (null, null);
        }
        var tag = (header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header).Trim('"');
        return tag.Length == 16 && tag.All(char.IsAsciiHexDigitLower)
            ? (tag, null)
            : (null, HttpExchange.Problem(StatusCodes.Status400BadRequest, "The If-Match header is not an ETag of this breach.",
                $"Expected the quoted tag sent in the ETag header of GET /api/v1/breaches/{{id}}, such as \"0123456789abcdef\"; got {header}."));
    }
}
