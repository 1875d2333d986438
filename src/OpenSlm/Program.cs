using System.CommandLine;
using System.Globalization;
using OpenSlm.Cli;

// One number and date format whatever the server's locale: a decimal point, no locale's month names, so that pages,
// reports, CSV and the CLI read the same on every machine (and "99,95" is never written where 99.95 is meant).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

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
