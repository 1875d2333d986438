namespace OpenSlm.Hosting;

/// <summary>How <c>slm serve</c> runs.</summary>
/// <param name="Urls">Where to listen; semicolon-separated.</param>
/// <param name="DataDirectory">Where the SQLite file lives; null for the default data directory.</param>
/// <param name="Database">A PostgreSQL connection string; null for SQLite.</param>
/// <param name="Demo">Whether to load the demo catalogue when the store is empty.</param>
/// <param name="Prometheus">Where to pull Prometheus indicators from; null to pull nothing.</param>
/// <param name="EvaluateAlerts">Whether to evaluate alerts and deliver notifications in the background (off in tests that run rounds themselves).</param>
/// <param name="Notifications">Where notifications go; null for nowhere.</param>
public sealed record ServeOptions(string Urls, string? DataDirectory, string? Database, bool Demo, Jobs.PrometheusPullOptions? Prometheus = null, bool EvaluateAlerts = true,
    Jobs.NotificationOptions? Notifications = null)
{
    /// <summary>The default address: loopback only, so nothing is exposed until asked.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";
}
