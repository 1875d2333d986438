using NodaTime;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Alerting;

/// <summary>
/// One burn-rate condition as written in YAML: page when 2 % of the budget burns in 1h, confirmed over 5m. The rate is
/// given as a share of the budget (<see cref="BudgetPercent"/>) or as the burn rate itself (<see cref="Factor"/>).
/// </summary>
public sealed record BurnRateSpec
{
    /// <summary>Page or Ticket.</summary>
    public AlertSeverity Severity { get; init; } = AlertSeverity.Page;

    /// <summary>The share of the period's error budget, in percent, that must burn within <see cref="LongWindow"/>.</summary>
    public decimal? BudgetPercent { get; init; }

    /// <summary>Instead of <see cref="BudgetPercent"/>: the burn rate over <see cref="LongWindow"/> to be above (1 spends
    /// the budget exactly over the period).</summary>
    public decimal? Factor { get; init; }

    /// <summary>The confirming window, for example 5m; left out, the long window alone decides.</summary>
    public string? ShortWindow { get; init; }

    /// <summary>The window the share burns in, for example 1h.</summary>
    public string LongWindow { get; init; } = string.Empty;

    /// <summary>The condition for an objective whose period is <paramref name="period"/> (the spec must be valid).</summary>
    public BurnRateCondition Condition(string speed, Duration period)
    {
        var longWindow = DurationText.TryParse(LongWindow) ?? Duration.Zero;
        var percent = BudgetPercent ?? (Factor!.Value * 100m * (decimal)longWindow.TotalSeconds / (decimal)period.TotalSeconds);
        return new BurnRateCondition(Severity, speed, percent, ShortWindow is null ? longWindow : DurationText.TryParse(ShortWindow) ?? Duration.Zero, longWindow, period);
    }
}

/// <summary>
/// How an objective is watched (<c>alerting:</c> on an objective). Every field is optional: what is left out keeps
/// <see cref="AlertPolicy"/>'s default.
/// </summary>
public sealed record AlertingSpec
{
    /// <summary>False: no alerts for this objective (any open ones resolve).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The burn-rate conditions instead of the SRE workbook's; an empty list turns burn-rate alerts off.</summary>
    public IReadOnlyList<BurnRateSpec>? BurnRates { get; init; }

    /// <summary>The low-traffic guard: events (or slices) a long window needs before a burn-rate condition counts.</summary>
    public decimal? MinEvents { get; init; }

    /// <summary>Raise a ticket when no measurement arrived for this long, for example 30m.</summary>
    public string? NoDataAfter { get; init; }

    /// <summary>Whether to raise a ticket when the budget is projected to run out before the period ends.</summary>
    public bool? ProjectedBreach { get; init; }

    /// <summary>Whether to raise a ticket while the objective is AtRisk or Breached (told again when it moves between them).</summary>
    public bool? StatusChanges { get; init; }

    /// <summary>Whether people are told when an alert resolves (default true).</summary>
    public bool? NotifyResolved { get; init; }

    /// <summary>The channels this objective's alerts go out on (email, webhook, slack, alertmanager), of those
    /// <c>slm serve</c> has; left out, all of them.</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>Remind people of an alert still open and unacknowledged this long after they were last told (default 4h); "never" turns reminders off.</summary>
    public string? RenotifyAfter { get; init; }

    /// <summary>The policy these terms give for an objective whose period is <paramref name="period"/>.</summary>
    public AlertPolicy Policy(Duration period)
    {
        var defaults = new AlertPolicy();
        return new AlertPolicy
        {
            BurnRates = BurnRates?.Select((b, i) => b.Condition($"#{i + 1}", period)).ToList(),
            MinEvents = MinEvents ?? defaults.MinEvents,
            NoDataAfter = DurationText.TryParse(NoDataAfter),
            ProjectedBreach = ProjectedBreach ?? defaults.ProjectedBreach,
            StatusChanges = StatusChanges ?? defaults.StatusChanges,
            NotifyResolved = NotifyResolved ?? defaults.NotifyResolved,
            Channels = Channels,
            RenotifyAfter = RenotifyAfter is null ? defaults.RenotifyAfter : RenotifyAfter == "never" ? null : DurationText.TryParse(RenotifyAfter),
        };
    }

    /// <summary>Checks the terms; problems name the field.</summary>
    public void Validate(Problems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (MinEvents is < 0)
        {
            problems.Add("minEvents", $"must be 0 or more, not {MinEvents}.");
        }
        if (NoDataAfter is not null && DurationText.TryParse(NoDataAfter) is null)
        {
            problems.Add("noDataAfter", $"'{NoDataAfter}' is not a duration: expected for example 30m or 2h.");
        }
        if (RenotifyAfter is not null and not "never" && DurationText.TryParse(RenotifyAfter) is null)
        {
            problems.Add("renotifyAfter", $"'{RenotifyAfter}' is not a duration: expected for example 4h, or never.");
        }
        for (var i = 0; i < (Channels?.Count ?? 0); i++)
        {
            if (!NotificationChannel.Known.Contains(Channels![i]))
            {
                problems.At("channels").At(i).Add($"'{Channels[i]}' is not a channel: expected one of {string.Join(", ", NotificationChannel.Known)}.");
            }
        }
        for (var i = 0; i < (BurnRates?.Count ?? 0); i++)
        {
            var b = BurnRates![i];
            var p = problems.At("burnRates").At(i);
            if (b.BudgetPercent is null == b.Factor is null)
            {
                p.Add("budgetPercent", "give budgetPercent (the share of the period's budget that burns in longWindow) or factor (the burn rate), one of the two.");
            }
            if (b.BudgetPercent is <= 0 or > 100)
            {
                p.Add("budgetPercent", $"must be above 0 and at most 100, not {b.BudgetPercent}: the share of the period's budget that burns in longWindow.");
            }
            if (b.Factor is <= 0)
            {
                p.Add("factor", $"must be above 0, not {b.Factor}: the burn rate to alert above.");
            }
            var shortWindow = b.ShortWindow is null ? null : DurationText.TryParse(b.ShortWindow);
            var longWindow = DurationText.TryParse(b.LongWindow);
            if (b.ShortWindow is not null && shortWindow is null)
            {
                p.Add("shortWindow", $"'{b.ShortWindow}' is not a duration: expected for example 5m.");
            }
            if (longWindow is null)
            {
                p.Add("longWindow", $"'{b.LongWindow}' is not a duration: expected for example 1h.");
            }
            if (shortWindow is { } s && longWindow is { } l && s >= l)
            {
                p.Add("shortWindow", $"must be shorter than longWindow ({b.LongWindow}).");
            }
        }
    }
}
