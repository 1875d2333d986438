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
/// <see cref="MaxRawHours"/> raw hours per series. A series written to is reloaded whole on its next read.
/// </remarks>
internal sealed class SeriesCache(DatabaseTarget database)
{
    /// <summary>How many raw hours one series keeps in memory before they are dropped and read again when needed.</summary>
    public const int MaxRawHours = 64;

    private readonly ConcurrentDictionary<int, Entry> _entries = new();

    /// <summary>The counts of each named indicator (empty for an indicator with no measurement), added to <paramref name="result"/>.</summary>
    public async Task GetAsync(SlmDbContext db, IEnumerable<string> indicators, Dictionary<string, CountSeries> result, CancellationToken ct)
    {
        var current = await db.Series.AsNoTracking()
            .Select(s => new { s.Id, s.Indicator, s.Revision })
            .ToDictionaryAsync(s => s.Indicator, StringComparer.Ordinal, ct).ConfigureAwait(false);
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
            if (!_entries.TryGetValue(series.Id, out var entry) || entry.Revision != series.Revision)
            {
                entry = await LoadAsync(db, series.Id, series.Revision, ct).ConfigureAwait(false);
                _entries[series.Id] = entry;
            }
            result[name] = entry.Series;
        }
    }

    private async Task<Entry> LoadAsync(SlmDbContext db, int id, long revision, CancellationToken ct)
    {
        var rows = await db.Rollups.AsNoTracking()
            .Where(r => r.SeriesId == id)
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

    /// <summary>The raw counted measurements of one series in the hour bucket ending at <paramref name="end"/>.</summary>
    private RatioSeries ReadRawHour(int id, long end)
    {
        using var db = database.CreateContext();
        var connection = db.Database.GetDbConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT at, good, total FROM measurements WHERE series_id = @id AND at > @from AND at <= @to AND total IS NOT NULL ORDER BY at";
        MeasurementStore.Add(command, "@id", id);
        MeasurementStore.Add(command, "@from", end - Rollup.HourTicks);
        MeasurementStore.Add(command, "@to", end);
        List<long> at = [], good = [], total = [];
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                at.Add(reader.GetInt64(0));
                good.Add(reader.GetInt64(1));
                total.Add(reader.GetInt64(2));
            }
        }
        return RatioSeries.FromOrdered([.. at], [.. good], [.. total]);
    }

    /// <summary>One series as of one revision.</summary>
    private sealed class Entry
    {
        private readonly ConcurrentDictionary<long, RatioSeries> _rawHours = new();

        public Entry(SeriesCache cache, int id, long revision, RatioSeries days, RatioSeries hours)
        {
            Revision = revision;
            Series = new TieredSeries(days, hours, end =>
            {
                if (_rawHours.TryGetValue(end, out var raw))
                {
                    return raw;
                }
                if (_rawHours.Count >= MaxRawHours)
                {
                    _rawHours.Clear();
                }
                return _rawHours[end] = cache.ReadRawHour(id, end);
            });
        }

        public long Revision { get; }

        public TieredSeries Series { get; }
    }
}
