using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Storage.Measurements;

/// <summary>
/// The hour and day rollups of every series read so far, in memory, with the raw measurements of the few hours
/// at window edges. Each read first compares the series' revisions with the database (one query), so a write by
/// any process, this one or another on the same PostgreSQL, is seen by the next read.
/// </summary>
/// <remarks>
/// Memory: 24 bytes per non-empty hour and day bucket (30 days of one series: about 18 KB), plus at most
/// <see cref="MaxRawHours"/> raw hours per series (24 bytes a raw measurement: five weeks of one a minute, about 1.2 MB),
/// read a week at a time. A series written to since it was read is brought up to date
/// with the rollup rows written after the revision held (each rollup row carries the series revision of its last
/// write): one query for all such series, whatever their number, and the raw hours those rows touch are dropped.
/// Rows are applied as stored (not as differences), so reading a row twice changes nothing.
/// </remarks>
internal sealed class SeriesCache(DatabaseTarget database)
{
    /// <summary>How many raw hours one series keeps in memory before they are dropped and read again when needed: five
    /// weeks' (a month's report of a sliced budget, or a quarter's chart, reads every hour of it).</summary>
    public const int MaxRawHours = 24 * 35;

    private readonly ConcurrentDictionary<int, Entry> _entries = new();

    /// <summary>The counts of each named indicator (empty for an indicator with no measurement), added to <paramref name="result"/>.</summary>
    public async Task GetAsync(SlmDbContext db, IEnumerable<string> indicators, Dictionary<string, CountSeries> result, CancellationToken ct)
    {
        var current = await db.Series.AsNoTracking()
            .Select(s => new { s.Id, s.Indicator, s.Revision })
            .ToDictionaryAsync(s => s.Indicator, StringComparer.Ordinal, ct).ConfigureAwait(false);
        var stale = new List<(string Name, int Id, long Revision, Entry Held)>();
        foreach (var name in indicators)
        {
            if (result.ContainsKey(name))
            {
                continue;
            }
            if (!current.TryGetValue(name, out var series))
            {
                result[name] = RatioSeries.Empty;
                continue;
            }
            if (!_entries.TryGetValue(series.Id, out var entry))
            {
                entry = await LoadAsync(db, series.Id, series.Revision, ct).ConfigureAwait(false);
                _entries[series.Id] = entry;
            }
            else if (entry.Revision != series.Revision)
            {
                stale.Add((name, series.Id, series.Revision, entry));
                continue;
            }
            result[name] = entry.Series;
        }
        if (stale.Count == 0)
        {
            return;
        }
        var changed = await ChangedRowsAsync(db, stale.Select(s => (s.Id, s.Held.Revision)).ToList(), ct).ConfigureAwait(false);
        foreach (var (name, id, revision, held) in stale)
        {
            var entry = held.With(changed.GetValueOrDefault(id) ?? [], revision);
            _entries[id] = entry;
            result[name] = entry.Series;
        }
    }

