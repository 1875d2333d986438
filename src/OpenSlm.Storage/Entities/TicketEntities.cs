namespace OpenSlm.Storage.Entities;

/// <summary>One stored ticket update: the fields it set, as received. Instants are Unix ticks.</summary>
public sealed class TicketEventEntity
{
    /// <summary>Arrival order: updates at one instant apply in this order.</summary>
    public long Id { get; set; }

    /// <summary>The ticket's id in its system, for example INC0010001.</summary>
    public string Ticket { get; set; } = string.Empty;

    /// <summary>When the update happened.</summary>
    public long At { get; set; }

    /// <summary>The fields it set, as a JSON object of strings (null clears a field).</summary>
    public string Fields { get; set; } = "{}";

    /// <summary>SHA-256 of <see cref="Fields"/>: the same update sent twice is stored once.</summary>
    public string Digest { get; set; } = string.Empty;

    /// <summary>When it was received.</summary>
    public long ReceivedAt { get; set; }
}

/// <summary>A ticket policy exactly as clocks ran it: its terms and its calendar's, frozen under a version number.</summary>
public sealed class TicketPolicyVersionEntity
{
    /// <summary>The TicketPolicy's name.</summary>
    public string Policy { get; set; } = string.Empty;

    /// <summary>1, 2, 3… per policy, a new one whenever the policy or its calendar changes.</summary>
    public int Version { get; set; }

    /// <summary>SHA-256 of the two specs, to tell whether the policy changed.</summary>
    public string Digest { get; set; } = string.Empty;

    /// <summary>The TicketPolicy spec as canonical JSON.</summary>
    public string Spec { get; set; } = "{}";

    /// <summary>The Calendar spec as canonical JSON, or null for 24x7.</summary>
    public string? Calendar { get; set; }

    /// <summary>When the version was first used.</summary>
    public long CreatedAt { get; set; }
}

/// <summary>The clock of one ticket under one policy, as of the ticket's last update. Instants are Unix ticks, durations ticks.</summary>
public sealed class TicketClockEntity
{
    /// <summary>The ticket.</summary>
    public string Ticket { get; set; } = string.Empty;

    /// <summary>The policy.</summary>
    public string Policy { get; set; } = string.Empty;

    /// <summary>The policy version the clock runs under (kept until a recompute).</summary>
    public int PolicyVersion { get; set; }

    /// <summary>The ticket's priority.</summary>
    public string? Priority { get; set; }

    /// <summary>Running, Paused, Met, Breached or Cancelled.</summary>
    public string State { get; set; } = string.Empty;

    /// <summary>When the clock started.</summary>
    public long StartedAt { get; set; }

    /// <summary>When it stopped.</summary>
    public long? StoppedAt { get; set; }

    /// <summary>The target.</summary>
    public long Target { get; set; }

    /// <summary>Business time counted.</summary>
    public long Elapsed { get; set; }

    /// <summary>Business time paused.</summary>
    public long Paused { get; set; }

    /// <summary>When a running clock reaches its target.</summary>
    public long? Deadline { get; set; }

    /// <summary>When it breached.</summary>
    public long? BreachedAt { get; set; }

    /// <summary>Warnings crossed, as JSON [{"percent", "at"}].</summary>
    public string Warnings { get; set; } = "[]";

    /// <summary>The instant the clock was read at (the ticket's last update).</summary>
    public long ReadAt { get; set; }

    /// <summary>For a running clock, the warnings (and the deadline, as 100) it crosses later if nothing changes, as JSON
    /// [{"percent", "at"}].</summary>
    public string Upcoming { get; set; } = "[]";

    /// <summary>From when a watcher looks at the clock: its first warning crossed or to come, or its deadline; null
    /// when there is none, or the clock has stopped.</summary>
    public long? WatchFrom { get; set; }
}
