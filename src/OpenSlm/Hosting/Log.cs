namespace OpenSlm.Hosting;

/// <summary>The host's log messages, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Demo data: {Outcome}")]
    public static partial void DemoData(ILogger logger, string outcome);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "{Notice}")]
    public static partial void AccessNotice(ILogger logger, string notice);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Pulling Prometheus indicators from {Url} every {Step}, backfilling {Backfill}")]
    public static partial void PrometheusPulling(ILogger logger, Uri url, NodaTime.Duration step, NodaTime.Duration backfill);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Pulled {Indicator}: {Stored} measurements in ({From}, {To}]")]
    public static partial void Pulled(ILogger logger, string indicator, int stored, NodaTime.Instant from, NodaTime.Instant to);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Pulling {Indicator} from Prometheus failed: {Error}")]
    public static partial void PullFailed(ILogger logger, string indicator, string error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "A Prometheus pull round failed")]
    public static partial void PullRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Alert round: {Objectives} objectives, {Opened} alerts opened, {Resolved} resolved, {Breaches} breaches recorded")]
    public static partial void AlertRound(ILogger logger, int objectives, int opened, int resolved, int breaches);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "An alert evaluation round failed")]
    public static partial void AlertRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Evaluating {Agreement}/{Objective} failed; the round went on with the others and tries it again next round")]
    public static partial void ObjectiveFailed(ILogger logger, string agreement, string objective, Exception exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Agreement {Agreement} version {Version} expired: its last day in force was {LastDay}")]
    public static partial void VersionExpired(ILogger logger, string agreement, int version, NodaTime.LocalDate lastDay);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Agreement {Agreement} version {Version} took effect as scheduled, from {From}")]
    public static partial void VersionActivated(ILogger logger, string agreement, int version, NodaTime.LocalDate from);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "A notification delivery round failed")]
    public static partial void NotificationRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Could not give up a job lease while stopping; another instance takes over when it lapses")]
    public static partial void LeaseReleaseFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Report schedule {Schedule} ran for {Period}: {Mails} e-mails written ({Outcome})")]
    public static partial void ReportSent(ILogger logger, string schedule, string period, int mails, string outcome);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Reminder {Key} sent: {Notifications} e-mails written")]
    public static partial void ReminderSent(ILogger logger, string key, int notifications);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "A report schedule round failed")]
    public static partial void ReportRoundFailed(ILogger logger, Exception exception);
}
