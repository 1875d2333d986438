namespace OpenSlm.Hosting;

/// <summary>
/// The limits at the HTTP edge, in one place (docs/limits.md lists them with the YAML, JSON and field limits). A request
/// past one is answered with problem details naming the limit, never read further.
/// </summary>
public static class RequestLimits
{
    /// <summary>Bytes of a request body on most routes (catalogue writes, apply, reports, diagnoses).</summary>
    public const long DefaultBodyBytes = 8 * 1024 * 1024;

    /// <summary>Bytes of a request body on the ingest routes (measurements, outages, ticket events): a 100,000-row batch fits.</summary>
    public const long IngestBodyBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The header a non-browser client sends on a write without a body (acknowledge, evaluate, recompute, a new version,
    /// retire). A page on another site cannot set it without the server's consent (CORS), which this server never gives.
    /// </summary>
    public const string RequestHeader = "X-OpenSLM-Request";
}
