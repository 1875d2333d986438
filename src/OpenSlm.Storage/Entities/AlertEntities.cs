using NodaTime;

namespace OpenSlm.Storage.Entities;

/// <summary>An alert on an objective: opened when a condition holds, acknowledged by someone, resolved when it stops holding. Instants are Unix ticks.</summary>
public sealed class AlertEntity
{
    /// <summary>Surrogate key.</summary>
    public long Id { get; set; }

    /// <summary>The agreement.</summary>
    public string Agreement { get; set; } = string.Empty;

    /// <summary>The objective within it.</summary>
    public string Objective { get; set; } = string.Empty;

    /// <summary>BurnRate, ProjectedBreach, NoData, Status or TicketWarning.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>What the alert is about within the objective: a ticket's id for ticket warnings, empty otherwise.</summary>
    public string Subject { get; set; } = string.Empty;

    /// <summary>How far its condition has gone (a status, a threshold crossed); a change is told as such.</summary>
    public string Level { get; set; } = string.Empty;

    /// <summary>Page or Ticket.</summary>
    public string Severity { get; set; } = string.Empty;

    /// <summary>Open, Acknowledged or Resolved.</summary>
    public string State { get; set; } = string.Empty;

    /// <summary>1 while not resolved, null after: with the objective, kind, severity and subject (the alert's identity), unique — one unresolved alert each.</summary>
    public int? OpenKey { get; set; }

    /// <summary>Why it opened, in words.</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>The evaluation that fired it, as JSON.</summary>
    public string Evaluation { get; set; } = "{}";

    /// <summary>When it opened.</summary>
    public Instant OpenedAt { get; set; }

    /// <summary>When the condition was last seen holding.</summary>
    public Instant LastSeenAt { get; set; }

    /// <summary>When someone acknowledged it.</summary>
    public Instant? AcknowledgedAt { get; set; }

    /// <summary>Who acknowledged it.</summary>
    public string? AcknowledgedBy { get; set; }

    /// <summary>When it resolved.</summary>
    public Instant? ResolvedAt { get; set; }

    /// <summary>When people were last told of it (opened, or reminded while it stays open).</summary>
    public Instant? LastNotifiedAt { get; set; }

    /// <summary>The note left when it was acknowledged.</summary>
    public string? AcknowledgeNote { get; set; }

    /// <summary>Until when its reminders are quiet (excluded); null when it is not snoozed.</summary>
    public Instant? SnoozedUntil { get; set; }

    /// <summary>Who snoozed it last.</summary>
    public string? SnoozedBy { get; set; }

    /// <summary>Why it was snoozed.</summary>
    public string? SnoozeReason { get; set; }
}

/// <summary>A period that closed below target, with its cause to be filled in later.</summary>
public sealed class BreachEntity
{
    /// <summary>Surrogate key.</summary>
    public long Id { get; set; }

    /// <summary>The agreement.</summary>
    public string Agreement { get; set; } = string.Empty;

    /// <summary>The objective.</summary>
    public string Objective { get; set; } = string.Empty;

    /// <summary>The period's start (excluded).</summary>
    public Instant PeriodStart { get; set; }

    /// <summary>The period's end (included).</summary>
    public Instant PeriodEnd { get; set; }

    /// <summary>The attainment the period closed at, in percent.</summary>
    public decimal Attainment { get; set; }

    /// <summary>The target, in percent.</summary>
    public decimal Target { get; set; }

    /// <summary>When the breach was recorded.</summary>
    public Instant RecordedAt { get; set; }

    /// <summary>The diagnosed cause.</summary>
    public string? RootCause { get; set; }

    /// <summary>What is being done about it.</summary>
    public string? Actions { get; set; }

    /// <summary>What the customer is told (the breach statement of the customer portal); the cause and actions stay internal.</summary>
    public string? Statement { get; set; }

    /// <summary>The cause's category (<see cref="Core.Improvement.CauseCategory"/>), by name; null until diagnosed.</summary>
    public string? Category { get; set; }

    /// <summary>The incidents and changes the diagnosis refers to, one a line.</summary>
    public string? References { get; set; }

    /// <summary>The services that contributed, one a line.</summary>
    public string? ContributingServices { get; set; }

