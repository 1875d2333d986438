using OpenSlm.Access;
using OpenSlm.Core.Access;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Measurements;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Measurements;

namespace OpenSlm.Api;

/// <summary>How many measurements (or outages) a batch stored.</summary>
public sealed record IngestResultDto(int Stored);

/// <summary>One recorded outage; <c>end</c> is null while it lasts.</summary>
public sealed record OutageDto(
    NodaTime.Instant Start,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] NodaTime.Instant? End,
    string? Reference);

/// <summary><c>/api/v1/measurements</c>: measured delivery in, as JSON, NDJSON or CSV.</summary>
public static class MeasurementApi
{
    /// <summary>Maps the measurement endpoints.</summary>
    public static IEndpointRouteBuilder MapMeasurementApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/measurements", Ingest).WithTags("Measurements").WithName("IngestMeasurements").Requires(Permission.RecordMeasurements)
            .WithSummary("Stores a batch of measurements. Content-Type application/json ({\"measurements\": [...]} or an array), " +
                "application/x-ndjson, or text/csv (timestamp,indicator,good,total | bad,total | value). Re-sending an indicator and " +
                "timestamp replaces the earlier measurement. A batch with any bad row is refused whole, every bad row listed.")
            .Accepts<string>("application/json", "application/x-ndjson", "application/ndjson", "text/csv")
            .Produces<IngestResultDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        app.MapPost("/api/v1/outages", RecordOutages).WithTags("Measurements").WithName("RecordOutages").Requires(Permission.RecordMeasurements)
            .WithSummary("Records outages of Availability indicators measured from outages: {\"outages\": [{\"indicator\", \"start\", \"end\" (absent while it lasts), " +
                "\"reference\"}]} or an array. An outage is keyed by indicator and start: re-sending it (with its end) replaces it. A batch with any bad item is refused whole.")
            .Accepts<string>("application/json")
            .Produces<IngestResultDto>().ProducesValidationProblem();
        app.MapGet("/api/v1/indicators/{name}/outages", ListOutages)
            .WithTags("Measurements").WithName("ListOutages").Requires(Permission.ReadCatalogue).WithSummary("The indicator's recorded outages, oldest first.")
            .Produces<List<OutageDto>>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ListOutages(string name, CatalogueStore catalogue, MeasurementStore store, CancellationToken ct)
    {
        if (await catalogue.GetAsync(Core.Catalogue.ResourceKind.Indicator, name, ct).ConfigureAwait(false) is null)
        {
            return HttpExchange.NotFound($"No indicator named '{name}' exists.");
        }
        var outages = await store.OutagesAsync(name, ct).ConfigureAwait(false);
        return TypedResults.Ok(outages.Select(o => new OutageDto(o.Start, o.End, o.Reference)).ToList());
    }

    private static async Task<IResult> RecordOutages(HttpContext http, CatalogueStore catalogue, MeasurementStore store, CancellationToken ct)
    {
        var request = http.Request;
        using var reader = new StreamReader(request.Body);
        var file = OutageJson.Read(await reader.ReadToEndAsync(ct).ConfigureAwait(false), "body");
        if (!file.Ok)
        {
            return Refused(file.Errors, "item", "outages");
        }
        if (await ApiScope.UnrecordableAsync(http, catalogue, file.Rows.Select(r => r.Indicator), ct).ConfigureAwait(false) is { Count: > 0 } refused)
        {
            return ApiScope.RefuseRecording(refused);
        }
        var result = await store.RecordOutagesAsync(file.Rows, "body", ct).ConfigureAwait(false);
        return result.Ok ? TypedResults.Ok(new IngestResultDto(result.Stored)) : Refused(result.Errors, "item", "outages");
    }

    private static async Task<IResult> Ingest(HttpContext http, CatalogueStore catalogue, MeasurementStore store, CancellationToken ct)
    {
        var request = http.Request;
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        var file = type switch
        {
            "application/json" => MeasurementJson.Read(body, "body"),
            "application/x-ndjson" or "application/ndjson" => MeasurementJson.ReadLines(body, "body"),
            "text/csv" => MeasurementCsv.Read(new StringReader(body), "body"),
            _ => null,
        };
        if (file is null)
        {
            return HttpExchange.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.",
                $"'{request.ContentType}' is not a measurement format: send application/json, application/x-ndjson or text/csv.");
        }
        if (!file.Ok)
        {
            return Refused(file.Errors, type == "application/json" ? "item" : "line", "measurements");
        }
        if (await ApiScope.UnrecordableAsync(http, catalogue, file.Rows.Select(r => r.Indicator), ct).ConfigureAwait(false) is { Count: > 0 } refused)
        {
            return ApiScope.RefuseRecording(refused);
        }
        var result = await store.IngestAsync(file.Rows, "body", ct).ConfigureAwait(false);
        return result.Ok ? TypedResults.Ok(new IngestResultDto(result.Stored)) : Refused(result.Errors, type == "application/json" ? "item" : "line", "measurements");
    }

    /// <summary>A refused batch: every problem listed under its line or item.</summary>
    internal static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem Refused(IReadOnlyList<DocumentError> errors, string unit, string what) =>
        HttpExchange.Invalid(
            errors.Select(e => (e.Location.Line > 0 ? $"{unit} {e.Location.Line}" : string.Empty, e.Path.Length > 0 ? $"{e.Path}: {e.Message}" : e.Message)),
            title: $"The {what} were refused; none was stored.",
            detail: $"{errors.Count} problem(s); each is listed under its {unit}.");
}
