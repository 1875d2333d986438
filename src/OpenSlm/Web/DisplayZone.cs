using NodaTime;

namespace OpenSlm.Web;

/// <summary>
/// The time zone pages show instants in: the person's choice on the settings page, else their browser's (which the
/// page's script keeps in the same cookie until a choice is made), else UTC. Kept per browser in the
/// <see cref="Cookie"/> cookie; read once per request (and handed to live parts of a page as a parameter).
/// </summary>
public static class DisplayZone
{
    /// <summary>The cookie: an IANA zone id, with "browser:" in front when the browser set it rather than the person.</summary>
    public const string Cookie = "slm-tz";

    private static readonly AsyncLocal<DateTimeZone?> Current = new();

    /// <summary>The zone of the request being rendered (UTC when none was chosen).</summary>
    public static DateTimeZone Zone => Current.Value ?? DateTimeZone.Utc;

    /// <summary>Whether the zone came from the browser rather than the person's own choice.</summary>
    public static bool FromBrowser(string? cookie) => cookie?.StartsWith("browser:", StringComparison.Ordinal) ?? true;

    /// <summary>The zone a cookie names, or null for none or an unknown one (which is ignored: UTC is shown).</summary>
    public static DateTimeZone? Parse(string? cookie)
    {
        if (string.IsNullOrWhiteSpace(cookie) || cookie.Length > 80)
        {
            return null;
        }
        var id = cookie.StartsWith("browser:", StringComparison.Ordinal) ? cookie[8..] : cookie;
        return id is "UTC" or "Etc/UTC" ? DateTimeZone.Utc : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);
    }

    /// <summary>Makes <paramref name="zone"/> the zone for the rest of this request (or circuit render).</summary>
    public static void Use(DateTimeZone? zone) => Current.Value = zone;

    /// <summary>Reads the cookie of each request into <see cref="Zone"/>.</summary>
    public static IApplicationBuilder UseDisplayZone(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            Use(Parse(http.Request.Cookies[Cookie]));
            await next(http).ConfigureAwait(false);
        });
}
