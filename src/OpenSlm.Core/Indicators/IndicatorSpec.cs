using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Indicators;

/// <summary>How an indicator measures delivered service.</summary>
public enum IndicatorType
{
    /// <summary>Good and total event counts (or bad and total).</summary>
    Ratio,

    /// <summary>A measured value (latency, score, gCO2e) judged against a threshold by each objective.</summary>
    Threshold,

    /// <summary>Up/down observations, or outage intervals.</summary>
    Availability,
}

/// <summary>Where an indicator's measurements can be pulled from. Queries are kept as written.</summary>
public sealed record MetricSource
{
    /// <summary>The source type, for example Prometheus.</summary>
    public string Type { get; init; } = "Prometheus";

    /// <summary>The query for good events (ratio indicators).</summary>
    public string? Good { get; init; }

    /// <summary>The query for bad events (ratio indicators, instead of good).</summary>
    public string? Bad { get; init; }

    /// <summary>The query for all events (ratio indicators).</summary>
    public string? Total { get; init; }

    /// <summary>The query for the measured value (threshold and availability indicators).</summary>
    public string? Query { get; init; }
}

/// <summary>
/// Availability measured from outage records (downtime) instead of up/down observations: from
/// <see cref="ObservedFrom"/> on, every second is service time, and a second inside a recorded outage is down.
/// </summary>
public sealed record OutageTracking
{
    /// <summary>When service time starts counting; windows before it have no data.</summary>
    public NodaTime.Instant ObservedFrom { get; init; }
}

/// <summary>
/// A ratio measured from ticket clocks: each clock of <see cref="Policy"/> (of one of <see cref="Priorities"/> when
/// given) is one event, good when it stopped within its target (at the instant it stopped), bad when it breached (at
/// the instant it breached, whether it has stopped yet or not). Running and paused clocks within target, and cancelled
/// ones, are not counted.
/// </summary>
public sealed record ClockTracking
{
    /// <summary>The TicketPolicy whose clocks are counted.</summary>
    public string Policy { get; init; } = string.Empty;

    /// <summary>Count only clocks of tickets of these priorities (the policy's priority field); empty counts all.</summary>
    public IReadOnlyList<string> Priorities { get; init; } = [];
}

/// <summary>An indicator (SLI): what is measured, for which service.</summary>
public sealed record IndicatorSpec : ISpec
{
    /// <inheritdoc />
    public static ResourceKind Kind => ResourceKind.Indicator;

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>The service measured.</summary>
    public string? Service { get; init; }

    /// <summary>Ratio, Threshold or Availability.</summary>
    public IndicatorType Type { get; init; } = IndicatorType.Ratio;

    /// <summary>The unit of threshold values, for example ms or gCO2e.</summary>
    public string? Unit { get; init; }

    /// <summary>Where measurements are pulled from; absent when they are pushed or imported.</summary>
    public MetricSource? Source { get; init; }

    /// <summary>For Availability indicators measured from outage records; absent when they are measured by observations.</summary>
    public OutageTracking? Outages { get; init; }

    /// <summary>For Ratio indicators measured from ticket clocks (for example P1 incidents resolved within target).</summary>
    public ClockTracking? Clocks { get; init; }

    /// <summary>
    /// Whether a measurement of this indicator named <paramref name="name"/> may be sent as given (a value, or counts):
    /// null when it may, else the field and why not. Outage and clock indicators take no measurements.
    /// </summary>
    public (string Field, string Message)? MeasurementProblem(string name, bool isValue)
    {
        if (Outages is not null)
        {
            return ("indicator", $"'{name}' is measured from outages: send its outages to /api/v1/outages, not measurements.");
        }
        if (Clocks is not null)
        {
            return ("indicator", $"'{name}' is measured from the clocks of ticket policy '{Clocks.Policy}': send ticket updates to /api/v1/tickets/events, not measurements.");
        }
        if ((Type == IndicatorType.Threshold) != isValue)
        {
            return Type == IndicatorType.Threshold
                ? ("value", $"'{name}' is a Threshold indicator: give a value, not counts.")
                : ("total", $"'{name}' is a {Type} indicator: give good (or bad) and total, not a value.");
        }
        return null;
    }

    /// <inheritdoc />
    public void Validate(Problems problems)
    {
        Checks.OptionalName(problems, "service", Service);
        if (Clocks is not null)
        {
            if (Type != IndicatorType.Ratio)
            {
                problems.Add("clocks", $"only Ratio indicators are measured from ticket clocks; this one is {Type}.");
            }
            if (string.IsNullOrWhiteSpace(Clocks.Policy))
            {
                problems.Add("clocks.policy", "is required: the TicketPolicy whose clocks are counted.");
            }
            else
            {
                Checks.OptionalName(problems, "clocks.policy", Clocks.Policy);
            }
            if (Source is not null || Outages is not null)
            {
                problems.Add("clocks", "an indicator measured from ticket clocks has no source and no outages: keep one of them.");
            }
        }
        if (Outages is not null)
        {
            if (Type != IndicatorType.Availability)
            {
                problems.Add("outages", $"only Availability indicators are measured from outages; this one is {Type}.");
            }
            else if (Outages.ObservedFrom == default)
            {
                problems.Add("outages.observedFrom", "is required: the instant service time starts counting (ISO 8601, for example 2025-01-01T00:00:00Z).");
            }
            if (Source is not null)
            {
                problems.Add("source", "an indicator measured from outages is not pulled from a source: remove source or outages.");
            }
        }
        if (Source is null)
        {
            return;
        }
        var p = problems.At("source");
        p.Require("type", Source.Type, "the source type, for example Prometheus");
        if (Type == IndicatorType.Ratio)
        {
            if (string.IsNullOrWhiteSpace(Source.Total))
            {
                p.Add("total", "is required for a ratio indicator: the query counting all events.");
            }
            if (string.IsNullOrWhiteSpace(Source.Good) == string.IsNullOrWhiteSpace(Source.Bad))
            {
                p.Add("good", "a ratio indicator needs exactly one of good or bad: the query counting good (or bad) events.");
            }
        }
        else if (string.IsNullOrWhiteSpace(Source.Query))
        {
            p.Add("query", $"is required for a {Type.ToString().ToLowerInvariant()} indicator: the query giving the measured value.");
        }
    }

    /// <inheritdoc />
    public IEnumerable<Reference> References()
    {
        if (Service is not null)
        {
            yield return new Reference(ResourceKind.Service, Service, "spec.service");
        }
        if (Clocks is { Policy.Length: > 0 })
        {
            yield return new Reference(ResourceKind.TicketPolicy, Clocks.Policy, "spec.clocks.policy");
        }
    }
}
