using System.Globalization;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Agreements;

/// <summary>How an objective's error budget is counted (OpenSLO's budgetingMethod).</summary>
public enum BudgetingMethod
{
    /// <summary>Budget = (1 − target) × all events in the window.</summary>
    Occurrences,

    /// <summary>The window is cut into slices; a slice is good when its own ratio meets the slice target.</summary>
    Timeslices,

    /// <summary>Attainment is the ratio of good slices to all slices that have data.</summary>
    RatioTimeslices,
}

/// <summary>A calendar period, aligned to the calendar's time zone.</summary>
public enum CalendarPeriod
{
    /// <summary>Monday 00:00 to the next Monday 00:00.</summary>
    Week,

    /// <summary>The first of the month to the first of the next.</summary>
    Month,

    /// <summary>January, April, July, October.</summary>
    Quarter,

    /// <summary>1 January to 1 January.</summary>
    Year,
}

/// <summary>An objective's window: a rolling duration, or a calendar period. Exactly one is set.</summary>
public sealed record ObjectiveWindow
{
    /// <summary>A rolling window such as 28d or 30d: the window ending at t is (t − w, t].</summary>
    public string? Rolling { get; init; }

    /// <summary>A calendar window such as Month.</summary>
    public CalendarPeriod? Calendar { get; init; }

    /// <summary>A rolling window of the given length.</summary>
    public static ObjectiveWindow RollingOf(string duration) => new() { Rolling = duration };

    /// <inheritdoc />
    public override string ToString() => Rolling is not null ? $"rolling {Rolling}" : $"calendar {Calendar}";

    internal void Validate(Problems p)
    {
        if ((Rolling is null) == (Calendar is null))
        {
            p.Add("give exactly one of rolling (for example rolling: 30d) or calendar (Week, Month, Quarter or Year).");
            return;
        }
        if (Rolling is not null)
        {
            var d = DurationText.TryParse(Rolling);
            if (d is null)
            {
                p.Add("rolling", $"'{Rolling}' is not a duration: expected a number and a unit s, m, h, d or w, for example 30d.");
            }
            else if (d.Value > NodaTime.Duration.FromDays(366))
            {
                p.Add("rolling", $"'{Rolling}' is longer than 366 days; use a calendar window of a Year instead.");
            }
        }
    }
}

/// <summary>How a threshold indicator's values are judged good.</summary>
public enum ThresholdOperator
{
    /// <summary>Good when the value is below the threshold.</summary>
    Lt,

    /// <summary>Good when the value is at most the threshold.</summary>
    Lte,

    /// <summary>Good when the value is above the threshold.</summary>
    Gt,

    /// <summary>Good when the value is at least the threshold.</summary>
    Gte,
}

/// <summary>The threshold a measured value is compared with, for threshold indicators.</summary>
public sealed record Threshold
{
    /// <summary>The comparison that makes a value good.</summary>
    public ThresholdOperator Op { get; init; }

    /// <summary>The threshold, in the indicator's unit.</summary>
    public decimal Value { get; init; }

    /// <summary>Whether a measured value is good under this threshold.</summary>
    public bool Meets(decimal measured) => Op switch
    {
        ThresholdOperator.Lt => measured < Value,
        ThresholdOperator.Lte => measured <= Value,
        ThresholdOperator.Gt => measured > Value,
        ThresholdOperator.Gte => measured >= Value,
        _ => throw new InvalidOperationException($"Unknown operator {Op}."),
    };
}

/// <summary>The slices of a Timeslices or RatioTimeslices objective.</summary>
public sealed record TimeSlice
{
    /// <summary>The length of one slice, for example 1m or 5m.</summary>
    public string Window { get; init; } = "1m";

    /// <summary>The percentage of good events that makes a slice good (Timeslices only).</summary>
    public decimal? Target { get; init; }
}

/// <summary>One target inside an agreement version (an SLO, a service level target).</summary>
public sealed record ObjectiveSpec
{
    /// <summary>Unique within the agreement.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>A human-readable name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The indicator this objective judges.</summary>
    public string Indicator { get; init; } = string.Empty;

    /// <summary>The agreed level, as a percentage in (0, 100], for example 99.9.</summary>
    public decimal Target { get; init; }

    /// <summary>
    /// Above the target and at most 100: attainment below it (but still meeting the target) is AtRisk.
    /// </summary>
    public decimal? Warning { get; init; }

    /// <summary>The window the target applies to.</summary>
    public ObjectiveWindow Window { get; init; } = ObjectiveWindow.RollingOf("30d");

