using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;

namespace OpenSlm.Core.Evaluation;

/// <summary>An objective's window as the engine uses it: rolling of a length, or a calendar period in a zone.</summary>
public sealed record EvaluationWindow
{
    private EvaluationWindow(Duration? rolling, CalendarPeriod? period, DateTimeZone zone)
    {
        Rolling = rolling;
        Period = period;
        Zone = zone;
    }

    /// <summary>The rolling length, or null for a calendar window.</summary>
    public Duration? Rolling { get; }

    /// <summary>The calendar period, or null for a rolling window.</summary>
    public CalendarPeriod? Period { get; }

    /// <summary>The zone calendar periods are aligned in.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>A rolling window (t − length, t].</summary>
    public static EvaluationWindow RollingOf(Duration length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, Duration.Zero);
        return new EvaluationWindow(length, null, DateTimeZone.Utc);
    }

    /// <summary>A calendar window: the period containing t, in <paramref name="zone"/>.</summary>
    public static EvaluationWindow CalendarOf(CalendarPeriod period, DateTimeZone zone) => new(null, period, zone);

    /// <summary>The part of the window that has elapsed at <paramref name="t"/>: what is measured.</summary>
    public Window Elapsed(Instant t) => Rolling is { } length
        ? new Window(t, length)
        : Window.Between(CalendarWindows.PeriodContaining(Period!.Value, t, Zone).Start, t);

    /// <summary>The whole window at <paramref name="t"/>, elapsed or not: what the error budget is spread over.</summary>
    public Window Full(Instant t) => Rolling is { } length
        ? new Window(t, length)
        : CalendarWindows.PeriodContaining(Period!.Value, t, Zone);
}

/// <summary>An objective's terms as fractions and durations, ready to evaluate.</summary>
/// <param name="Target">The target as a fraction in (0, 1].</param>
/// <param name="Warning">The warning level as a fraction above the target, or null.</param>
/// <param name="Window">The window.</param>
/// <param name="Budgeting">How the budget is counted.</param>
/// <param name="Slice">The slice length for Timeslices and RatioTimeslices.</param>
/// <param name="SliceTarget">The fraction that makes a slice good, for Timeslices.</param>
public sealed record ObjectiveTerms(decimal Target, decimal? Warning, EvaluationWindow Window, BudgetingMethod Budgeting, Duration? Slice = null, decimal? SliceTarget = null)
{
    /// <summary>
    /// Terms from a validated objective spec; percentages become fractions. <paramref name="zone"/> is the
    /// objective's calendar's zone (UTC when it names no calendar).
    /// </summary>
    public static ObjectiveTerms From(ObjectiveSpec spec, DateTimeZone zone)
    {
        var window = spec.Window.Rolling is { } rolling
            ? EvaluationWindow.RollingOf(DurationText.TryParse(rolling) ?? throw new ArgumentException($"'{rolling}' is not a duration.", nameof(spec)))
            : EvaluationWindow.CalendarOf(spec.Window.Calendar!.Value, zone);
        var slice = spec.TimeSlice is { } s ? DurationText.TryParse(s.Window) : null;
        return new ObjectiveTerms(spec.Target / 100m, spec.Warning / 100m, window, spec.Budgeting, slice, spec.TimeSlice?.Target / 100m);
    }
}
