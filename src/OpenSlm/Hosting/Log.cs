namespace OpenSlm.Hosting;

/// <summary>The host's log messages, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Demo data: {Outcome}")]
    public static partial void DemoData(ILogger logger, string outcome);
}
