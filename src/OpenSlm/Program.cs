using System.CommandLine;
using OpenSlm.Cli;

try
{
    return await Commands.Build().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
}
catch (Exception ex) when (ex is not OperationCanceledException && Environment.GetEnvironmentVariable("OPENSLM_DEBUG") != "1")
{
    // Operational failures (an unreachable database, an unwritable data directory, a malformed
    // connection string) get one clear line; OPENSLM_DEBUG=1 shows the full trace for bug reports.
    var inner = ex.InnerException is { } i && !ex.Message.Contains(i.Message, StringComparison.Ordinal) ? $" ({i.Message})" : string.Empty;
    await Console.Error.WriteLineAsync($"error: {ex.Message}{inner}").ConfigureAwait(false);
    return 1;
}
