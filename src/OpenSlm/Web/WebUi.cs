using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;
using OpenSlm.Access;

namespace OpenSlm.Web;

/// <summary>Maps the web UI: the Blazor pages (server-rendered, interactive where it helps) and their stylesheet.</summary>
public static class WebUi
{
    private static readonly Lazy<(byte[] Bytes, string ETag)> Css = new(() => Embedded("OpenSlm.Web.app.css"));
    private static readonly Lazy<(byte[] Bytes, string ETag)> Script = new(() => Embedded("OpenSlm.Web.app.js"));

    private static (byte[] Bytes, string ETag) Embedded(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The UI's {name} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return (bytes, $"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\"");
    }

    /// <summary>Maps the pages at <c>/</c>, the stylesheet at <c>/ui/app.css</c> and the script at <c>/ui/app.js</c>.</summary>
    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/app.css", (HttpContext http) => Asset(http, Css.Value, "text/css; charset=utf-8")).ExcludeFromDescription().Public("the UI's stylesheet");
        app.MapGet("/ui/app.js", (HttpContext http) => Asset(http, Script.Value, "text/javascript; charset=utf-8")).ExcludeFromDescription().Public("the UI's script");
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    private static IResult Asset(HttpContext http, (byte[] Bytes, string ETag) asset, string type)
    {
        http.Response.Headers.ETag = asset.ETag;
        http.Response.Headers.CacheControl = "public, max-age=300";
        return http.Request.Headers.IfNoneMatch.Contains(asset.ETag) ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(asset.Bytes, type);
    }
}
