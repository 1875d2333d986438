using System.Net;

namespace OpenSlm.Web;

/// <summary>The page a signed-in person gets for a page their roles do not open.</summary>
internal static class DeniedPage
{
    public static string Html(string permission) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Access denied · OpenSLM</title><link rel="stylesheet" href="/ui/app.css" /></head>
        <body><main class="signin"><h1>Access denied</h1>
        <p>This page needs the permission <strong>{WebUtility.HtmlEncode(permission)}</strong>, which none of your roles grants.</p>
        <p><a href="/">Back to the start page</a> · ask an administrator if you need it.</p></main></body></html>
        """;
}