    /// <summary>The problem (by name) whose cause the breach shares; null when none is known.</summary>
    public string? Problem { get; set; }

    /// <summary>Who last filled in the cause.</summary>
    public string? UpdatedBy { get; set; }

    /// <summary>When a confirmed retroactive version re-judged the period as not breached: the record is kept, no longer counted.</summary>
    public Instant? WithdrawnAt { get; set; }

    /// <summary>Why it was withdrawn (the version, its first day in force and the reason given).</summary>
    public string? WithdrawnReason { get; set; }
}

/// <summary>A lease on a job: the instance holding it runs the job until it expires.</summary>
public sealed class LeaseEntity
{
    /// <summary>The job.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The instance holding it.</summary>
    public string Holder { get; set; } = string.Empty;

    /// <summary>When it lapses unless renewed.</summary>
    public Instant ExpiresAt { get; set; }
}

/// <summary>
/// A notification to deliver (the outbox): written in the same transaction as the alert or breach it tells of, so none
/// is lost; delivered by one instance at a time, retried with backoff, and marked sent once delivered.
/// </summary>
public sealed class NotificationEntity
{
    /// <summary>Surrogate key; also the delivery id receivers can de-duplicate on.</summary>
    public long Id { get; set; }

    /// <summary>email, webhook or alertmanager (see NotificationChannel).</summary>
    public string Channel { get; set; } = string.Empty;

    /// <summary>The e-mail address, or the webhook's or Alertmanager's URL.</summary>
    public string Recipient { get; set; } = string.Empty;

    /// <summary>The subject line.</summary>
    public string Subject { get; set; } = string.Empty;

    /// <summary>The e-mail's text, or the JSON posted.</summary>
    public string Body { get; set; } = string.Empty;

    /// <summary>Pending, Sent or Failed (gave up).</summary>
    public string State { get; set; } = string.Empty;

    /// <summary>Delivery attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the next attempt is due.</summary>
    public Instant NextAttemptAt { get; set; }

    /// <summary>Why the last attempt failed.</summary>
    public string? LastError { get; set; }

    /// <summary>When it was written.</summary>
    public Instant CreatedAt { get; set; }

    /// <summary>When it was delivered.</summary>
    public Instant? SentAt { get; set; }

    /// <summary>An attached file's name (e-mail only; a scheduled report), or null.</summary>
    public string? AttachmentName { get; set; }

    /// <summary>The attached file's media type.</summary>
    public string? AttachmentType { get; set; }

    /// <summary>The attached file.</summary>
    public byte[]? Attachment { get; set; }
}

/// <summary>A run of a report schedule: one per schedule and due time, so that each is sent once across instances and restarts.</summary>
public sealed class ReportRunEntity
{
    /// <summary>The ReportSchedule's name.</summary>
    public string Schedule { get; set; } = string.Empty;

    /// <summary>The cron occurrence it ran for.</summary>
    public Instant Due { get; set; }

    /// <summary>When it ran.</summary>
    public Instant RanAt { get; set; }

    /// <summary>The period reported (2025-03…).</summary>
    public string Period { get; set; } = string.Empty;

    /// <summary>The publication made, if any.</summary>
    public long? PublishedReport { get; set; }
}

/// <summary>A report as published: the snapshot of every number it showed, and the hash of the data behind them.</summary>
public sealed class PublishedReportEntity
{
    /// <summary>Surrogate key.</summary>
    public long Id { get; set; }

    /// <summary>The agreement.</summary>
    public string Agreement { get; set; } = string.Empty;

    /// <summary>The agreement version reported on.</summary>
    public int Version { get; set; }

    /// <summary>The period's key (2025-03, 2025-Q1, …).</summary>
    public string Period { get; set; } = string.Empty;

    /// <summary>SHA-256 of the data the report rests on.</summary>
    public string DataHash { get; set; } = string.Empty;

    /// <summary>The report as snapshot JSON.</summary>
    public string Snapshot { get; set; } = "{}";

    /// <summary>When it was published.</summary>
    public Instant PublishedAt { get; set; }

    /// <summary>Who published it.</summary>
    public string PublishedBy { get; set; } = string.Empty;
}