    /// <summary>The rollup rows of each series written after the revision held for it, in one query.</summary>
    private async Task<Dictionary<int, List<(long Width, long End, long Good, long Total)>>> ChangedRowsAsync(
        SlmDbContext db, List<(int Id, long Revision)> held, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
        }
        await using var command = connection.CreateCommand();
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            command.CommandText = "SELECT r.series_id, r.width, r.end_at, r.good, r.total FROM rollups r " +
                "JOIN unnest(@ids, @revisions) AS h (id, revision) ON r.series_id = h.id AND r.revision > h.revision WHERE " + Maintenance.StoreCheck.SaneRollup;
            MeasurementStore.Add(command, "@ids", held.Select(h => h.Id).ToArray());
            MeasurementStore.Add(command, "@revisions", held.Select(h => h.Revision).ToArray());
        }
        else
        {
            command.CommandText = "SELECT r.series_id, r.width, r.end_at, r.good, r.total FROM json_each(@held) h " +
                "JOIN rollups r ON r.series_id = json_extract(h.value, '$[0]') AND r.revision > json_extract(h.value, '$[1]') WHERE " + Maintenance.StoreCheck.SaneRollup;
            MeasurementStore.Add(command, "@held", "[" + string.Join(",", held.Select(h => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{h.Id},{h.Revision}]"))) + "]");
        }
        var rows = new Dictionary<int, List<(long, long, long, long)>>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var id = reader.GetInt32(0);
            if (!rows.TryGetValue(id, out var list))
            {
                rows[id] = list = [];
            }
            list.Add((reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }
        return rows;
    }

    private async Task<Entry> LoadAsync(SlmDbContext db, int id, long revision, CancellationToken ct)
    {
        // Sums that overflowed before today's limits (slm serve reports them at start; slm repair rebuilds them) are left out.
        var (min, end) = Maintenance.StoreCheck.Range;
        var rows = await db.Rollups.AsNoTracking()
            .Where(r => r.SeriesId == id && r.Total >= 0 && r.Good >= 0 && r.Good <= r.Total && r.Total <= Core.Limits.MaxDayTotal
                && r.End > min && r.End <= end + Rollup.DayTicks)
            .OrderBy(r => r.Width).ThenBy(r => r.End)
            .Select(r => new { r.Width, r.End, r.Good, r.Total })
            .ToListAsync(ct).ConfigureAwait(false);
        RatioSeries Level(long width)
        {
            var level = rows.Where(r => r.Width == width && r.Total != 0).ToList();
            return RatioSeries.FromOrdered([.. level.Select(r => r.End)], [.. level.Select(r => r.Good)], [.. level.Select(r => r.Total)]);
        }
        return new Entry(this, id, revision, Level(Rollup.DayTicks), Level(Rollup.HourTicks));
    }

    /// <summary>How many raw hours one read brings in: a week's.</summary>
    private const int HoursRead = 24 * 7;

    /// <summary>The span one read of raw hours covers.</summary>
    private const long BlockTicks = HoursRead * Rollup.HourTicks;

    /// <summary>The raw counted measurements of one series in (<paramref name="from"/>, <paramref name="to"/>], hour bucket
    /// by hour bucket: every hour bucket ending in that span, empty ones included (so they are not read again).</summary>
    private List<(long End, RatioSeries Raw)> ReadRawHours(int id, long from, long to)
    {
        using var db = database.CreateContext();
        var connection = db.Database.GetDbConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT at, good, total FROM measurements WHERE series_id = @id AND at > @from AND at <= @to AND total IS NOT NULL AND " + Maintenance.StoreCheck.SaneCounts + " ORDER BY at";
        MeasurementStore.Add(command, "@id", id);
        MeasurementStore.Add(command, "@from", from);
        MeasurementStore.Add(command, "@to", to);
        var hours = new List<(long End, RatioSeries Raw)>((int)((to - from) / Rollup.HourTicks));
        List<long> at = [], good = [], total = [];
        var hourEnd = from + Rollup.HourTicks;
        void Close()
        {
            hours.Add((hourEnd, RatioSeries.FromOrdered([.. at], [.. good], [.. total])));
            (at, good, total) = ([], [], []);
            hourEnd += Rollup.HourTicks;
        }
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var t = reader.GetInt64(0);
                while (t > hourEnd)
                {
                    Close();
                }
                at.Add(t);
                good.Add(reader.GetInt64(1));
                total.Add(reader.GetInt64(2));
            }
        }
        while (hourEnd <= to)
        {
            Close();
        }
        return hours;
    }

    /// <summary>One series as of one revision.</summary>
    private sealed class Entry
    {
        private readonly SeriesCache _cache;
        private readonly int _id;
        private readonly RatioSeries _days;
        private readonly RatioSeries _hours;
        private readonly ConcurrentDictionary<long, RatioSeries> _rawHours;
        private readonly ConcurrentDictionary<long, bool> _blocks;

        public Entry(SeriesCache cache, int id, long revision, RatioSeries days, RatioSeries hours,
            ConcurrentDictionary<long, RatioSeries>? rawHours = null, ConcurrentDictionary<long, bool>? blocks = null)
        {
            (_cache, _id, _days, _hours) = (cache, id, days, hours);
            _rawHours = rawHours ?? new ConcurrentDictionary<long, RatioSeries>();
            _blocks = blocks ?? new ConcurrentDictionary<long, bool>();
            Revision = revision;
            Series = new TieredSeries(days, hours, end =>
            {
                if (_rawHours.TryGetValue(end, out var raw))
                {
                    return raw;
                }
                if (_rawHours.Count + HoursRead > MaxRawHours)
                {
                    _rawHours.Clear();
                    _blocks.Clear();
                }
                // An hour of a week already read is one written to since (its rows were dropped): read it alone, as the alert
                // evaluator does each minute for the hour being written. Otherwise the week around it (seven UTC days from the
                // epoch's) in one query: a sliced budget asks for every hour of its span in turn.
                var block = Rollup.BucketEnd(end, BlockTicks);
                var alone = _blocks.ContainsKey(block);
                var (from, to) = alone ? (end - Rollup.HourTicks, end) : (block - BlockTicks, block);
                RatioSeries? asked = null;
                foreach (var (hour, series) in cache.ReadRawHours(id, from, to))
                {
                    _rawHours[hour] = series;
                    asked = hour == end ? series : asked;
                }
                _blocks[block] = true;
                return asked ?? throw new InvalidOperationException($"Hour {end} is not an hour bucket's end.");
            });
        }

        public long Revision { get; }

        public TieredSeries Series { get; }

        /// <summary>This series with the <paramref name="changed"/> rollup rows applied as they are now stored, at <paramref name="revision"/>.</summary>
        public Entry With(List<(long Width, long End, long Good, long Total)> changed, long revision)
        {
            var raw = new ConcurrentDictionary<long, RatioSeries>(_rawHours);
            foreach (var row in changed.Where(r => r.Width == Rollup.HourTicks))
            {
                raw.TryRemove(row.End, out _);   // the raw rows of a changed hour are read again when needed
            }
            return new Entry(_cache, _id, revision, Apply(_days, changed, Rollup.DayTicks), Apply(_hours, changed, Rollup.HourTicks), raw,
                new ConcurrentDictionary<long, bool>(_blocks));
        }

        private static RatioSeries Apply(RatioSeries level, List<(long Width, long End, long Good, long Total)> changed, long width)
        {
            var rows = changed.Where(r => r.Width == width).ToList();
            if (rows.Count == 0)
            {
                return level;
            }
            var buckets = new SortedDictionary<long, (long Good, long Total)>();
            foreach (var m in level.Items())
            {
                buckets[m.At.ToUnixTimeTicks()] = (m.Good, m.Total);
            }
            foreach (var r in rows)
            {
                if (r.Total == 0)
                {
                    buckets.Remove(r.End);
                }
                else
                {
                    buckets[r.End] = (r.Good, r.Total);
                }
            }
            return RatioSeries.FromOrdered([.. buckets.Keys], [.. buckets.Values.Select(v => v.Good)], [.. buckets.Values.Select(v => v.Total)]);
        }
    }
}
