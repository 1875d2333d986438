using System.Net;

namespace OpenSlm.Web;

/// <summary>The page a browser gets for an address that is no page (the API answers problem details instead).</summary>
internal static class NotFoundPage
{
    public static string Html(string path) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Page not found · OpenSLM</title><link rel="stylesheet" href="/ui/app.css" /></head>
        <body><main class="signin"><h1>Page not found</h1>
        <p>There is no page at <code>{WebUtility.HtmlEncode(path.Length > 200 ? path[..200] + "…" : path)}</code>.</p>
        <p><a href="/">Start page</a> · <a href="/services">Catalogue</a> · <a href="/agreements">Agreements</a> · <a href="/api">API</a></p></main></body></html>
        """;

    /// <summary>Whether a 404 is answered with this page: a browser (it asks for HTML) at an address outside the API.</summary>
    public static bool Serves(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/openapi")
        && request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));
}
