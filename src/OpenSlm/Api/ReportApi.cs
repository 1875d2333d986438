using System.Text;
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
        app.MapGet("/api/v1/reports/agreements/{name}", Agreement).WithTags("Reports").WithName("AgreementReport")
            .WithSummary("An agreement's report for ?period= (2025-03, 2025-Q1, 2025, or 2025-01-06..2025-02-02), of its Active version or ?version=N; ?format=json (default), csv, html or pdf.")
            .Produces<AgreementReportDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/v1/agreements/{name}/credits", Credits).WithTags("Reports").WithName("AgreementCredits")
            .WithSummary("The service credits owed under an agreement for each whole month of ?period=, with each objective's line.")
            .Produces<List<CreditDto>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Agreement(string name, HttpRequest request, ReportService reports, CancellationToken ct)
    {
        var format = request.Query["format"].ToString() is { Length: > 0 } f ? f.ToLowerInvariant() : "json";
        if (!Formats.Contains(format))
        {
            return HttpExchange.Invalid("format", $"'{format}' is not a report format: expected {string.Join(", ", Formats)}.");
        }
        var (report, problem) = await ReportAsync(name, request, reports, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        return format switch
        {
            "csv" => TypedResults.Text(Reports.ReportCsv.Write(report!), "text/csv; charset=utf-8", Encoding.UTF8),
            "html" => TypedResults.Text(Reports.ReportHtml.Write(report!), "text/html; charset=utf-8", Encoding.UTF8),
            "pdf" => TypedResults.File(Reports.ReportPdf.Write(report!), "application/pdf", $"{report!.Agreement}-{report.Period.Key}.pdf"),
            _ => TypedResults.Ok(AgreementReportDto.Of(report!)),
        };
    }

    private static async Task<IResult> Credits(string name, HttpRequest request, ReportService reports, CancellationToken ct)
    {
        var (report, problem) = await ReportAsync(name, request, reports, ct).ConfigureAwait(false);
        return problem ?? TypedResults.Ok(AgreementReportDto.Of(report!).Credits);
    }

    /// <summary>The report the request asks for, or the problem with the request.</summary>
    private static async Task<(AgreementReport? Report, IResult? Problem)> ReportAsync(string name, HttpRequest request, ReportService reports, CancellationToken ct)
    {
        if (ReportPeriod.Parse(request.Query["period"].ToString(), out var error) is not { } period)
        {
            return (null, HttpExchange.Invalid("period", request.Query["period"].Count == 0 ? "is required: a month (2025-03), a quarter (2025-Q1), a year (2025) or days (2025-01-06..2025-02-02)." : error!));
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
