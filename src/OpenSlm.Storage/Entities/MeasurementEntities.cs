namespace OpenSlm.Storage.Entities;

/// <summary>A measured series: one per indicator name, with a small key for the measurement rows.</summary>
public sealed class SeriesEntity
{
    /// <summary>Small integer key used by measurement rows.</summary>
    public int Id { get; set; }

    /// <summary>The indicator's name (names never change).</summary>
    public string Indicator { get; set; } = string.Empty;

    /// <summary>Raised by every write to the series, so readers that cache it (in any process) know to reload.</summary>
    public long Revision { get; set; }
}

/// <summary>
/// The counts of one series' measurements in one bucket (an hour or a UTC day) ending at <see cref="End"/>
/// (Unix ticks): the measurements at instants in (End − width, End]. Kept in step with the raw rows by every ingest.
/// </summary>
public sealed class RollupEntity
{
    /// <summary>The series (<see cref="SeriesEntity.Id"/>).</summary>
    public int SeriesId { get; set; }

    /// <summary>The bucket's width in ticks (an hour or a day).</summary>
    public long Width { get; set; }

    /// <summary>The bucket's end, in Unix ticks.</summary>
    public long End { get; set; }

    /// <summary>Good events in the bucket.</summary>
    public long Good { get; set; }

    /// <summary>All events in the bucket.</summary>
    public long Total { get; set; }

    /// <summary>The series' revision at the write that last changed the bucket: a reader holding an older revision reads only newer rows.</summary>
    public long Revision { get; set; }
}

/// <summary>
/// One stored measurement: counts (ratio and availability indicators) or a value (threshold indicators).
/// <see cref="At"/> is Unix time in 100-ns ticks. One row per series and instant: re-sending replaces.
/// </summary>
public sealed class MeasurementEntity
{
    /// <summary>The series (<see cref="SeriesEntity.Id"/>).</summary>
    public int SeriesId { get; set; }

    /// <summary>When it was measured, in Unix ticks (100 ns).</summary>
    public long At { get; set; }

    /// <summary>Good events, for counts.</summary>
    public long? Good { get; set; }

    /// <summary>All events, for counts.</summary>
    public long? Total { get; set; }

    /// <summary>The measured value, for threshold indicators.</summary>
    public decimal? Value { get; set; }
}

/// <summary>
/// One outage of an availability indicator measured from outages: down over [Start, End), End null while it
/// lasts. Instants are Unix ticks. One row per series and start: re-sending an outage (to close it) replaces it.
/// </summary>
public sealed class OutageEntity
{
    /// <summary>The series (<see cref="SeriesEntity.Id"/>).</summary>
    public int SeriesId { get; set; }

    /// <summary>When the outage began, in Unix ticks.</summary>
    public long Start { get; set; }

    /// <summary>When it ended, in Unix ticks; null while it lasts.</summary>
    public long? End { get; set; }

    /// <summary>An incident, problem or change it belongs to.</summary>
    public string? Reference { get; set; }
}
