using NodaTime;

namespace OpenSlm.Storage.Entities;

/// <summary>A service level review of an agreement, as recorded (issue 18).</summary>
public sealed class ReviewEntity
{
    /// <summary>Surrogate key: the review's number, shown and used in the API.</summary>
    public long Id { get; set; }

    /// <summary>The agreement's name.</summary>
    public string Agreement { get; set; } = string.Empty;

    /// <summary>The version in force on the day it was held (the terms reviewed).</summary>
    public int Version { get; set; }

    /// <summary>The day held, yyyy-MM-dd.</summary>
    public string HeldOn { get; set; } = string.Empty;

    /// <summary>The period looked back on, as a report period key (2026-Q3…); null when none was named.</summary>
    public string? Period { get; set; }

    /// <summary>Who attended, as a JSON array of names.</summary>
    public string Attendees { get; set; } = "[]";

    /// <summary>What was decided, as a JSON array of lines.</summary>
    public string Decisions { get; set; } = "[]";

    /// <summary>What is to be done, as a JSON array of actions (title, owner, due, status).</summary>
    public string Actions { get; set; } = "[]";

    /// <summary>Free notes.</summary>
    public string? Notes { get; set; }

    /// <summary>The day of the next review it set, yyyy-MM-dd.</summary>
    public string NextReview { get; set; } = string.Empty;

    /// <summary>Who recorded it.</summary>
    public string RecordedBy { get; set; } = string.Empty;

    /// <summary>When.</summary>
    public Instant RecordedAt { get; set; }

    /// <summary>Who last changed one of its actions.</summary>
    public string? UpdatedBy { get; set; }

    /// <summary>When.</summary>
    public Instant? UpdatedAt { get; set; }

    /// <summary>Raised by every change, for If-Match.</summary>
    public long Revision { get; set; }
}

/// <summary>A reminder sent, by its key (<see cref="Core.Agreements.Reminder.Key"/>): each is sent once.</summary>
public sealed class ReminderEntity
{
    /// <summary>What it was about, for which day.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>When it was sent.</summary>
    public Instant SentAt { get; set; }
}

/// <summary>A comment on an agreement version (issue 18, negotiation).</summary>
public sealed class VersionCommentEntity
{
    /// <summary>Surrogate key: the comment's number.</summary>
    public long Id { get; set; }

    /// <summary>The agreement's name.</summary>
    public string Agreement { get; set; } = string.Empty;

    /// <summary>The version commented on.</summary>
    public int Version { get; set; }

    /// <summary>The field path of the term it is about; null for the whole version.</summary>
    public string? Term { get; set; }

    /// <summary>What was said.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>Whether only the provider's staff read it.</summary>
    public bool Internal { get; set; }

    /// <summary>Who wrote it (the signed-in person or token, as the audit names them).</summary>
    public string Author { get; set; } = string.Empty;

    /// <summary>The stakeholder the author is, where they are linked to one.</summary>
    public string? Stakeholder { get; set; }

    /// <summary>When.</summary>
    public Instant WrittenAt { get; set; }
}
