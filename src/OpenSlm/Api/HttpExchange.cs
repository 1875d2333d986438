using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using OpenSlm.Interop.Documents;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Api;

/// <summary>The small pieces every handler shares: reading bodies, the caller, ETags, and problem details.</summary>
internal static class HttpExchange
{
    /// <summary>
    /// Who makes a change through <paramref name="door"/> ("api", or "web" for the UI): the identity the request was
    /// authenticated as (a user, or "USER (token #ID)"), never a name the client sends.
    /// </summary>
    public static Actor ActorOf(HttpContext http, string door = "api") => new(Access.Caller.Required(http).Name, door);

    /// <summary>Reads the body as a JSON object, or returns a problem that says where it is malformed.</summary>
    public static async Task<(JsonObject? Body, IResult? Problem)> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, documentOptions: OpenSlm.Interop.Json.JsonText.Options, cancellationToken: ct).ConfigureAwait(false);
            if (node is not JsonObject obj)
            {
                return (null, Problem(StatusCodes.Status400BadRequest, "The request body must be a JSON object.", "Send a JSON object such as {\"metadata\": {\"name\": \"…\"}, \"spec\": {…}}."));
            }
            return OpenSlm.Interop.Json.JsonText.FirstUnreadableString(obj) is { } path
                ? (null, Invalid(path, "is not valid text: it holds a lone UTF-16 surrogate (an escape such as \\ud800 without its pair).", "The request body is not valid JSON."))
                : (obj, null);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : string.Empty;
            return (null, Problem(StatusCodes.Status400BadRequest, "The request body is not valid JSON.", $"Malformed JSON{where}: {SpecJson(ex)}"));
        }
    }

    /// <summary>The revision an If-Match header demands; null when absent or <c>*</c>; a problem when unreadable.</summary>
    public static (long? Revision, IResult? Problem) IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return (null, null);
        }
        var tag = header.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal))
        {
            tag = tag[2..];
        }
        tag = tag.Trim('"');
        return long.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? (revision, null)
            : (null, Problem(StatusCodes.Status400BadRequest, "The If-Match header is not an ETag of this API.", $"Expected a quoted revision such as \"3\", as sent in the ETag header; got {header}."));
    }

    public static void SetETag(HttpResponse response, long revision) =>
        response.Headers[HeaderNames.ETag] = new EntityTagHeaderValue($"\"{revision.ToString(CultureInfo.InvariantCulture)}\"").ToString();

    /// <summary>Sets a strong ETag of an opaque tag (hex digits).</summary>
    public static void SetETag(HttpResponse response, string tag) =>
        response.Headers[HeaderNames.ETag] = new EntityTagHeaderValue($"\"{tag}\"").ToString();

    /// <summary>
    /// The one way a 400 is built: RFC 9457 validation problem details whose <c>errors</c> map each key
    /// (a field path, a YAML line, a CSV row) to its messages.
    /// </summary>
    public static ValidationProblem Invalid(IEnumerable<(string Key, string Message)> errors, string title = "The request is invalid.", string? detail = null)
    {
        var list = errors.ToList();
        return TypedResults.ValidationProblem(
            list.GroupBy(e => e.Key.Length == 0 ? "$" : e.Key).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: title,
            detail: detail ?? string.Join(" ", list.Select(e => e.Key.Length == 0 ? e.Message : $"{e.Key}: {e.Message}")));
    }

    /// <summary>A 400 about one field or query parameter.</summary>
    public static ValidationProblem Invalid(string field, string message, string title = "The request is invalid.") =>
        Invalid([(field, message)], title);

    /// <summary>Document-reading errors as a 400 keyed by field path.</summary>
    public static ValidationProblem Invalid(IEnumerable<DocumentError> errors) =>
        Invalid(errors.Select(e => (e.Path, e.Message)));

    /// <summary>A refused write as problem details: 400 (invalid), 403, 404, 409 or 412, each naming the field.</summary>
    public static IResult Refused(WriteResult result)
    {
        var errors = result.Errors;
        var type = errors.Select(e => e.Type).Max();
        if (type == WriteErrorType.Invalid)
        {
            return Invalid(errors.Select(e => (e.Path, e.Message)), detail: string.Join(" ", errors.Select(e => e.ToString())));
        }
        var (status, title) = type switch
        {
            WriteErrorType.NotFound => (StatusCodes.Status404NotFound, "Not found."),
            WriteErrorType.PreconditionFailed => (StatusCodes.Status412PreconditionFailed, "The record has changed since it was read."),
            WriteErrorType.Forbidden => (StatusCodes.Status403Forbidden, "Not yours to decide."),
            _ => (StatusCodes.Status409Conflict, "The change conflicts with the record's state."),
        };
        return Problem(status, title, string.Join(" ", errors.Select(e => e.ToString())),
            new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { kind = e.Kind.ToString(), name = e.Name, path = e.Path, message = e.Message }).ToArray() });
    }

    public static IResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);

    public static IResult NotFound(string what) => Problem(StatusCodes.Status404NotFound, "Not found.", what);

    /// <summary>
    /// A query parameter naming one of <typeparamref name="T"/>'s values (any case): null when absent, or the 400 that
    /// lists the values expected (<paramref name="what"/> names the parameter's meaning, e.g. "clock state").
    /// </summary>
    public static (T? Value, IResult? Problem) QueryEnum<T>(HttpRequest request, string name, string what)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Query[name].ToString() is not { Length: > 0 } text)
        {
            return (null, null);
        }
        return Enum.TryParse<T>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? (parsed, null)
            : (null, Invalid(name, $"'{text}' is not a {what}: expected {string.Join(", ", Enum.GetNames<T>())}."));
    }

    /// <summary>?page= (default 1) and ?pageSize= (default 50, at most <see cref="ListQuery.MaxPageSize"/>), or the 400 naming the bad one.</summary>
    /// <summary>The one paging rule: page 1 or more (default 1), page size 1 to <see cref="ListQuery.MaxPageSize"/> (default 50).</summary>
    public static (int Page, int Size, IResult? Problem) Paging(int? page, int? pageSize)
    {
        var (p, size) = (page ?? 1, pageSize ?? 50);
        return p < 1 || size is < 1 or > ListQuery.MaxPageSize
            ? (p, size, Invalid(p < 1 ? "page" : "pageSize", p < 1 ? "must be 1 or more." : $"must be between 1 and {ListQuery.MaxPageSize}."))
            : (p, size, null);
    }

    private static string SpecJson(JsonException ex)
    {
        var message = ex.Message;
        foreach (var tail in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(tail, StringComparison.Ordinal);
            message = cut >= 0 ? message[..cut] : message;
        }
        return message;
    }
}

/// <summary>
/// The paging every list takes, bound with <c>[AsParameters]</c>: <c>?page=</c> (1 or more, default 1) and
/// <c>?pageSize=</c> (1 to <see cref="ListQuery.MaxPageSize"/>, default 50). A value that is not a whole number is the
/// binder's 400, naming the parameter; one out of range is <see cref="Resolve"/>'s.
/// </summary>
/// <param name="Page">The page, from 1.</param>
/// <param name="PageSize">Items a page.</param>
public sealed record PageQuery([property: FromQuery(Name = "page")] int? Page, [property: FromQuery(Name = "pageSize")] int? PageSize)
{
    /// <summary>The page and size to read, or the problem with them.</summary>
    public (int Page, int Size, IResult? Problem) Resolve() => HttpExchange.Paging(Page, PageSize);
}
