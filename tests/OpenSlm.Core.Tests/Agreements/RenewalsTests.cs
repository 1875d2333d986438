using FsCheck.Xunit;
using NodaTime;
using OpenSlm.Core.Agreements;

namespace OpenSlm.Core.Tests.Agreements;

/// <summary>Issue 18: notices before an agreement ends and before its notice period closes; renewal as a new period.</summary>
public sealed class RenewalsTests
{
    private static readonly EffectivePeriod Year = new() { From = new LocalDate(2026, 1, 1), To = new LocalDate(2026, 12, 31), NoticeDays = 90 };

    [Fact]
    public void The_notice_period_and_the_end_are_told_each_on_its_day()
    {
        // The notice period closes on 2 October (90 days before 31 December); told from 18 September.
        Assert.Empty(Renewals.Due("sla", 1, Year, false, new LocalDate(2026, 9, 17)));
        Assert.Equal(["notice:sla:1:2026-10-02"], Renewals.Due("sla", 1, Year, false, new LocalDate(2026, 9, 18)).Select(r => r.Key));
        Assert.Empty(Renewals.Due("sla", 1, Year, false, new LocalDate(2026, 10, 3)));
        // The end: 30 days before by default, or as configured; never after it, never once renewed.
        Assert.Equal(["expiry:sla:1:2026-12-31"], Renewals.Due("sla", 1, Year, false, new LocalDate(2026, 12, 1)).Select(r => r.Key));
        Assert.Empty(Renewals.Due("sla", 1, Year, false, new LocalDate(2026, 11, 30)));
        Assert.Single(Renewals.Due("sla", 1, Year with { RemindDays = 60 }, false, new LocalDate(2026, 11, 1)));
        Assert.Empty(Renewals.Due("sla", 1, Year, false, new LocalDate(2027, 1, 1)));
        Assert.Empty(Renewals.Due("sla", 1, Year, true, new LocalDate(2026, 12, 1)));
        Assert.Empty(Renewals.Due("sla", 1, Year with { To = null }, false, new LocalDate(2026, 12, 1)));
    }

    [Fact]
    public void A_renewal_starts_the_day_after_and_runs_as_long_or_as_asked()
    {
        Assert.Equal(Year with { From = new LocalDate(2027, 1, 1), To = new LocalDate(2027, 12, 31) }, Renewals.Renewed(Year, null).Period);
        Assert.Equal(new LocalDate(2027, 6, 30), Renewals.Renewed(Year, 6).Period!.To);
        Assert.Contains("no last day", Renewals.Renewed(Year with { To = null }, null).Problem, StringComparison.Ordinal);
        Assert.StartsWith("months", Renewals.Renewed(Year, 121).Problem, StringComparison.Ordinal);
        Assert.Equal(new LocalDate(2027, 12, 31), Renewals.Renewed(new EffectivePeriod { To = new LocalDate(2026, 12, 31) }, null).Period!.To);
    }

    /// <summary>A renewal never overlaps the period it renews and never leaves a gap.</summary>
    [Property(MaxTest = 300)]
    public bool A_renewal_follows_on_without_gap_or_overlap(ushort start, ushort length, byte months, bool asked)
    {
        var from = new LocalDate(2020, 1, 1).PlusDays(start % 3000);
        var current = new EffectivePeriod { From = from, To = from.PlusDays(length % 1500) };
        var (period, _) = Renewals.Renewed(current, asked ? 1 + (months % 120) : null);
        return period is { From: { } f, To: { } t } && f == current.To!.Value.PlusDays(1) && t >= f;
    }
}
