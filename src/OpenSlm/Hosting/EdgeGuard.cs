using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace OpenSlm.Hosting;

/// <summary>
/// What every API request passes before a handler sees it: security headers on every response; for writes, a body of a
/// type the route reads (JSON, YAML, CSV, NDJSON, iCalendar: types a page on another site cannot send without the server's
/// consent), within the route's size limit; a write without a body only with <see cref="RequestLimits.RequestHeader"/>
/// or an Authorization header. Refusals are RFC 9457 problem details.
/// </summary>
internal static class EdgeGuard
{
    private static readonly string[] IngestPrefixes = ["/api/v1/measurements", "/api/v1/outages", "/api/v1/tickets/events"];

    /// <summary>Content security policy: the UI's own scripts and styles only; no framing; no other origin.</summary>
    private const string Csp = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>
    /// The API explorer's page (<c>/api</c>) starts Scalar with an inline script holding its configuration (ours, never
    /// a user's text): that page alone may run inline script; everything else is as <see cref="Csp"/>.
    /// </summary>
    private const string ExplorerCsp = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IApplicationBuilder UseEdgeGuard(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        var path = http.Request.Path.Value;
        headers.ContentSecurityPolicy = string.Equals(path, "/api", StringComparison.OrdinalIgnoreCase) || string.Equals(path, "/api/", StringComparison.OrdinalIgnoreCase)
            ? ExplorerCsp : Csp;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";

        var request = http.Request;
        var reads = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method);
        if (!request.Path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase) || reads)
        {
            // The UI's forms (sign-in, edits) read at most the API's default body, not the ingest routes' larger one.
            if (!reads && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } form)
            {
                form.MaxRequestBodySize = RequestLimits.DefaultBodyBytes;
            }
            await next(http).ConfigureAwait(false);
            return;
        }
        var limit = IngestPrefixes.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
            ? RequestLimits.IngestBodyBytes : RequestLimits.DefaultBodyBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }
        if (request.ContentLength > limit)
        {
            await Problem(http, StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
                $"The body is {request.ContentLength:N0} bytes; this route reads at most {limit:N0}.").ConfigureAwait(false);
            return;
        }
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        var accepts = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>();
        if (!hasBody)
        {
            if (!request.Headers.ContainsKey(RequestLimits.RequestHeader) && !request.Headers.ContainsKey(HeaderNames.Authorization))
            {
                await Problem(http, StatusCodes.Status403Forbidden, "A write without a body needs the API's request header.",
                    $"Send the header {RequestLimits.RequestHeader}: 1 (or an Authorization header) with a {request.Method} that has no body; " +
                    "it keeps pages on other sites from sending such requests through a browser.").ConfigureAwait(false);
                return;
            }
            await next(http).ConfigureAwait(false);
            return;
        }
        if (http.GetEndpoint() is { DisplayName: "415 HTTP Unsupported Media Type" })
        {
            // Routing found the route but not for this content type (its Accepts list): the framework's own 415, which
            // status-code pages turn into problem details.
            await next(http).ConfigureAwait(false);
            return;
        }
        if (accepts is null || accepts.ContentTypes.Count == 0)
        {
            await Problem(http, StatusCodes.Status400BadRequest, "This action takes no body.",
                $"{request.Method} {request.Path} reads nothing from a body; send none, with the header {RequestLimits.RequestHeader}: 1.").ConfigureAwait(false);
            return;
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !accepts.ContentTypes.Any(t => MediaTypeHeaderValue.Parse(t).MediaType.Equals(type.MediaType, StringComparison.OrdinalIgnoreCase)))
        {
            await Problem(http, StatusCodes.Status415UnsupportedMediaType, "The body's content type is not one this route reads.",
                $"Content-Type was '{request.ContentType ?? "(none)"}'; {request.Path} reads {string.Join(", ", accepts.ContentTypes)}.").ConfigureAwait(false);
            return;
        }
        await next(http).ConfigureAwait(false);
    });

    private static Task Problem(HttpContext http, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(http);
}