    /// <summary>The calendar whose service hours count; absent means every hour counts (24x7, UTC).</summary>
    public string? Calendar { get; init; }

    /// <summary>How the error budget is counted.</summary>
    public BudgetingMethod Budgeting { get; init; } = BudgetingMethod.Occurrences;

    /// <summary>The slices, for Timeslices and RatioTimeslices budgeting.</summary>
    public TimeSlice? TimeSlice { get; init; }

    /// <summary>When a measured value is good, for threshold indicators.</summary>
    public Threshold? Threshold { get; init; }

    /// <summary>
    /// Whether the objective's threshold fits its indicator: one on a Threshold indicator needs a threshold to judge its
    /// values; one on a Ratio or Availability indicator (counts) must not have one. Null when it fits, else why not.
    /// </summary>
    public string? ThresholdProblem(Indicators.IndicatorType type) => (type, Threshold) switch
    {
        (Indicators.IndicatorType.Threshold, null) =>
            $"is required: indicator '{Indicator}' is a Threshold indicator, so the objective must say which values are good (op and value, e.g. {{op: Lt, value: 500}}).",
        (not Indicators.IndicatorType.Threshold, not null) =>
            $"does not apply: indicator '{Indicator}' is a {type} indicator (good and total counts); remove the threshold or use a Threshold indicator.",
        _ => null,
    };

    /// <summary>How the objective is watched; absent: the default alert policy.</summary>
    public Alerting.AlertingSpec? Alerting { get; init; }

    /// <summary>
    /// This objective's own credit tiers (percent of the agreement's charge), each below the objective's target; when
    /// given they replace the agreement's tiers for it (the agreement's cap still applies to the sum).
    /// </summary>
    public IReadOnlyList<CreditTier> Credits { get; init; } = [];

    private void ValidateCredits(Problems p)
    {
        var seen = new HashSet<decimal>();
        for (var i = 0; i < Credits.Count; i++)
        {
            var tier = Credits[i];
            var tp = p.At("credits").At(i);
            if (Percent(tp, "below", tier.Below) && tier.Below > Target)
            {
                tp.Add("below", $"{Fmt(tier.Below)} is above the objective's target ({Fmt(Target)}): a credit tier charges a missed target, so its threshold is at most the target.");
            }
            Percent(tp, "credit", tier.Credit);
            if (!seen.Add(tier.Below))
            {
                tp.Add("below", $"another tier of this objective already starts below {Fmt(tier.Below)}.");
            }
        }
    }

    internal void Validate(Problems p)
    {
        if (ResourceName.Check(Name) is { } nameError)
        {
            p.Add("name", nameError);
        }
        if (ResourceName.Check(Indicator) is { } indicatorError)
        {
            p.Add("indicator", indicatorError);
        }
        Percent(p, "target", Target);
        if (Warning is { } warning && Percent(p, "warning", warning) && warning <= Target)
        {
            p.Add("warning", $"must be above the target ({Fmt(Target)}) and at most 100, not {Fmt(warning)}: attainment between the two is AtRisk.");
        }
        Window.Validate(p.At("window"));
        Alerting?.Validate(p.At("alerting"));
        ValidateCredits(p);
        Checks.OptionalName(p, "calendar", Calendar);
        if (Budgeting != BudgetingMethod.Occurrences)
        {
            if (TimeSlice is null)
            {
                p.Add("timeSlice", $"is required for {Budgeting} budgeting: the slice window, for example timeSlice: {{window: 1m, target: 99}}.");
            }
            else
            {
                var slice = DurationText.TryParse(TimeSlice.Window);
                if (slice is null)
                {
                    p.At("timeSlice").Add("window", $"'{TimeSlice.Window}' is not a duration: expected for example 1m or 5m.");
                }
                if (Budgeting == BudgetingMethod.Timeslices)
                {
                    if (TimeSlice.Target is not { } t)
                    {
                        p.At("timeSlice").Add("target", "is required for Timeslices budgeting: the percentage that makes a slice good.");
                    }
                    else
                    {
                        Percent(p.At("timeSlice"), "target", t);
                    }
                }
            }
        }
    }

    internal static bool Percent(Problems p, string field, decimal value)
    {
        if (value is <= 0m or > 100m)
        {
            p.Add(field, $"must be a percentage in (0, 100], for example 99.9, not {Fmt(value)}.");
            return false;
        }
        return true;
    }

    private static string Fmt(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
