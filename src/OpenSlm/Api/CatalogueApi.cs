using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Access;
using OpenSlm.Core.Access;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Indicators;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Yaml;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Api;

/// <summary>Request body for creating or replacing a record: the same metadata and spec as in YAML.</summary>
public sealed record ResourceRequest<TSpec>(Metadata Metadata, TSpec Spec)
    where TSpec : ISpec;

/// <summary>
/// <c>/api/v1</c>: every catalogue kind gets list, get, create, replace and retire, with the same
/// validation, references and audit as <c>slm apply</c>; agreements add versions and status moves.
/// </summary>
public static class CatalogueApi
{
    private static readonly HashSet<string> ReservedQuery = new(StringComparer.OrdinalIgnoreCase) { "page", "pageSize", "search", "includeRetired" };
    private static readonly HashSet<string> EnvelopeFields = ["apiVersion", "kind", "metadata", "spec", "status", "versions"];

    /// <summary>Maps the catalogue endpoints.</summary>
    public static IEndpointRouteBuilder MapCatalogueApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        MapKind<StakeholderSpec>(api, "People who hold RACI roles on services and agreements.");
        MapKind<CustomerSpec>(api, "Organisations that receive services.");
        MapKind<SupplierSpec>(api, "External parties that underpin services.");
        MapKind<CalendarSpec>(api, "Time zones, service hours, holidays and exclusions.");
        MapKind<ServiceSpec>(api, "The service catalogue.");
        MapKind<IndicatorSpec>(api, "How delivered service is measured (SLIs).");
        MapKind<AgreementSpec>(api, "SLAs, OLAs, underpinning contracts and expectations. PUT edits the latest Draft or creates an amendment.");
        MapVersions(api.MapGroup("/agreements/{name}/versions").WithTags("Agreements"));
        MapKind<Core.Tickets.TicketPolicySpec>(api, "Response and resolution targets for tickets, timed on business calendars.");
        MapKind<Core.Reporting.ReportScheduleSpec>(api, "Reports of an agreement or a customer, made and e-mailed on a cron schedule.");
        MapKind<RequirementSpec>(api, "Customers' service level requirements: what they need, why and for what budget, and the agreements offered in answer.");
        MapKind<Core.Improvement.ProblemSpec>(api, "Problems: one underlying cause behind breaches across objectives, services and periods; breaches name theirs in their diagnosis.");
        MapKind<Core.Improvement.ImprovementPlanSpec>(api, "Service improvement plans: a goal on one objective, the actions to reach it (owner, due date, status), the problems it answers.");
        api.MapGet("/requirements/{name}/offers", CompareOffers).WithTags("Requirements").WithName("CompareRequirementOffers").Requires(Permission.ReadCatalogue)
            .WithSummary("The requirement's offers side by side: for each need and offer (its latest version, typically a Draft or Proposed one), whether the objective of the need's name reaches the level over the hours needed (Meets, FallsShort, OtherHours, Missing; ticket times NotCompared) and why; each offer's charge against the budget; which offers meet every need within budget.")
            .Produces<OfferComparisonDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/calendars/{name}/holidays", ImportHolidays).WithTags("Calendars").WithName("ImportHolidays").Requires(Permission.EditCatalogue)
            .WithSummary("Adds the holidays of an iCalendar file (text/calendar, e.g. a government's bank-holiday feed) to the calendar: each all-day " +
                "event is a holiday, recurring ones expanded over ?from= to ?to= (years; default last year to five years ahead). Dates the " +
                "calendar lists already keep their names. Honours If-Match; audited like any change.")
            .Accepts<string>("text/calendar")
            .Produces<ResourceDto<CalendarSpec>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        api.MapGet("/audit", Audit).WithTags("Audit").WithName("ListAudit").Requires(Permission.ReadCatalogue)
            .WithSummary("The audit trail, newest first: who changed what, when, with before and after.")
            .Produces<PageDto<AuditDto>>();
        api.MapPost("/apply", Apply).WithTags("Config as code").WithName("Apply").Requires(Permission.EditCatalogue)
            .WithSummary("Applies YAML (openslm/v1 or openslo/v1) like `slm apply`; ?dryRun=true only plans.")
            .Accepts<string>("application/yaml", "application/x-yaml", "text/yaml", "application/json")
            .Produces<ApplyResultDto>().ProducesValidationProblem();
        api.MapGet("/export", Export).WithTags("Config as code").WithName("Export").Requires(Permission.ReadCatalogue)
            .WithSummary("The whole state as openslm/v1 YAML that applies again to the same state.")
            .Produces<string>(contentType: "application/yaml");
        return app;
    }

    private static void MapKind<TSpec>(RouteGroupBuilder api, string description)
        where TSpec : ISpec
    {
        var kind = TSpec.Kind;
        var plural = kind.Plural();
        var group = api.MapGroup($"/{plural}").WithTags(kind.PluralName()).WithDescription(description);
        // Agreements are read by the parties to them too; a service's owner edits it and its indicators; the rest is internal.
        var read = kind == ResourceKind.Agreement ? Permission.ReadAgreements : Permission.ReadCatalogue;
        var write = kind is ResourceKind.Service or ResourceKind.Indicator ? Permission.EditOwnServices : Permission.EditCatalogue;

        group.MapGet("/", (HttpContext http, [AsParameters] PageQuery paging, CatalogueStore store, CancellationToken ct) => List<TSpec>(kind, http, paging, store, ct))
            .WithName($"List{kind.PluralName()}").Requires(read)
            .WithSummary($"Lists {plural}: ?page, ?pageSize (≤ {ListQuery.MaxPageSize}), ?search, ?includeRetired, and spec fields as filters (e.g. {Example(kind)}).")
            .Produces<PageDto<ResourceDto<TSpec>>>().ProducesValidationProblem();
        group.MapGet("/{name}", (string name, HttpContext http, CatalogueStore store, CancellationToken ct) => Get<TSpec>(kind, name, http, store, ct))
            .WithName($"Get{kind}").Requires(read).WithSummary($"One {kind.ToString().ToLowerInvariant()}, with its ETag.")
            .Produces<ResourceDto<TSpec>>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", (HttpContext http, CatalogueStore store, CancellationToken ct) => Create<TSpec>(kind, http, store, ct))
            .WithName($"Create{kind}").Requires(write).WithSummary($"Creates a {kind.ToString().ToLowerInvariant()}.")
            .Accepts<ResourceRequest<TSpec>>("application/json")
            .Produces<ResourceDto<TSpec>>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{name}", (string name, HttpContext http, CatalogueStore store, CancellationToken ct) => Replace<TSpec>(kind, name, http, store, ct))
            .WithName($"Replace{kind}").Requires(write).WithSummary($"Replaces a {kind.ToString().ToLowerInvariant()}'s metadata and spec; send If-Match with its ETag to refuse lost updates.")
            .Accepts<ResourceRequest<TSpec>>("application/json")
            .Produces<ResourceDto<TSpec>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapDelete("/{name}", (string name, HttpContext http, CatalogueStore store, CancellationToken ct) => Retire<TSpec>(kind, name, http, store, ct))
            .WithName($"Retire{kind}").Requires(write).WithSummary($"Retires a {kind.ToString().ToLowerInvariant()}: kept for history, no longer listed or referable. Refused while others refer to it.")
            .Produces<ResourceDto<TSpec>>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapGet("/{name}/history", (string name, [AsParameters] PageQuery paging, CatalogueStore store, CancellationToken ct) =>
                History(kind, name, paging, store, ct))
            .WithName($"Get{kind}History").Requires(Permission.ReadCatalogue).WithSummary("The record's audit trail, newest first.")
            .Produces<PageDto<AuditDto>>();
    }

    private static void MapVersions(RouteGroupBuilder versions)
    {
        versions.MapGet("/", async (string name, HttpContext http, CatalogueStore store, CancellationToken ct) =>
                await store.GetAsync(ResourceKind.Agreement, name, ct).ConfigureAwait(false) is { } record && ApiScope.CanSee(http, record)
                    ? Results.Ok(record.Versions.Select(VersionDto.From).ToList())
                    : HttpExchange.NotFound($"No agreement named '{name}' exists."))
            .WithName("ListAgreementVersions").Requires(Permission.ReadAgreements).WithSummary("The versions of an agreement and their lifecycle.")
            .Produces<List<VersionDto>>();
        versions.MapGet("/{number:int}", GetVersion)
            .WithName("GetAgreementVersion").Requires(Permission.ReadAgreements).WithSummary("One version with its whole terms.")
            .Produces<VersionDetailDto>().ProducesProblem(StatusCodes.Status404NotFound);
        versions.MapPut("/{number:int}", EditVersion)
            .WithName("EditAgreementVersion").Requires(Permission.EditCatalogue).WithSummary("Edits a Draft version in place (409 for any other status: amend instead).")
            .Accepts<ResourceRequest<AgreementSpec>>("application/json")
            .Produces<VersionDetailDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        versions.MapPost("/", Amend)
            .WithName("AmendAgreement").Requires(Permission.EditCatalogue).WithSummary("Creates an amendment: a new Draft version from the body's spec, or a copy of the latest when the body is empty.")
            .Accepts<ResourceRequest<AgreementSpec>>("application/json")
            .Produces<VersionDetailDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        versions.MapPost("/{number:int}/status", MoveVersion)
            .WithName("MoveAgreementVersion").Requires(Permission.EditCatalogue)
            .WithSummary("Moves a version along Draft → Proposed → (sign-off) Agreed → Active → Superseded/Expired. Activating supersedes the Active version from the day it takes effect; a retroactive effectiveFrom needs a reason and confirm: true (409 lists the closed periods it re-judges); expiring needs a reason.")
            .Accepts<StatusChangeRequest>("application/json")
            .Produces<VersionDetailDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        versions.MapPost("/{number:int}/renew", Renew)
            .WithName("RenewAgreementVersion").Requires(Permission.EditCatalogue)
            .WithSummary("Opens a renewal of a version that ends: a Draft with its terms, in force from the day after its effective.to for {\"months\": N} months (1-120; default as long as it was). It is then proposed, signed off and activated from its first day like any amendment; 409 when the version has no end or a Draft is open.")
            .Accepts<RenewRequest>("application/json")
            .Produces<VersionDetailDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        versions.MapGet("/{number:int}/whatif", WhatIf)
            .WithName("AgreementVersionWhatIf").Requires(Permission.ReadAgreements)
            .WithSummary("Replays the version's terms (a Draft or Proposed one, or any other) over the stored data of the last closed calendar months (?months=1-36, default 12): each objective's attainment, status and budget per month, the credits it would have owed, and notes for months without data.")
            .Produces<Reporting.WhatIfDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        versions.MapGet("/{number:int}/compare", Compare)
            .WithName("CompareAgreementVersions").Requires(Permission.ReadAgreements)
            .WithSummary("The version's terms against another's (?with=N, default the version before it): every field of the YAML document that differs, by its path (objectives[availability].target), Added, Removed or Changed, with its value in each.")
            .Produces<VersionCompareDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        versions.MapGet("/{number:int}/approvals", GetSignOff)
            .WithName("GetAgreementSignOff").Requires(Permission.ReadAgreements).WithSummary("Who signs the version off for each party, their decisions on its current proposal, who is still to approve, and every decision made on it.")
            .Produces<SignOffDto>().ProducesProblem(StatusCodes.Status404NotFound);
        versions.MapPost("/{number:int}/approvals", Decide)
            .WithName("DecideAgreementVersion").Requires(Permission.ReadAgreements)
            .WithSummary("Approves or rejects a Proposed version as the Accountable of a party (the signed-in person's stakeholder). The last approval makes it Agreed; a rejection (with its reason) sends it back to Draft.")
            .Accepts<SignOffDecisionRequest>("application/json")
            .Produces<SignOffDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
    }

    // ---- records --------------------------------------------------------------------------

    private static async Task<IResult> List<TSpec>(ResourceKind kind, HttpContext http, PageQuery paging, CatalogueStore store, CancellationToken ct)
        where TSpec : ISpec
    {
        var q = http.Request.Query;
        var (page, size, problem) = paging.Resolve();
        if (problem is not null)
        {
            return problem;
        }
        var includeRetired = q.TryGetValue("includeRetired", out var retired) && bool.TryParse(retired, out var r) && r;
        var filters = q.Where(kv => !ReservedQuery.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        var query = new ListQuery { Page = page, PageSize = size, Search = q["search"].FirstOrDefault(), IncludeRetired = includeRetired, Filters = filters };
        var caller = Caller.Required(http);
        if (kind == ResourceKind.Agreement && !caller.ReadsInternal)
        {
            // A customer or supplier lists only the agreements they are party to: the same query over every page, filtered.
            var (all, failure) = await ApiScope.ListAllAsync(store, kind, query, ct).ConfigureAwait(false);
            if (all is null)
            {
                return HttpExchange.Invalid("query", failure!, "The query is invalid.");
            }
            var mine = all.Where(r => caller.CanRead((AgreementSpec)r.Document.Spec)).ToList();
            return TypedResults.Ok(new PageDto<ResourceDto<TSpec>>([.. mine.Skip((page - 1) * size).Take(size).Select(ResourceDto<TSpec>.From)], page, size, mine.Count));
        }
        var (result, error) = await store.ListAsync(kind, query, ct).ConfigureAwait(false);
        if (result is null)
        {
            return HttpExchange.Invalid("query", error!, "The query is invalid.");
        }
        return TypedResults.Ok(new PageDto<ResourceDto<TSpec>>([.. result.Items.Select(ResourceDto<TSpec>.From)], result.PageNumber, result.PageSize, result.Total));
    }

    private static async Task<IResult> Get<TSpec>(ResourceKind kind, string name, HttpContext http, CatalogueStore store, CancellationToken ct)
        where TSpec : ISpec
    {
        var record = await store.GetAsync(kind, name, ct).ConfigureAwait(false);
        if (record is null || !ApiScope.CanSee(http, record))
        {
            // Another customer's agreement is answered as one that does not exist.
            return HttpExchange.NotFound($"No {kind} named '{name}' exists.");
        }
        HttpExchange.SetETag(http.Response, record.Status.Revision);
        return TypedResults.Ok(ResourceDto<TSpec>.From(record));
    }

    private static async Task<IResult> Create<TSpec>(ResourceKind kind, HttpContext http, CatalogueStore store, CancellationToken ct)
        where TSpec : ISpec
    {
        var (document, problem) = await ReadDocumentAsync(kind, routeName: null, http.Request, ct).ConfigureAwait(false);
        if (document is null)
        {
            return problem!;
        }
        if (await ApiScope.RefuseEditAsync(http, store, kind, document.Name, document, ct).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }
        var result = await store.CreateAsync(document, HttpExchange.ActorOf(http), ct).ConfigureAwait(false);
        if (!result.Ok)
        {
            return HttpExchange.Refused(result);
        }
        var record = (await store.GetAsync(kind, document.Name, ct).ConfigureAwait(false))!;
        HttpExchange.SetETag(http.Response, record.Status.Revision);
        return TypedResults.Created($"/api/v1/{kind.Plural()}/{document.Name}", ResourceDto<TSpec>.From(record));
    }

    private static async Task<IResult> Replace<TSpec>(ResourceKind kind, string name, HttpContext http, CatalogueStore store, CancellationToken ct)
        where TSpec : ISpec
    {
        var (expected, badHeader) = HttpExchange.IfMatch(http.Request);
        if (badHeader is not null)
        {
            return badHeader;
        }
        var (document, problem) = await ReadDocumentAsync(kind, name, http.Request, ct).ConfigureAwait(false);
        if (document is null)
        {
            return problem!;
        }
        if (await ApiScope.RefuseEditAsync(http, store, kind, name, document, ct).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }
        var result = await store.UpdateAsync(document, expected, HttpExchange.ActorOf(http), ct).ConfigureAwait(false);
        if (!result.Ok)
        {
            return HttpExchange.Refused(result);
        }
        return await Get<TSpec>(kind, name, http, store, ct).ConfigureAwait(false);
    }

    private static async Task<IResult> ImportHolidays(string name, HttpContext http, CatalogueStore store, NodaTime.IClock clock, CancellationToken ct)
    {
        var (expected, badHeader) = HttpExchange.IfMatch(http.Request);
        if (badHeader is not null)
        {
            return badHeader;
        }
        if (!string.Equals(http.Request.ContentType?.Split(';')[0].Trim(), "text/calendar", StringComparison.OrdinalIgnoreCase))
        {
            return HttpExchange.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.",
                $"'{http.Request.ContentType}' is not an iCalendar file: send text/calendar.");
        }
        var year = clock.GetCurrentInstant().InUtc().Year;
        var years = new Dictionary<string, int> { ["from"] = year - 1, ["to"] = year + 5 };
        foreach (var key in years.Keys.ToList())
        {
            if (http.Request.Query[key].ToString() is { Length: > 0 } text)
            {
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 1900 or > 9000)
                {
                    return HttpExchange.Invalid(key, $"'{text}' is not a year: expected for example {year}.");
                }
                years[key] = y;
            }
        }
        if (await store.GetAsync(ResourceKind.Calendar, name, ct).ConfigureAwait(false) is not { } record)
        {
            return HttpExchange.NotFound($"No calendar named '{name}' exists.");
        }
        using var reader = new StreamReader(http.Request.Body);
        if (years["to"] < years["from"])
        {
            return HttpExchange.Invalid("to", $"{years["to"]} is before from ({years["from"]}): give the years recurring events are expanded over, first to last.");
        }
        var file = Interop.Calendars.IcsHolidays.Read(await reader.ReadToEndAsync(ct).ConfigureAwait(false), "body", years["from"], years["to"]);
        if (!file.Ok)
        {
            return HttpExchange.Invalid(file.Errors);
        }
        var spec = (CalendarSpec)record.Document.Spec;
        var known = spec.Holidays.Select(h => h.Date).ToHashSet();
        var merged = spec with { Holidays = [.. spec.Holidays.Concat(file.Holidays.Where(h => !known.Contains(h.Date))).OrderBy(h => h.Date)] };
        var result = await store.UpdateAsync(record.Document with { Spec = merged }, expected ?? record.Status.Revision, HttpExchange.ActorOf(http), ct).ConfigureAwait(false);
        return result.Ok ? await Get<CalendarSpec>(ResourceKind.Calendar, name, http, store, ct).ConfigureAwait(false) : HttpExchange.Refused(result);
    }

    private static async Task<IResult> Retire<TSpec>(ResourceKind kind, string name, HttpContext http, CatalogueStore store, CancellationToken ct)
        where TSpec : ISpec
    {
        var (expected, badHeader) = HttpExchange.IfMatch(http.Request);
        if (badHeader is not null)
        {
            return badHeader;
        }
        if (await ApiScope.RefuseEditAsync(http, store, kind, name, null, ct).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }
        var result = await store.RetireAsync(kind, name, expected, HttpExchange.ActorOf(http), ct).ConfigureAwait(false);
        return result.Ok ? await Get<TSpec>(kind, name, http, store, ct).ConfigureAwait(false) : HttpExchange.Refused(result);
    }

    private static async Task<IResult> History(ResourceKind kind, string name, PageQuery paging, CatalogueStore store, CancellationToken ct)
    {
        var (p, size, problem) = paging.Resolve();
        if (problem is not null)
        {
            return problem;
        }
        var entries = await store.AuditAsync(kind, name, p, size, ct).ConfigureAwait(false);
        return TypedResults.Ok(new PageDto<AuditDto>([.. entries.Items.Select(AuditDto.From)], entries.PageNumber, entries.PageSize, entries.Total));
    }

    // ---- agreement versions ---------------------------------------------------------------

    private static async Task<IResult> GetVersion(string name, int number, HttpContext http, CatalogueStore store, CancellationToken ct)
    {
        var response = http.Response;
        var version = await store.GetVersionAsync(name, number, ct).ConfigureAwait(false);
        if (version is null || !Caller.Required(http).CanRead(version.Spec))
        {
            return HttpExchange.NotFound($"Agreement '{name}' has no version {number}, or does not exist.");
        }
        HttpExchange.SetETag(response, version.Revision);
        return TypedResults.Ok(new VersionDetailDto(version.Agreement, VersionDto.From(version.Info), version.Spec));
    }

    private static async Task<IResult> EditVersion(string name, int number, HttpContext http, CatalogueStore store, CancellationToken ct)
    {
        var (expected, badHeader) = HttpExchange.IfMatch(http.Request);
        if (badHeader is not null)
        {
            return badHeader;
        }
        var (document, problem) = await ReadDocumentAsync(ResourceKind.Agreement, name, http.Request, ct).ConfigureAwait(false);
        if (document is null)
        {
            return problem!;
        }
        var result = await store.EditVersionAsync(name, number, (AgreementSpec)document.Spec, expected, HttpExchange.ActorOf(http), ct).ConfigureAwait(false);
        return result.Ok ? await GetVersion(name, number, http, store, ct).ConfigureAwait(false) : HttpExchange.Refused(result);
    }

    private static async Task<IResult> Amend(string name, HttpContext http, CatalogueStore store, CancellationToken ct)
    {
        var (expected, badHeader) = HttpExchange.IfMatch(http.Request);
        if (badHeader is not null)
        {
            return badHeader;
        }
        AgreementSpec? spec = null;
        if (http.Request.ContentLength is not 0 && http.Request.ContentType is not null)
        {
            var (document, problem) = await ReadDocumentAsync(ResourceKind.Agreement, name, http.Request, ct).ConfigureAwait(false);
            if (document is null)
            {
                return problem!;
            }
            spec = (AgreementSpec)document.Spec;
        }
        var result = await store.AmendAsync(name, spec, expected, HttpExchange.ActorOf(http), ct).ConfigureAwait(false);
        if (!result.Ok)
        {
            return HttpExchange.Refused(result);
        }
        var number = result.Changes.First(c => c.Action == ChangeAction.VersionCreated).Version!.Value;
        var version = (await store.GetVersionAsync(name, number, ct).ConfigureAwait(false))!;
        HttpExchange.SetETag(http.Response, version.Revision);
        return TypedResults.Created($"/api/v1/agreements/{name}/versions/{number}", new VersionDetailDto(name, VersionDto.From(version.Info), version.Spec));
    }

    private static async Task<IResult> Renew(string name, int number, HttpContext http, CatalogueStore store, CancellationToken ct)
    {
        if (await store.GetVersionAsync(name, number, ct).ConfigureAwait(false) is not { } version)
        {
            return HttpExchange.NotFound($"No agreement named '{name}' with a version {number} exists.");
        }
        int? months = null;
        if (http.Request.ContentLength is not 0 && http.Request.ContentType is not null)
        {
            var (body, problem) = await HttpExchange.ReadObjectAsync(http.Request, ct).ConfigureAwait(false);
            if (body is null)
            {
                return problem!;
            }
            if (body.Select(p => p.Key).FirstOrDefault(k => k != "months") is { } unknown)
            {
                return HttpExchange.Invalid(unknown, $"unknown field '{unknown}': expected only months.");
            }
            if (body["months"] is { } node)
            {
                if (node is not JsonValue value || !value.TryGetValue<int>(out var m))
                {
                    return HttpExchange.Invalid("months", "must be a whole number of months, 1 to 120.");
                }
                months = m;
            }
        }
        var (period, refused) = Renewals.Renewed(version.Spec.Effective, months);
        if (period is null)
        {
            return refused!.StartsWith("months", StringComparison.Ordinal)
                ? HttpExchange.Invalid("months", refused["months ".Length..])
                : HttpExchange.Problem(StatusCodes.Status409Conflict, "This version cannot be renewed.", $"Version {number} of '{name}' {refused}");
        }
        var result = await store.AmendAsync(name, version.Spec with { Effective = period }, null, HttpExchange.ActorOf(http), ct).ConfigureAwait(false);
        if (!result.Ok)
        {
            return HttpExchange.Refused(result);
        }
        var created = result.Changes.First(c => c.Action == ChangeAction.VersionCreated).Version!.Value;
        var renewal = (await store.GetVersionAsync(name, created, ct).ConfigureAwait(false))!;
        HttpExchange.SetETag(http.Response, renewal.Revision);
        return TypedResults.Created($"/api/v1/agreements/{name}/versions/{created}", new VersionDetailDto(name, VersionDto.From(renewal.Info), renewal.Spec));
    }

    private static async Task<IResult> MoveVersion(string name, int number, HttpContext http, CatalogueStore store, Reporting.ReportService reports, IClock clock, CancellationToken ct)
    {
        var (expected, badHeader) = HttpExchange.IfMatch(http.Request);
        if (badHeader is not null)
        {
            return badHeader;
        }
        var (body, problem) = await HttpExchange.ReadObjectAsync(http.Request, ct).ConfigureAwait(false);
        if (body is null)
        {
            return problem!;
        }
        var text = (body["status"] as JsonValue)?.ToString();
        if (text is null || !Enum.TryParse<VersionStatus>(text, ignoreCase: true, out var to) || !Enum.IsDefined(to) || text.Any(char.IsAsciiDigit))
        {
            return HttpExchange.Invalid("status", $"'{text}' is not a version status: expected one of {string.Join(", ", Enum.GetNames<VersionStatus>())}.");
        }
        LocalDate? from = null;
        if (body["effectiveFrom"] is { } fromNode)
        {
            if (fromNode is not JsonValue fromValue || !fromValue.TryGetValue<string>(out var day) || !LocalDatePattern.Iso.Parse(day).TryGetValue(default, out var parsed))
            {
                return HttpExchange.Invalid("effectiveFrom", $"'{fromNode.ToJsonString()}' is not a day: expected yyyy-MM-dd, for example 2026-01-01.");
            }
            if (to != VersionStatus.Active)
            {
                return HttpExchange.Invalid("effectiveFrom", $"names the first day in force, so it goes only with status Active, not {to}.");
            }
            from = parsed;
        }
        string? reason = null;
        if (body["reason"] is { } reasonNode)
        {
            if (reasonNode is not JsonValue reasonValue || !reasonValue.TryGetValue(out reason))
            {
                return HttpExchange.Invalid("reason", "must be text.");
            }
            if (reason.Length > Activation.MaxReasonLength)
            {
                return HttpExchange.Invalid("reason", $"is {reason.Length} characters long; at most {Activation.MaxReasonLength} are kept.");
            }
        }
        var confirm = false;
        if (body["confirm"] is { } confirmNode && (confirmNode is not JsonValue confirmValue || !confirmValue.TryGetValue(out confirm)))
        {
            return HttpExchange.Invalid("confirm", "must be true or false.");
        }
        IReadOnlyList<Core.Reporting.JudgementChange>? rejudged = null;
        if (to == VersionStatus.Active && from is { } asked)
        {
            // A retroactive date re-judges closed periods: the caller is shown which before it takes effect.
            if (await reports.CheckActivationAsync(name, number, new ActivationRequest(asked, reason), ct).ConfigureAwait(false) is not { } check)
            {
                return HttpExchange.NotFound($"No agreement named '{name}' with a version {number} exists.");
            }
            if (check.Plan is null)
            {
                return HttpExchange.Invalid(check.Field, check.Problem!);
            }
            if (check.Plan.Retroactive && !confirm)
            {
                return HttpExchange.Problem(StatusCodes.Status409Conflict, "A retroactive date must be confirmed.",
                    $"Putting version {number} in force from {LocalDatePattern.Iso.Format(asked)} changes the judgement or credits of {check.Rejudged.Count} objective period(s) already closed (listed in 'rejudged'; none when empty). Send the same request with \"confirm\": true to put it in force.",
                    new Dictionary<string, object?> { ["rejudged"] = check.Rejudged });
            }
            rejudged = check.Plan.Retroactive ? check.Rejudged : null;
        }
        var result = await store.MoveVersionAsync(name, number, new VersionMove(to, from, reason), expected, HttpExchange.ActorOf(http), ct).ConfigureAwait(false);
        if (!result.Ok)
        {
            return HttpExchange.Refused(result);
        }
        if (rejudged is not null)
        {
            // The breach records of the months it re-judged follow the confirmed judgement (withdrawn, never deleted).
            await reports.RejudgeBreachesAsync(name, number, from!.Value, reason, rejudged, ct).ConfigureAwait(false);
        }
        return await GetVersion(name, number, http, store, ct).ConfigureAwait(false);
    }

    private static async Task<IResult> WhatIf(string name, int number, string? months, HttpContext http, CatalogueStore store, Reporting.ReportService reports, CancellationToken ct)
    {
        var count = 12;
        if (months is not null && (!int.TryParse(months, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count)
            || count < 1 || count > Core.Reporting.WhatIf.MaxMonths))
        {
            return HttpExchange.Invalid("months", $"'{months}' is not a number of months: expected 1 to {Core.Reporting.WhatIf.MaxMonths}.", "The query is invalid.");
        }
        if (await store.GetAsync(ResourceKind.Agreement, name, ct).ConfigureAwait(false) is not { } record || !ApiScope.CanSee(http, record)
            || await store.GetVersionAsync(name, number, ct).ConfigureAwait(false) is not { } version)
        {
            return HttpExchange.NotFound($"No agreement named '{name}' with a version {number} exists.");
        }
        return TypedResults.Ok(Reporting.WhatIfDto.Of(await reports.WhatIfAsync(version.Spec, count, ct).ConfigureAwait(false)));
    }

    private static async Task<IResult> Compare(string name, int number, string? with, HttpContext http, CatalogueStore store, CancellationToken ct)
    {
        var other = number - 1;
        if (with is not null && (!int.TryParse(with, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out other) || other < 1))
        {
            return HttpExchange.Invalid("with", $"'{with}' is not a version number: expected a whole number from 1.", "The query is invalid.");
        }
        if (await store.GetAsync(ResourceKind.Agreement, name, ct).ConfigureAwait(false) is not { } record || !ApiScope.CanSee(http, record)
            || await store.GetVersionAsync(name, number, ct).ConfigureAwait(false) is not { } version)
        {
            return HttpExchange.NotFound($"No agreement named '{name}' with a version {number} exists.");
        }
        if (other < 1)
        {
            return HttpExchange.Invalid("with", $"version {number} is the first; give ?with=N to compare it with a later one.", "The query is invalid.");
        }
        if (await store.GetVersionAsync(name, other, ct).ConfigureAwait(false) is not { } against)
        {
            return HttpExchange.NotFound($"Agreement '{name}' has no version {other} (it has {record.Versions.Count}).");
        }
        var changes = Interop.Documents.TermsCompare.Compare(against.Spec, version.Spec);
        return TypedResults.Ok(new VersionCompareDto(name, VersionDto.From(against.Info), VersionDto.From(version.Info),
            [.. changes.Select(c => new TermChangeDto(c.Path, c.Before, c.After, c.Kind))]));
    }

    private static async Task<IResult> CompareOffers(string name, CatalogueStore store, CancellationToken ct)
    {
        if (await store.GetAsync(ResourceKind.Requirement, name, ct).ConfigureAwait(false) is not { Document.Spec: RequirementSpec requirement })
        {
            return HttpExchange.NotFound($"No requirement named '{name}' exists.");
        }
        return TypedResults.Ok(OfferComparisonDto.From(name, requirement, await OfferTermsAsync(requirement, store, ct).ConfigureAwait(false)));
    }

    /// <summary>Each offer's latest version's terms (null where the agreement is gone), in the requirement's order.</summary>
    internal static async Task<List<(string Name, AgreementSpec? Terms, VersionStatus? Status)>> OfferTermsAsync(RequirementSpec requirement, CatalogueStore store, CancellationToken ct)
    {
        var offers = new List<(string, AgreementSpec?, VersionStatus?)>();
        foreach (var offer in requirement.Offers)
        {
            var record = await store.GetAsync(ResourceKind.Agreement, offer, ct).ConfigureAwait(false);
            var latest = record?.Versions.Count > 0 ? record.Versions.MaxBy(v => v.Number) : null;
            offers.Add((offer, record?.Document.Spec as AgreementSpec, latest?.Status));
        }
        return offers;
    }

    private static async Task<IResult> GetSignOff(string name, int number, HttpContext http, CatalogueStore store, CancellationToken ct)
    {
        if (await store.GetAsync(ResourceKind.Agreement, name, ct).ConfigureAwait(false) is not { } record || !ApiScope.CanSee(http, record)
            || await store.SignOffAsync(name, number, ct).ConfigureAwait(false) is not { } state)
        {
            return HttpExchange.NotFound($"No agreement named '{name}' with a version {number} exists.");
        }
        return TypedResults.Ok(SignOffDto.From(name, number, state));
    }

    private static async Task<IResult> Decide(string name, int number, HttpContext http, CatalogueStore store, CancellationToken ct)
    {
        if (await store.GetAsync(ResourceKind.Agreement, name, ct).ConfigureAwait(false) is not { } record || !ApiScope.CanSee(http, record))
        {
            return HttpExchange.NotFound($"No agreement named '{name}' with a version {number} exists.");
        }
        var (body, problem) = await HttpExchange.ReadObjectAsync(http.Request, ct).ConfigureAwait(false);
        if (body is null)
        {
            return problem!;
        }
        var decision = (body["decision"] as JsonValue)?.ToString();
        if (decision is not ("approve" or "reject"))
        {
            return HttpExchange.Invalid("decision", $"'{decision}' is not a decision: expected approve or reject.");
        }
        string? reason = null;
        if (body["reason"] is { } reasonNode && (reasonNode is not JsonValue reasonValue || !reasonValue.TryGetValue(out reason)))
        {
            return HttpExchange.Invalid("reason", "must be text.");
        }
        Party? party = null;
        if (body["party"] is { } partyNode)
        {
            var partyText = (partyNode as JsonValue)?.ToString();
            if (partyText is null || !Enum.TryParse<Party>(partyText, ignoreCase: true, out var p) || !Enum.IsDefined(p) || partyText.Any(char.IsAsciiDigit))
            {
                return HttpExchange.Invalid("party", $"'{partyText}' is not a party: expected one of {string.Join(", ", Enum.GetNames<Party>())}.");
            }
            party = p;
        }
        var request = new SignOffRequest(Caller.Required(http).Stakeholder, decision == "approve", reason, party);
        var result = await store.DecideAsync(name, number, request, null, HttpExchange.ActorOf(http), ct).ConfigureAwait(false);
        return result.Ok ? await GetSignOff(name, number, http, store, ct).ConfigureAwait(false) : HttpExchange.Refused(result);
    }

    // ---- config as code -------------------------------------------------------------------

    private static async Task<IResult> Audit(string? kind, string? name, [AsParameters] PageQuery paging, CatalogueStore store, CancellationToken ct)
    {
        var (p, size, problem) = paging.Resolve();
        if (problem is not null)
        {
            return problem;
        }
        string? k = null;
        if (kind is not null)
        {
            // The catalogue's kinds, and Breach for breach diagnoses (named by the breach's id).
            if (string.Equals(kind, "Breach", StringComparison.OrdinalIgnoreCase))
            {
                k = "Breach";
            }
            else if (!Enum.TryParse<ResourceKind>(kind, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(kind, out _))
            {
                return HttpExchange.Invalid("kind", $"'{kind}' is not a kind: expected one of {string.Join(", ", ResourceKinds.InDependencyOrder)}, or Breach.", "The query is invalid.");
            }
            else
            {
                k = parsed.ToString();
            }
        }
        var entries = await store.AuditEntriesAsync(k, name, p, size, ct).ConfigureAwait(false);
        return TypedResults.Ok(new PageDto<AuditDto>([.. entries.Items.Select(AuditDto.From)], entries.PageNumber, entries.PageSize, entries.Total));
    }

    private static async Task<IResult> Apply(HttpContext http, bool? dryRun, CatalogueStore store, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        var read = DocumentReader.Read(text, "body");
        if (!read.Ok)
        {
            return ApplyInvalid(read.Errors.Select(e => (e.Location, e.Path, e.Message)));
        }
        if (read.Documents.Count == 0)
        {
            return HttpExchange.Invalid("$", "holds no document: send one or more YAML documents (apiVersion, kind, metadata, spec), separated by ---.",
                "The YAML is invalid; nothing was applied.");
        }
        var result = await store.ApplyAsync(read.Documents, HttpExchange.ActorOf(http) with { Via = "apply" }, dryRun ?? false, ct).ConfigureAwait(false);
        if (!result.Ok)
        {
            return result.Errors.All(e => e.Type == WriteErrorType.Invalid)
                ? ApplyInvalid(result.Errors.Select(e => (e.Location ?? default, e.Path, $"{e.Kind.ToString().ToLowerInvariant()}/{e.Name}: {e.Message}")))
                : HttpExchange.Refused(result);
        }
        return TypedResults.Ok(new ApplyResultDto(dryRun ?? false, [.. result.Changes.Select(ChangeDto.From)], read.Notes));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem ApplyInvalid(IEnumerable<(SourceLocation Location, string Path, string Message)> errors) =>
        HttpExchange.Invalid(
            errors.Select(e => (e.Location.Line > 0 ? $"line {e.Location.Line}" : string.Empty, e.Path.Length > 0 ? $"{e.Path}: {e.Message}" : e.Message)),
            title: "The YAML is invalid; nothing was applied.");

    private static async Task<IResult> Export(bool? includeRetired, CatalogueStore store, CancellationToken ct)
    {
        var documents = await store.ExportAsync(includeRetired ?? false, ct).ConfigureAwait(false);
        return Results.Text(DocumentWriter.Write(documents), "application/yaml; charset=utf-8");
    }

    // ---- helpers --------------------------------------------------------------------------

    /// <summary>Reads a request body into a validated document of <paramref name="kind"/>.</summary>
    private static async Task<(Document? Document, IResult? Problem)> ReadDocumentAsync(ResourceKind kind, string? routeName, HttpRequest request, CancellationToken ct)
    {
        var (body, problem) = await HttpExchange.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (body is null)
        {
            return (null, problem);
        }
        var errors = new List<DocumentError>();
        var here = new SourceLocation("body", 0, 0);
        foreach (var field in body.Select(kv => kv.Key).Where(k => !EnvelopeFields.Contains(k)))
        {
            errors.Add(new DocumentError(here, field, $"unknown field '{field}': the body has metadata and spec (apiVersion, kind, status and versions are ignored)."));
        }
        if (body["kind"] is JsonValue k && k.ToString() != kind.ToString())
        {
            errors.Add(new DocumentError(here, "kind", $"'{k}' does not match this endpoint, which takes {kind}."));
        }
        var metadata = body["metadata"] as JsonObject ?? [];
        if (routeName is not null)
        {
            if (metadata["name"] is JsonValue n && n.ToString() != routeName)
            {
                errors.Add(new DocumentError(here, "metadata.name", $"'{n}' differs from the name in the URL, '{routeName}': names cannot be changed."));
            }
            metadata["name"] = routeName;
        }
        if (errors.Count > 0)
        {
            return (null, HttpExchange.Invalid(errors));
        }
        var (document, readErrors) = DocumentReader.ReadNode(kind, metadata, body["spec"], here);
        return document is null ? (null, HttpExchange.Invalid(readErrors)) : (document, null);
    }

    private static string Example(ResourceKind kind) => kind switch
    {
        ResourceKind.Service => "?owner=alice&tier=1&customer=acme",
        ResourceKind.Agreement => "?kind=SLA&customer=acme&status=Active",
        ResourceKind.Indicator => "?service=payments-api",
        ResourceKind.ImprovementPlan => "?agreement=web-shop-sla&status=Active",
        ResourceKind.Problem => "?status=KnownError&category=Capacity",
        _ => "?search=text",
    };
}
