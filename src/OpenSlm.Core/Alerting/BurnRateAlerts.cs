using NodaTime;

namespace OpenSlm.Core.Alerting;

/// <summary>Who an alert is for: someone paged now, or a ticket for working hours.</summary>
public enum AlertSeverity
{
    /// <summary>Wake someone: the budget is burning fast.</summary>
    Page,

    /// <summary>A ticket: the budget is burning slowly but steadily.</summary>
    Ticket,
}

/// <summary>
/// One multiwindow burn-rate condition: fire when <see cref="BudgetPercent"/> % of the period's error budget burns
/// within <see cref="LongWindow"/>, confirmed by <see cref="ShortWindow"/> (so the alert also stops soon after the
/// burning does).
/// </summary>
public sealed record BurnRateCondition(AlertSeverity Severity, string Speed, decimal BudgetPercent, Duration ShortWindow, Duration LongWindow, Duration Period)
{
    /// <summary>
    /// The burn rate that uses <see cref="BudgetPercent"/> % of the budget in the long window: percent × period ÷
    /// long window (2 % of 30 days in 1 h: 14.4).
    /// </summary>
    public decimal Factor => BudgetPercent / 100m * (decimal)Period.TotalSeconds / (decimal)LongWindow.TotalSeconds;
}

/// <summary>The burn-rate conditions of an objective's period: the SRE workbook's, or as configured.</summary>
public static class BurnRateAlerts
{
    /// <summary>The period the workbook's figures are given for.</summary>
    public static Duration WorkbookPeriod { get; } = Duration.FromDays(30);

    /// <summary>
    /// The SRE workbook's multiwindow, multi-burn-rate alerts (chapter 5, as Sloth generates them): page when 2 % of the
    /// budget burns in 1 h (short window 5 m) or 5 % in 6 h (30 m); ticket when 10 % burns in 1 d (2 h) or 10 % in 3 d
    /// (6 h). For a 30-day period the factors are 14.4, 6, 3 and 1. For another period the same shares of the budget
    /// and the same windows are kept, so the factors scale with the period (28 days: 13.44, 5.6, 2.8, 0.93), as Sloth
    /// does for its 28-day default.
    /// </summary>
    public static IReadOnlyList<BurnRateCondition> Default(Duration period) =>
    [
        new(AlertSeverity.Page, "quick", 2m, Duration.FromMinutes(5), Duration.FromHours(1), period),
        new(AlertSeverity.Page, "slow", 5m, Duration.FromMinutes(30), Duration.FromHours(6), period),
        new(AlertSeverity.Ticket, "quick", 10m, Duration.FromHours(2), Duration.FromDays(1), period),
        new(AlertSeverity.Ticket, "slow", 10m, Duration.FromHours(6), Duration.FromDays(3), period),
    ];

    /// <summary>Every window the conditions read, shortest first, without repeats.</summary>
    public static IReadOnlyList<Duration> Windows(IEnumerable<BurnRateCondition> conditions) =>
        [.. conditions.SelectMany(c => new[] { c.ShortWindow, c.LongWindow }).Distinct().Order()];
}
