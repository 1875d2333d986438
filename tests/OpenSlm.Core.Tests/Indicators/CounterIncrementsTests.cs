using FsCheck.Xunit;
using NodaTime;
using OpenSlm.Core.Indicators;

namespace OpenSlm.Core.Tests.Indicators;

public sealed class CounterIncrementsTests
{
    private static readonly Instant T0 = Instant.FromUtc(2025, 1, 1, 0, 0);

    private static List<(Instant, double)> Samples(params double[] values) =>
        [.. values.Select((v, i) => (T0 + Duration.FromMinutes(i), v))];

    [Fact]
    public void A_drop_is_a_reset_and_counts_the_new_value()
    {
        var increments = CounterIncrements.Of(Samples(100, 105, 105, 3, 10)).ToList();
        Assert.Equal([5d, 0d, 3d, 7d], increments.Select(i => i.Increase));
        Assert.Equal(T0 + Duration.FromMinutes(1), increments[0].At);
    }

    [Fact]
    public void A_missing_value_starts_a_new_base()
    {
        var increments = CounterIncrements.Of(Samples(1, 2, double.NaN, 10, 12)).ToList();
        Assert.Equal([1d, 2d], increments.Select(i => i.Increase));
        Assert.Equal(T0 + Duration.FromMinutes(4), increments[1].At);
    }

    [Property]
    public bool Without_resets_the_increments_add_up_to_last_minus_first(uint[] steps, uint start)
    {
        var values = new List<double> { start };
        foreach (var step in steps)
        {
            values.Add(values[^1] + step);
        }
        var sum = CounterIncrements.Of(Samples([.. values])).Sum(i => i.Increase);
        return sum == values[^1] - values[0];
    }
}
