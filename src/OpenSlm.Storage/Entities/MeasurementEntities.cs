namespace OpenSlm.Storage.Entities;

/// <summary>A measured series: one per indicator name, with a small key for the measurement rows.</summary>
public sealed class SeriesRow
{
    /// <summary>Small integer key used by measurement rows.</summary>
    public int Id { get; set; }

    /// <summary>The indicator's name (names never change).</summary>
    public string Indicator { get; set; } = string.Empty;
}

/// <summary>
/// One stored measurement: counts (ratio and availability indicators) or a value (threshold indicators).
/// <see cref="At"/> is Unix time in 100-ns ticks. One row per series and instant: re-sending replaces.
/// </summary>
public sealed class MeasurementEntity
{
    /// <summary>The series (<see cref="SeriesRow.Id"/>).</summary>
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
