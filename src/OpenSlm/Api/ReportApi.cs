using System.Text;
using OpenSlm.Access;
using OpenSlm.Core.Access;
using OpenSlm.Core.Reporting;
using OpenSlm.Hosting;
using OpenSlm.Reporting;

namespace OpenSlm.Api;

/// <summary><c>/api/v1/reports</c>: service level reports, and service credits.</summary>
public static class ReportApi
{
    /// <summary>The formats a report is given in, by <c>?format=</c>.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["json", "csv", "html", "pdf"];

    /// <summary>Maps the report endpoints.</summary>
    public static IEndpointRouteBuilder MapReportApi(this IEndpointRouteBuilder app)
    {
        static IResult NoAgreement(string name) => HttpExchange.Problem(StatusCodes.Status404NotFound, "No such agreement.", $"There is no agreement named '{name}'.");
        app.MapGet("/api/v1/reports/agreements/{name}", Agreement).WithTags("Reports").WithName("AgreementReport").Requires(Permission.ReadAgreements).ScopedToAgreement(NoAgreement)
            .WithSummary("An agreement's report for ?period= (2025-03, 2025-Q1, 2025, or 2025-01-06..2025-02-02), of its Active version or ?version=N; ?format=json (default), csv, html or pdf.")
            .Produces<AgreementReportDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/v1/reports/customers/{name}", Customer).WithTags("Reports").WithName("CustomerReport").Requires(Permission.ReadAgreements)
            .WithSummary("Every agreement of a customer for ?period=, in one report; ?format=json (default), csv, html or pdf.")
            .Produces<CustomerReportDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/reports/scorecard", Scorecard).WithTags("Reports").WithName("Scorecard").Requires(Permission.ReadCatalogue)
            .WithSummary("The catalogue scorecard: every service × objective over ?months= (default 12, at most 36) ending with ?last= (a month; default the last closed one) as a heat map, worst first; attainment against cost per service; reviews due; services with no agreement; objectives nobody measures. ?format=json (default) or html (the heat map as a page).")
            .Produces<ScorecardDto>().ProducesValidationProblem();
        app.MapPost("/api/v1/reports", Publish).WithTags("Reports").WithName("PublishReport").Requires(Permission.RunJobs)
            .Accepts<PublishReportRequest>("application/json")
            .WithSummary("Publishes a closed period's report: {\"agreement\", \"period\", \"version\"?}; keeps its numbers and the hash of the data behind them. 201, or 200 with the earlier publication of the same data.")
            .Produces<PublishedReportDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/v1/reports", ListPublished).WithTags("Reports").WithName("ListPublishedReports").Requires(Permission.ReadAgreements)
            .WithSummary("Published reports, newest first; ?agreement=, ?page=, ?pageSize=.")
            .Produces<PageDto<PublishedReportDto>>().ProducesValidationProblem();
        app.MapGet("/api/v1/reports/{id:long}", Published).WithTags("Reports").WithName("PublishedReport").Requires(Permission.ReadAgreements)
            .WithSummary("A published report exactly as published, ?format=json|csv|html|pdf; data changed since is flagged (notices, X-OpenSLM-Data-Changed), never merged.")
            .Produces<AgreementReportDto>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/agreements/{name}/credits", Credits).WithTags("Reports").WithName("AgreementCredits").Requires(Permission.ReadAgreements).ScopedToAgreement(NoAgreement)
            .WithSummary("The service credits owed under an agreement for each whole month of ?period=, with each objective's line.")
            .Produces<List<CreditDto>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Agreement(string name, HttpContext http, ReportService reports, CancellationToken ct)
    {
        var request = http.Request;
        if (Format(request) is not { } format)
        {
            return BadFormat(request);
        }
        var (report, problem) = await ReportAsync(name, request, reports, ct).ConfigureAwait(false);
        return problem ?? Render(For(http, report!), format, null);
    }

    /// <summary>The report as the caller may read it: a customer's or supplier's copy carries breach statements, not internal notes.</summary>
    private static AgreementReport For(HttpContext http, AgreementReport report) => Caller.Required(http).ReadsInternal ? report : report.ForParty();

    private static async Task<IResult> Customer(string name, HttpContext http, ReportService reports, CancellationToken ct)
    {
        var request = http.Request;
        if (Format(request) is not { } format)
        {
            return BadFormat(request);
        }
        if (!Caller.Required(http).CanReadCustomer(name))
        {
            return HttpExchange.Problem(StatusCodes.Status404NotFound, "No such customer.", $"There is no customer named '{name}'.");
        }
        if (ReportPeriod.Parse(request.Query["period"].ToString(), out var error) is not { } period)
        {
            return HttpExchange.Invalid("period", error!);
        }
        var (report, refused) = await reports.CustomerAsync(name, period, ct).ConfigureAwait(false);
        if (refused is { } r)
        {
            return HttpExchange.Problem(r.Status, r.Title, r.Detail);
        }
        var copy = Caller.Required(http).ReadsInternal ? report! : report!.ForParty();
        return format == "json" ? TypedResults.Ok(CustomerReportDto.Of(copy)) : Send(ReportFiles.Of(copy, format));
    }

    private static async Task<IResult> Scorecard(HttpRequest request, ReportService reports, CancellationToken ct)
    {
        var (months, last, problems) = reports.ScorecardTerms(request.Query["months"].ToString(), request.Query["last"].ToString());
        if (problems.Count > 0)
        {
            return HttpExchange.Invalid(problems);
        }
        var format = request.Query["format"].ToString() is { Length: > 0 } f ? f.ToLowerInvariant() : "json";
        if (format is not ("json" or "html"))
        {
            return HttpExchange.Invalid("format", $"'{format}' is not a scorecard format: expected json or html.");
        }
        var card = await reports.ScorecardAsync(months, last, ct).ConfigureAwait(false);
        return format == "html"
            ? TypedResults.Text(Reports.ReportHtml.Write(card), "text/html; charset=utf-8", Encoding.UTF8)
            : TypedResults.Ok(ScorecardDto.Of(card));
    }

    private static async Task<IResult> Publish(HttpContext http, ReportService reports, CancellationToken ct)
    {
        var (body, problem) = await HttpExchange.ReadObjectAsync(http.Request, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (body!["agreement"]?.ToString() is not { Length: > 0 } agreement)
        {
            return HttpExchange.Invalid("agreement", "is required: the agreement's name.");
        }
        if (ReportPeriod.Parse(body["period"]?.ToString(), out var error) is not { } period)
        {
            return HttpExchange.Invalid("period", error!);
        }
        int? version = null;
        if (body["version"] is { } v)
        {
            if (v is not System.Text.Json.Nodes.JsonValue value || !value.TryGetValue<int>(out var n) || n < 1)
            {
                return HttpExchange.Invalid("version", $"'{v}' is not a version number: expected 1, 2, 3…");
            }
            version = n;
        }
        var (publication, created, refused) = await reports.PublishAsync(agreement, period, version, HttpExchange.ActorOf(http).Name, ct).ConfigureAwait(false);
        if (refused is { } r)
        {
            return HttpExchange.Problem(r.Status, r.Title, r.Detail);
        }
        var dto = PublishedReportDto.From(publication!);
        return created ? TypedResults.Created($"/api/v1/reports/{dto.Id}", dto) : TypedResults.Ok(dto);
    }

    private static async Task<IResult> ListPublished(HttpContext http, [AsParameters] PageQuery paging, Storage.Reports.ReportStore store, Storage.Catalogue.CatalogueStore catalogue, CancellationToken ct)
    {
        var (page, size, problem) = paging.Resolve();
        if (problem is not null)
        {
            return problem;
        }
        var agreement = http.Request.Query["agreement"].ToString() is { Length: > 0 } a ? a : null;
        if (Caller.Required(http).ReadsInternal)
        {
            var (items, total) = await store.ListAsync(agreement, page, size, ct).ConfigureAwait(false);
            return TypedResults.Ok(new PageDto<PublishedReportDto>([.. items.Select(PublishedReportDto.From)], page, size, total));
        }
        // A customer or supplier: the publications of the agreements they are party to, paged after filtering.
        var mine = new List<PublishedReportDto>();
        var visible = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var p = 1; ; p++)
        {
            var (batch, _) = await store.ListAsync(agreement, p, Storage.Catalogue.ListQuery.MaxPageSize, ct).ConfigureAwait(false);
            foreach (var item in batch)
            {
                if (!visible.TryGetValue(item.Agreement, out var ok))
                {
                    visible[item.Agreement] = ok = await ApiScope.CanSeeAgreementAsync(http, catalogue, item.Agreement, ct).ConfigureAwait(false);
                }
                if (ok)
                {
                    mine.Add(PublishedReportDto.From(item));
                }
            }
            if (batch.Count < Storage.Catalogue.ListQuery.MaxPageSize)
            {
                break;
            }
        }
        return TypedResults.Ok(new PageDto<PublishedReportDto>([.. mine.Skip((page - 1) * size).Take(size)], page, size, mine.Count));
    }

    private static async Task<IResult> Published(long id, HttpContext http, ReportService reports, Storage.Catalogue.CatalogueStore catalogue, CancellationToken ct)
    {
        if (Format(http.Request) is not { } format)
        {
            return BadFormat(http.Request);
        }
        if (await reports.PublishedAsync(id, ct).ConfigureAwait(false) is not { } found
            || !await ApiScope.CanSeeAgreementAsync(http, catalogue, found.Report.Agreement, ct).ConfigureAwait(false))
        {
            return HttpExchange.NotFound($"No published report {id} exists.");
        }
        var (report, publication, current) = found;
        var changed = current != report.DataHash;
        http.Response.Headers["X-OpenSLM-Data-Changed"] = changed ? "true" : "false";
        return Render(For(http, report), format, new PublicationDto(publication.Id, publication.PublishedAt, publication.PublishedBy, changed, current));
    }

    private static string? Format(HttpRequest request)
    {
        var format = request.Query["format"].ToString() is { Length: > 0 } f ? f.ToLowerInvariant() : "json";
        return Formats.Contains(format) ? format : null;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem BadFormat(HttpRequest request) =>
        HttpExchange.Invalid("format", $"'{request.Query["format"]}' is not a report format: expected {string.Join(", ", Formats)}.");

    /// <summary>The report in a format; <paramref name="publication"/> for a published one.</summary>
    private static IResult Render(AgreementReport report, string format, PublicationDto? publication) =>
        format == "json" ? TypedResults.Ok(AgreementReportDto.Of(report) with { Publication = publication }) : Send(ReportFiles.Of(report, format));

    /// <summary>A report file: a PDF as a download under its name, text formats shown in place.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult Send(ReportFile file) =>
        file.ContentType == "application/pdf" ? TypedResults.File(file.Content, file.ContentType, file.FileName) : TypedResults.File(file.Content, file.ContentType);

    private static async Task<IResult> Credits(string name, HttpRequest request, ReportService reports, CancellationToken ct)
    {
        var (report, problem) = await ReportAsync(name, request, reports, ct).ConfigureAwait(false);
        // Credits carry no internal notes: the same for every reader who may see the agreement.
        return problem ?? TypedResults.Ok(AgreementReportDto.Of(report!).Credits);
    }

    /// <summary>The report the request asks for, or the problem with the request.</summary>
    private static async Task<(AgreementReport? Report, IResult? Problem)> ReportAsync(string name, HttpRequest request, ReportService reports, CancellationToken ct)
    {
        if (ReportPeriod.Parse(request.Query["period"].ToString(), out var error) is not { } period)
        {
            return (null, HttpExchange.Invalid("period", error!));
        }
        int? version = null;
        if (request.Query["version"].ToString() is { Length: > 0 } v)
        {
            if (!int.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                return (null, HttpExchange.Invalid("version", $"'{v}' is not a version number: expected 1, 2, 3…"));
            }
            version = n;
        }
        var (report, refused) = await reports.AgreementAsync(name, period, version, ct).ConfigureAwait(false);
        return refused is { } r ? (null, HttpExchange.Problem(r.Status, r.Title, r.Detail)) : (report, null);
    }
}
