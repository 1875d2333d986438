using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;
using OpenSlm.Access;

namespace OpenSlm.Web;

/// <summary>Maps the web UI: the Blazor pages (server-rendered, interactive where it helps) and their stylesheet.</summary>
public static class WebUi
{
    private static readonly Lazy<(byte[] Bytes, string ETag)> Css = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("OpenSlm.Web.app.css")
            ?? throw new InvalidOperationException("The UI stylesheet is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return (bytes, $"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\"");
    });

    /// <summary>Maps the pages at <c>/</c> and the stylesheet at <c>/ui/app.css</c>.</summary>
    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/app.css", (HttpContext http) =>
        {
            var (bytes, etag) = Css.Value;
            http.Response.Headers.ETag = etag;
            http.Response.Headers.CacheControl = "public, max-age=300";
            return http.Request.Headers.IfNoneMatch.Contains(etag) ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(bytes, "text/css; charset=utf-8");
        }).ExcludeFromDescription().Public("the UI's stylesheet");
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
