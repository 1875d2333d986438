namespace OpenSlm.Hosting;

/// <summary>How <c>slm serve</c> runs.</summary>
/// <param name="Urls">Where to listen; semicolon-separated.</param>
/// <param name="DataDirectory">Where the SQLite file lives; null for the default data directory.</param>
/// <param name="Database">A PostgreSQL connection string; null for SQLite.</param>
/// <param name="Demo">Whether to load the demo catalogue when the store is empty.</param>
/// <param name="Prometheus">Where to pull Prometheus indicators from; null to pull nothing.</param>
/// <param name="EvaluateAlerts">Whether to evaluate alerts and deliver notifications in the background (off in tests that run rounds themselves).</param>
/// <param name="Notifications">Where notifications go; null for nowhere.</param>
/// <param name="AllowedHosts">The Host header values served (--allowed-hosts); null for <see cref="DefaultAllowedHosts"/>.</param>
/// <param name="LogLevel">
/// The least level logged (--log-level): OpenSLM's own messages from Information by default, the framework's (each
/// request among them) from Warning; a lower level shows both from that level.
/// </param>
/// <param name="Sso">Single sign-on by OpenID Connect; null for local accounts only.</param>
/// <param name="DemoUsers">Whether --demo also creates a demo user for each role (on an empty user list).</param>
/// <param name="TicketLinks">Where tickets live in their source system (--ticket-url); null for nowhere.</param>
public sealed record ServeOptions(string Urls, string? DataDirectory, string? Database, bool Demo, Jobs.PrometheusPullOptions? Prometheus = null, bool EvaluateAlerts = true,
    Jobs.NotificationOptions? Notifications = null, IReadOnlyList<string>? AllowedHosts = null, LogLevel? LogLevel = null,
    Access.SsoOptions? Sso = null, bool DemoUsers = true, Web.TicketLinks? TicketLinks = null)
{
    /// <summary>
    /// The host names served when --allowed-hosts is not given: the loopback names and the host of each of
    /// <paramref name="urls"/> (a wildcard address there allows any name, as the operator then chose to listen everywhere).
    /// </summary>
    public static IReadOnlyList<string> DefaultAllowedHosts(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var hosts = new List<string> { "localhost", "127.0.0.1", "[::1]" };
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var host = url.Split("://", 2) is [_, var rest] ? rest : url;
            host = host.Split('/')[0];
            host = host.StartsWith('[') ? host[..(host.IndexOf(']', StringComparison.Ordinal) + 1)] : host.Split(':')[0];
            if (host is "*" or "+" or "0.0.0.0" or "[::]")
            {
                return ["*"];
            }
            hosts.Add(host);
        }
        return hosts;
    }

    /// <summary>The default address: loopback only, so nothing is exposed until asked.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";
}
