namespace OpenSlm.Hosting;

/// <summary>
/// Reads take turns so writes are never starved: at most <see cref="Permits"/> API reads and page renders (evaluations,
/// reports, pages: CPU-bound work) run at once, one fewer than the machine's cores, so ingest and the background jobs
/// always have a core. Others wait their turn, in order; past <see cref="MaxWaiting"/> waiting, a read is answered 503 with
/// Retry-After instead of piling up. Writes, the UI's live connection and static files never wait here.
/// </summary>
internal static class ReadGate
{
    /// <summary>How many reads run at once.</summary>
    public static int Permits { get; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>How many reads may wait for a turn before more are turned away.</summary>
    public const int MaxWaiting = 1_000;

    private static readonly string[] Ungated = ["/_blazor", "/_framework", "/openapi"];

    public static IApplicationBuilder UseReadGate(this IApplicationBuilder app)
    {
        var turns = new SemaphoreSlim(Permits, Permits);
        var waiting = 0;
        return app.Use(async (http, next) =>
        {
            var request = http.Request;
            if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || http.WebSockets.IsWebSocketRequest
                || Ungated.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) || Path.HasExtension(request.Path.Value))   // files: styles, scripts, the explorer's
            {
                await next(http).ConfigureAwait(false);
                return;
            }
            if (Interlocked.Increment(ref waiting) > MaxWaiting)
            {
                Interlocked.Decrement(ref waiting);
                http.Response.Headers.RetryAfter = "1";
                await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Too many reads are waiting.",
                    detail: $"{MaxWaiting:N0} reads are already waiting for their turn; try again in a second.").ExecuteAsync(http).ConfigureAwait(false);
                return;
            }
            try
            {
                await turns.WaitAsync(http.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Decrement(ref waiting);
                return;   // the client has gone
            }
            Interlocked.Decrement(ref waiting);
            try
            {
                await next(http).ConfigureAwait(false);
            }
            finally
            {
                turns.Release();
            }
        });
    }
}
