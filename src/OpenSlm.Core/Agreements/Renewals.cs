using System.Globalization;
using NodaTime;

namespace OpenSlm.Core.Agreements;

/// <summary>
/// Expiry notices and renewal (issue 18): an agreement whose version in force has a last day (<c>effective.to</c>) is
/// told to its Accountable parties <see cref="EffectivePeriod.RemindDays"/> days before it ends (default
/// <see cref="DefaultRemindDays"/>), and, when it has a notice period, <see cref="NoticeLeadDays"/> days before that
/// period closes; neither once a renewal is Agreed or Active. A renewal is a new version of the same terms from the day
/// after the last. Pure: today is a parameter.
/// </summary>
public static class Renewals
{
    /// <summary>The days before the end that the parties are told by default.</summary>
    public const int DefaultRemindDays = 30;

    /// <summary>How long before a notice period closes the parties are told.</summary>
    public const int NoticeLeadDays = 14;

    /// <summary>The longest notice period.</summary>
    public const int MaxNoticeDays = 730;

    /// <summary>The longest lead of the expiry notice.</summary>
    public const int MaxRemindDays = 365;

    /// <summary>The longest renewal, in months.</summary>
    public const int MaxRenewalMonths = 120;

    /// <summary>
    /// The notices due on <paramref name="today"/> for version <paramref name="version"/> of an agreement in force over
    /// <paramref name="effective"/>; none when <paramref name="renewed"/> (a later version is Agreed or Active) or it has
    /// no end. Keys name the version and day, so each is sent once and a new end day tells afresh.
    /// </summary>
    public static IEnumerable<Reminder> Due(string agreement, int version, EffectivePeriod? effective, bool renewed, LocalDate today)
    {
        if (renewed || effective?.To is not { } last || today > last)
        {
            yield break;
        }
        if (effective.NoticeDays is { } notice && last.PlusDays(-notice) is var deadline && today >= deadline.PlusDays(-NoticeLeadDays) && today <= deadline)
        {
            yield return new Reminder($"notice:{agreement}:{version}:{Day(deadline)}", agreement,
                $"[OpenSLM] Notice on {agreement} is due by {Day(deadline)}",
                $"Version {version} of {agreement} ends on {Day(last)}; its notice period of {notice} days closes on {Day(deadline)} ({Period.DaysBetween(today, deadline)} days from today). Give notice to renew or to end it by then. To renew, open a renewal (POST /api/v1/agreements/{agreement}/versions/{version}/renew, or Renew on its page) and have it signed off.",
                null);
        }
        var remind = effective.RemindDays ?? DefaultRemindDays;
        if (today >= last.PlusDays(-remind))
        {
            yield return new Reminder($"expiry:{agreement}:{version}:{Day(last)}", agreement,
                $"[OpenSLM] {agreement} ends on {Day(last)}",
                $"Version {version} of {agreement} is in force until {Day(last)} ({Period.DaysBetween(today, last)} days from today) and no renewal is agreed. Renew it (a new version from {Day(last.PlusDays(1))}, signed off by its parties) or let it end: after {Day(last)} it is no longer evaluated and expires on its own.",
                null);
        }
    }

    /// <summary>
    /// The period of a renewal of <paramref name="current"/>: from the day after its last, for <paramref name="months"/>
    /// months, else as long as the current period was (12 months when it had no first day); notice and reminder days
    /// carried over. Null with the reason when it cannot be renewed (no last day, or months out of range).
    /// </summary>
    public static (EffectivePeriod? Period, string? Problem) Renewed(EffectivePeriod? current, int? months)
    {
        if (current?.To is not { } last)
        {
            return (null, "has no last day (effective.to): it does not end, so there is nothing to renew; amend it instead.");
        }
        if (months is { } m && m is < 1 or > MaxRenewalMonths)
        {
            return (null, $"months must be from 1 to {MaxRenewalMonths}, not {m}.");
        }
        var from = last.PlusDays(1);
        var to = months is { } given ? from.PlusMonths(given).PlusDays(-1)
            : current.From is { } first ? from.Plus(Period.Between(first, last.PlusDays(1))).PlusDays(-1)
            : from.PlusMonths(12).PlusDays(-1);
        return (current with { From = from, To = to }, null);
    }

    private static string Day(LocalDate day) => day.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);
}
