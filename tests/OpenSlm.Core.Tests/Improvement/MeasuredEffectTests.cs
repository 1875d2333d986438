using FsCheck.Xunit;
using NodaTime;
using OpenSlm.Core.Improvement;

namespace OpenSlm.Core.Tests.Improvement;

public sealed class MeasuredEffectTests
{
    private static readonly LocalDate Start = new(2026, 3, 1);

    /// <summary>Days of 10,000 events with the bad counts given, one a day from <paramref name="offset"/>.</summary>
    private static List<DayEvents> Days(int offset, IEnumerable<int> bad) =>
        [.. bad.Select((b, i) => new DayEvents(Start.PlusDays(offset + i), 10_000, b))];

    [Fact]
    public void Data_that_improves_by_a_known_amount_reports_that_amount_as_significant()
    {
        // Thirty days at about 0.4 % bad, then thirty at about 0.1 %: 0.3 points fewer, exactly, on the pooled ratio.
        var before = Days(0, Enumerable.Range(0, 30).Select(i => 40 + (i % 5) - 2));
        var after = Days(30, Enumerable.Range(0, 30).Select(i => 10 + (i % 5) - 2));
        var effect = MeasuredEffect.Compare(before, after);
        Assert.Equal(0.4m, effect.BadBefore);
        Assert.Equal(0.1m, effect.BadAfter);
        Assert.Equal(-0.3m, effect.Change);
        Assert.Equal(EffectVerdict.Improved, effect.Verdict);
        Assert.True(effect.PValue < 1e-6, $"p = {effect.PValue}");
        Assert.Equal(-0.3, effect.Shift!.Value, 6);
        var (low, high) = effect.Interval!.Value;
        Assert.True(low < -0.3 && -0.3 < high && high < 0, $"[{low}, {high}]");
    }

    [Fact]
    public void The_same_days_again_show_no_significant_change()
    {
        var days = Enumerable.Range(0, 21).Select(i => (i * 7) % 13).ToList();
        var effect = MeasuredEffect.Compare(Days(0, days), Days(21, days));
        Assert.Equal(EffectVerdict.NoSignificantChange, effect.Verdict);
        Assert.Equal(0m, effect.Change);
        Assert.Equal(1, effect.PValue!.Value, 9);
    }

    [Fact]
    public void Fewer_than_a_week_of_days_with_events_on_a_side_is_not_enough_data_yet()
    {
        var before = Days(0, Enumerable.Repeat(40, 28));
        var after = Days(28, Enumerable.Repeat(0, 6)).Append(new DayEvents(Start.PlusDays(40), 0, 0));   // a day without events does not count
        var effect = MeasuredEffect.Compare(before, after);
        Assert.Equal(EffectVerdict.NotEnoughData, effect.Verdict);
        Assert.Equal(6, effect.DaysAfter);
        Assert.Equal(0m, effect.BadAfter);
        Assert.Null(effect.PValue);
    }

    [Fact]
    public void The_rank_test_agrees_with_its_textbook_value()
    {
        // Seven days each, every after day worse than every before day: U = 0; with continuity correction
        // z = (24.5 − 0.5) / √(7·7·15/12) = 3.0667, p = 0.002165 (as scipy's mannwhitneyu, asymptotic, gives).
        var p = MeasuredEffect.RankTest([1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13, 14]);
        Assert.InRange(p, 0.0021645, 0.0021655);
        // Ties are corrected for: two groups of tied values.
        var tied = MeasuredEffect.RankTest([1, 1, 2, 2, 3, 3, 4], [3, 4, 4, 5, 5, 6, 6]);
        Assert.InRange(tied, 0.005, 0.02);
    }

    [Property(MaxTest = 200)]
    public bool Swapping_before_and_after_flips_the_change_and_keeps_the_p_value(byte[] rawBefore, byte[] rawAfter)
    {
        var (b, a) = (Days(0, rawBefore.Take(40).Select(x => (int)x)), Days(100, rawAfter.Take(40).Select(x => (int)x)));
        var (forward, backward) = (MeasuredEffect.Compare(b, a), MeasuredEffect.Compare(a, b));
        var flipped = forward.Verdict switch
        {
            EffectVerdict.Improved => EffectVerdict.Worsened,
            EffectVerdict.Worsened => EffectVerdict.Improved,
            var v => v,
        };
        return forward.Change == -backward.Change && backward.Verdict == flipped
            && (forward.PValue is null ? backward.PValue is null : Math.Abs(forward.PValue.Value - backward.PValue!.Value) < 1e-12);
    }

    [Property(MaxTest = 200)]
    public bool A_clear_fall_in_bad_events_is_always_found(byte[] raw, byte drop)
    {
        // Every after day is lower than every before day: before 300–555 bad in 10,000, after at most 298.
        var before = raw.Take(30).Select(x => 300 + x).ToList();
        if (before.Count < MeasuredEffect.MinimumDays)
        {
            return true;
        }
        var after = before.Select(x => Math.Max(0, x - 257 - (drop % 50))).ToList();
        var effect = MeasuredEffect.Compare(Days(0, before), Days(before.Count, after));
        return effect.Verdict == EffectVerdict.Improved && effect.Change < 0;
    }
}
