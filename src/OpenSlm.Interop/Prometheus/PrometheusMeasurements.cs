using NodaTime;
using OpenSlm.Core.Indicators;
using OpenSlm.Interop.Measurements;

namespace OpenSlm.Interop.Prometheus;

/// <summary>
/// Turns range-query results into measurement rows: counters into per-step increments (summed over
/// every series a query returns, each series read with the reset rule of <see cref="CounterIncrements"/>),
/// values into value rows.
/// </summary>
public static class PrometheusMeasurements
{
    /// <summary>
    /// Ratio rows from the total query and the good (or bad) query, one per step after
    /// <paramref name="after"/> at which the total query has an increase. Increases are rounded to whole
    /// events; good is kept within [0, total] (two queries scraped a moment apart can disagree by a few events).
    /// </summary>
    public static IReadOnlyList<MeasurementRow> Ratio(string indicator, IReadOnlyList<PrometheusSeries> total, IReadOnlyList<PrometheusSeries>? good, IReadOnlyList<PrometheusSeries>? bad, Instant after)
    {
        var totals = Increments(total);
        var goods = good is null ? null : Increments(good);
        var bads = bad is null ? null : Increments(bad);
        var rows = new List<MeasurementRow>(totals.Count);
        foreach (var (at, t) in totals)
        {
            if (at <= after)
            {
                continue;
            }
            var all = (long)Math.Round(t);
            var ok = goods is not null
                ? (long)Math.Round(goods.GetValueOrDefault(at))
                : all - (long)Math.Round(bads!.GetValueOrDefault(at));
            rows.Add(new MeasurementRow(rows.Count + 1, at, indicator, Math.Clamp(ok, 0, all), all, null));
        }
        return rows;
    }

    /// <summary>Value rows (threshold indicators): one per step after <paramref name="after"/>; with several series, one row per instant from the first series that has it.</summary>
    public static IReadOnlyList<MeasurementRow> Values(string indicator, IReadOnlyList<PrometheusSeries> series, Instant after)
    {
        var values = new SortedDictionary<Instant, double>();
        foreach (var s in series)
        {
            foreach (var (at, value) in s.Samples)
            {
                if (at > after && double.IsFinite(value) && Math.Abs(value) < 1e28)
                {
                    values.TryAdd(at, value);
                }
            }
        }
        return [.. values.Select((v, i) => new MeasurementRow(i + 1, v.Key, indicator, null, null, (decimal)v.Value))];
    }

    /// <summary>Availability rows from an up/down query: each step is one observation, good when the value is above zero.</summary>
    public static IReadOnlyList<MeasurementRow> UpDown(string indicator, IReadOnlyList<PrometheusSeries> series, Instant after) =>
        [.. Values(indicator, series, after).Select(r => r with { Good = r.Value > 0 ? 1 : 0, Total = 1, Value = null })];

    private static SortedDictionary<Instant, double> Increments(IReadOnlyList<PrometheusSeries> series)
    {
        var sums = new SortedDictionary<Instant, double>();
        foreach (var s in series)
        {
            foreach (var (at, increase) in CounterIncrements.Of(s.Samples))
            {
                sums[at] = sums.GetValueOrDefault(at) + increase;
            }
        }
        return sums;
    }
}
