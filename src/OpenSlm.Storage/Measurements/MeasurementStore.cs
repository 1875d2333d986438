using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using OpenSlm.Core;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Indicators;
using OpenSlm.Core.Tickets;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Measurements;
using OpenSlm.Interop.Yaml;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Tickets;

namespace OpenSlm.Storage.Measurements;

/// <summary>What an ingest did: how many measurements were stored, or every reason the batch was refused.</summary>
public sealed record IngestResult(int Stored, IReadOnlyList<DocumentError> Errors)
{
    /// <summary>Whether the batch was stored.</summary>
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Raw measurements. Writes are idempotent: a measurement for an indicator and instant that is already
/// stored is replaced, never added twice. A batch is stored whole or not at all.
/// </summary>
public sealed class MeasurementStore(DatabaseTarget database)
{
    private readonly SeriesCache _cache = new(database);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, (long Revision, IndicatorSpec Spec)> _indicators = new();

    /// <summary>
    /// Checks every row against the catalogue (the indicator exists and is not retired; counts for Ratio
    /// and Availability indicators, values for Threshold ones) and stores the batch in one transaction.
    /// </summary>
    public async Task<IngestResult> IngestAsync(IReadOnlyList<MeasurementRow> rows, string source, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var indicators = await IndicatorsAsync(db, ct).ConfigureAwait(false);

        var errors = new List<DocumentError>();
        var unique = new Dictionary<(string, long), MeasurementRow>();
        foreach (var row in rows)
        {
            var at = new SourceLocation(source, row.Line, 0);
            if (!indicators.TryGetValue(row.Indicator, out var spec))
            {
                errors.Add(UnknownIndicator(at, row.Indicator));
                continue;
            }
            if (spec.MeasurementProblem(row.Indicator, row.Value is not null) is { } problem)
            {
                errors.Add(new DocumentError(at, problem.Field, problem.Message));
                continue;
            }
            unique[(row.Indicator, row.At.ToUnixTimeTicks())] = row;
        }
        if (errors.Count > 0)
        {
            return new IngestResult(0, errors);
        }

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var series = await SeriesIdsAsync(connection, transaction, unique.Keys.Select(k => k.Item1).Distinct().ToList(), ct).ConfigureAwait(false);
        try
        {
            if (database.Provider == DatabaseProvider.PostgreSql)
            {
                await UpsertPostgresAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, series, unique.Values, ct).ConfigureAwait(false);
            }
            else
            {
                // The statements run inside the transaction already open on this connection.
                UpsertSqlite(connection, series, unique.Values, ct);
            }
        }
        catch (Exception ex) when (ex is OverflowException or PostgresException { SqlState: PostgresErrorCodes.NumericValueOutOfRange })
        {
            // A sum past 64 bits (only a batch far beyond Limits.MaxDayTotal gets here): refused whole, as any bad batch.
            await transaction.RollbackAsync(ct).ConfigureAwait(false);
            return new IngestResult(0, [new DocumentError(new SourceLocation(source, 0, 0), "total",
                $"the batch's counts add up past what one indicator may count in a day ({Limits.MaxDayTotal:N0}); nothing was stored.")]);
        }
        if (await DayOverLimitAsync(connection, transaction, series, ct).ConfigureAwait(false) is { } over)
        {
            await transaction.RollbackAsync(ct).ConfigureAwait(false);
            return new IngestResult(0, [new DocumentError(new SourceLocation(source, 0, 0), "total", over)]);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return new IngestResult(unique.Count, []);
    }

    /// <summary>
    /// The counts of each named ratio or availability indicator, as series the engine evaluates. Measured ones are
    /// read from the hour and day rollups (kept in memory, reloaded when the series changes) and the raw
    /// measurements at window edges: any window costs the same whatever its length, and gives exactly the raw
    /// rows' counts. Availability measured from outages is read from its outages (<see cref="OutageSeries"/>).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, CountSeries>> CountsAsync(IEnumerable<string> indicators, CancellationToken ct = default) =>
        (await CountsAndSpecsAsync(indicators, ct).ConfigureAwait(false)).Counts;

    /// <summary>As <see cref="CountsAsync"/>, with the specs of every indicator (read in the same query the counts need).</summary>
    public async Task<(IReadOnlyDictionary<string, CountSeries> Counts, IReadOnlyDictionary<string, IndicatorSpec> Specs)> CountsAndSpecsAsync(
        IEnumerable<string> indicators, CancellationToken ct = default)
    {
        var names = indicators.Distinct(StringComparer.Ordinal).ToList();
        await using var db = database.CreateContext();
        var specs = await IndicatorsAsync(db, ct).ConfigureAwait(false);
        var fromOutages = names.Where(n => specs.TryGetValue(n, out var spec) && spec.Outages is not null).ToList();
        var fromClocks = names.Where(n => specs.TryGetValue(n, out var spec) && spec.Clocks is not null).ToList();
        var result = new Dictionary<string, CountSeries>(StringComparer.Ordinal);
        await _cache.GetAsync(db, names.Except(fromOutages).Except(fromClocks), result, ct).ConfigureAwait(false);
        foreach (var name in fromClocks)
        {
            var clocks = specs[name].Clocks!;
            result[name] = ClockOutcomes.Series(await TicketStore.OutcomesAsync(db, clocks.Policy, clocks.Priorities, ct).ConfigureAwait(false));
        }
        foreach (var name in fromOutages)
        {
            var outages = await OutagesAsync(name, ct).ConfigureAwait(false);
            result[name] = new OutageSeries(specs[name].Outages!.ObservedFrom, outages.Select(o => (o.Start, o.End)));
        }
        return (result, specs);
    }

    /// <summary>
    /// Records outages of availability indicators measured from outages. An outage is keyed by its indicator and
    /// start: re-sending it (to give its end, or correct it) replaces it. A batch with any bad row is refused whole.
    /// </summary>
    public async Task<IngestResult> RecordOutagesAsync(IReadOnlyList<OutageRow> rows, string source, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var indicators = await IndicatorsAsync(db, ct).ConfigureAwait(false);
        var errors = new List<DocumentError>();
        foreach (var row in rows)
        {
            var at = new SourceLocation(source, row.Line, 0);
            if (!indicators.TryGetValue(row.Indicator, out var spec))
            {
                errors.Add(UnknownIndicator(at, row.Indicator));
            }
            else if (spec.Outages is null)
            {
                errors.Add(new DocumentError(at, "indicator",
                    $"'{row.Indicator}' is not measured from outages: give it type: Availability and outages: {{observedFrom: …}}, or send measurements."));
            }
        }
        if (errors.Count > 0)
        {
            return new IngestResult(0, errors);
        }
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var series = await SeriesIdsAsync(connection, transaction, [.. rows.Select(r => r.Indicator).Distinct()], ct).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = "INSERT INTO outages (series_id, start_at, end_at, reference) VALUES (@series, @start, @end, @reference) " +
                "ON CONFLICT (series_id, start_at) DO UPDATE SET end_at = excluded.end_at, reference = excluded.reference";
            Add(upsert, "@series", series[row.Indicator]);
            Add(upsert, "@start", row.Start.ToUnixTimeTicks());
            Add(upsert, "@end", row.End?.ToUnixTimeTicks());
            Add(upsert, "@reference", row.Reference);
            await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return new IngestResult(rows.Count, []);
    }

    /// <summary>An indicator's recorded outages, oldest first.</summary>
    public async Task<IReadOnlyList<(Instant Start, Instant? End, string? Reference)>> OutagesAsync(string indicator, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var id = await SeriesIdAsync(db, indicator, ct).ConfigureAwait(false);
        var (min, end) = Maintenance.StoreCheck.Range;
        var rows = await db.Outages.AsNoTracking()
            .Where(o => o.SeriesId == id && o.Start >= min && o.Start < end && (o.End == null || (o.End >= min && o.End < end)))
            .OrderBy(o => o.Start).ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.Select(o => (Instant.FromUnixTimeTicks(o.Start), o.End is { } e ? Instant.FromUnixTimeTicks(e) : (Instant?)null, o.Reference))];
    }

    /// <summary>
    /// Every indicator in force (not retired), by name. Only the names and revisions are read each time; a record's
    /// spec is read and parsed once per revision (evaluation calls this on every request).
    /// </summary>
    private async Task<Dictionary<string, IndicatorSpec>> IndicatorsAsync(SlmDbContext db, CancellationToken ct)
    {
        var heads = await db.Resources.AsNoTracking()
            .Where(r => r.Kind == nameof(ResourceKind.Indicator) && r.RetiredAt == null)
            .Select(r => new { r.Id, r.Name, r.Revision })
            .ToListAsync(ct).ConfigureAwait(false);
        var stale = heads.Where(h => !_indicators.TryGetValue(h.Id, out var known) || known.Revision != h.Revision).Select(h => h.Id).ToList();
        if (stale.Count > 0)
        {
            foreach (var row in await db.Resources.AsNoTracking().Where(r => stale.Contains(r.Id)).ToListAsync(ct).ConfigureAwait(false))
            {
                _indicators[row.Id] = (row.Revision, (IndicatorSpec)RecordMapper.ToDocument(row).Spec);
            }
        }
        return heads.ToDictionary(h => h.Name, h => _indicators[h.Id].Spec, StringComparer.Ordinal);
    }

    /// <summary>The raw counts of an indicator's measurements in (from, to], read row by row (see <see cref="CountsAsync"/> for evaluation).</summary>
    public async Task<RatioSeries> RatioSeriesAsync(string indicator, Instant from, Instant to, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var id = await SeriesIdAsync(db, indicator, ct).ConfigureAwait(false);
        var (a, b) = (from.ToUnixTimeTicks(), to.ToUnixTimeTicks());
        var rows = await db.Measurements.AsNoTracking()
            .Where(m => m.SeriesId == id && m.At > a && m.At <= b && m.Total != null)
            .OrderBy(m => m.At)
            .Select(m => new { m.At, m.Good, m.Total })
            .ToListAsync(ct).ConfigureAwait(false);
        return RatioSeries.From(rows.Select(r => new RatioMeasurement(Instant.FromUnixTimeTicks(r.At), r.Good!.Value, r.Total!.Value)));
    }

    /// <summary>The values of a threshold indicator's measurements in (from, to], oldest first.</summary>
    public async Task<IReadOnlyList<(Instant At, decimal Value)>> ValuesAsync(string indicator, Instant from, Instant to, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var id = await SeriesIdAsync(db, indicator, ct).ConfigureAwait(false);
        var (a, b) = (from.ToUnixTimeTicks(), to.ToUnixTimeTicks());
        var rows = await db.Measurements.AsNoTracking()
            .Where(m => m.SeriesId == id && m.At > a && m.At <= b && m.Value != null)
            .Select(m => new { m.At, m.Value })
            .ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.At).Select(r => (Instant.FromUnixTimeTicks(r.At), r.Value!.Value))];
    }

    /// <summary>The instant of an indicator's latest measurement, or null when it has none.</summary>
    public async Task<Instant?> LatestAsync(string indicator, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var id = await SeriesIdAsync(db, indicator, ct).ConfigureAwait(false);
        var (min, end) = Maintenance.StoreCheck.Range;
        var latest = await db.Measurements.Where(m => m.SeriesId == id && m.At >= min && m.At < end)
            .MaxAsync(m => (long?)m.At, ct).ConfigureAwait(false);
        return latest is { } ticks ? Instant.FromUnixTimeTicks(ticks) : null;
    }

    /// <summary>How many measurements are stored for an indicator.</summary>
    public async Task<long> CountAsync(string indicator, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var id = await SeriesIdAsync(db, indicator, ct).ConfigureAwait(false);
        return await db.Measurements.LongCountAsync(m => m.SeriesId == id, ct).ConfigureAwait(false);
    }

    /// <summary>The series id of an indicator (-1 when it has no measurements), so reads seek the (series, at) key.</summary>
    private static async Task<int> SeriesIdAsync(SlmDbContext db, string indicator, CancellationToken ct) =>
        await db.Series.Where(s => s.Indicator == indicator).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct).ConfigureAwait(false) ?? -1;

    /// <summary>
    /// The series ids of <paramref name="names"/>, creating missing series, and raises each one's revision. The
    /// update locks the series rows (in name order, so two batches never wait on each other in a cycle) until the
    /// transaction ends: batches writing the same series are applied one after the other, which keeps the rollup
    /// arithmetic below exact on PostgreSQL too.
    /// </summary>
    private static async Task<Dictionary<string, int>> SeriesIdsAsync(DbConnection connection, DbTransaction transaction, List<string> names, CancellationToken ct)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO series (indicator) VALUES (@name) ON CONFLICT (indicator) DO NOTHING";
            Add(insert, "@name", name);
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await using var bump = connection.CreateCommand();
            bump.Transaction = transaction;
            bump.CommandText = "UPDATE series SET revision = revision + 1 WHERE indicator = @name RETURNING id";
            Add(bump, "@name", name);
            ids[name] = Convert.ToInt32(await bump.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
        return ids;
    }

    private static void UpsertSqlite(DbConnection connection, Dictionary<string, int> series, IEnumerable<MeasurementRow> rows, CancellationToken ct)
    {
        // Prepared statements bound by index through SQLitePCLRaw (what Microsoft.Data.Sqlite is built on):
        // per-name parameter binding costs more than the insert itself. Runs inside the open transaction.
        // A new instant is inserted; an instant already stored is read, then replaced, and the rollups move by
        // the difference.
        var db = ((Microsoft.Data.Sqlite.SqliteConnection)connection).Handle!;
        // A batch inserts at one point per series in the measurements tree: keep those pages in SQLite's own cache
        // (64 MiB for this connection) rather than SQLite's 2 MiB default, which a thousand series overflow.
        Check(db, SQLitePCL.raw.sqlite3_exec(db, "PRAGMA cache_size = -65536"));
        var rollups = new RollupDeltas();
        using var insert = Prepare(db, "INSERT INTO measurements (series_id, at, good, total, value) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (series_id, at) DO NOTHING");
        using var select = Prepare(db, "SELECT good, total FROM measurements WHERE series_id = ?1 AND at = ?2");
        using var update = Prepare(db, "UPDATE measurements SET good = ?3, total = ?4, value = ?5 WHERE series_id = ?1 AND at = ?2");
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            var id = series[row.Indicator];
            var at = row.At.ToUnixTimeTicks();
            BindRow(insert, id, at, row);
            Step(db, insert);
            if (SQLitePCL.raw.sqlite3_changes(db) == 1)
            {
                rollups.Add(id, at, row.Good ?? 0, row.Total ?? 0);
                continue;
            }
            SQLitePCL.raw.sqlite3_bind_int64(select, 1, id);
            SQLitePCL.raw.sqlite3_bind_int64(select, 2, at);
            long oldGood = 0, oldTotal = 0;
            if (SQLitePCL.raw.sqlite3_step(select) == SQLitePCL.raw.SQLITE_ROW)
            {
                oldGood = SQLitePCL.raw.sqlite3_column_int64(select, 0);
                oldTotal = SQLitePCL.raw.sqlite3_column_int64(select, 1);
            }
            SQLitePCL.raw.sqlite3_reset(select);
            BindRow(update, id, at, row);
            Step(db, update);
            rollups.Add(id, at, (row.Good ?? 0) - oldGood, (row.Total ?? 0) - oldTotal);
        }
        using var rollup = Prepare(db, "INSERT INTO rollups (series_id, width, end_at, good, total, revision) VALUES (?1, ?2, ?3, ?4, ?5, (SELECT revision FROM series WHERE id = ?1))" + RollupTail);
        foreach (var (key, delta) in rollups.Buckets())
        {
            SQLitePCL.raw.sqlite3_bind_int64(rollup, 1, key.Series);
            SQLitePCL.raw.sqlite3_bind_int64(rollup, 2, key.Width);
            SQLitePCL.raw.sqlite3_bind_int64(rollup, 3, key.End);
            SQLitePCL.raw.sqlite3_bind_int64(rollup, 4, delta.Good);
            SQLitePCL.raw.sqlite3_bind_int64(rollup, 5, delta.Total);
            Step(db, rollup);
        }
    }

    /// <summary>A bucket moves by the delta, and takes the series' revision of this write (see <see cref="SeriesCache"/>).</summary>
    private const string RollupTail =
        " ON CONFLICT (series_id, width, end_at) DO UPDATE SET good = rollups.good + excluded.good, total = rollups.total + excluded.total, revision = excluded.revision";

    private static SQLitePCL.sqlite3_stmt Prepare(SQLitePCL.sqlite3 db, string sql)
    {
        Check(db, SQLitePCL.raw.sqlite3_prepare_v2(db, sql, out var statement));
        return statement;
    }

    private static void BindRow(SQLitePCL.sqlite3_stmt statement, int series, long at, MeasurementRow row)
    {
        SQLitePCL.raw.sqlite3_bind_int64(statement, 1, series);
        SQLitePCL.raw.sqlite3_bind_int64(statement, 2, at);
        Bind(statement, 3, row.Good);
        Bind(statement, 4, row.Total);
        if (row.Value is { } value)
        {
            // SQLite keeps decimals as text, exactly as given.
            SQLitePCL.raw.sqlite3_bind_text(statement, 5, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            SQLitePCL.raw.sqlite3_bind_null(statement, 5);
        }
    }

    private static void Step(SQLitePCL.sqlite3 db, SQLitePCL.sqlite3_stmt statement)
    {
        var code = SQLitePCL.raw.sqlite3_step(statement);
        SQLitePCL.raw.sqlite3_reset(statement);
        if (code != SQLitePCL.raw.SQLITE_DONE)
        {
            throw new InvalidOperationException($"SQLite refused a measurement: {SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string()}");
        }
    }

    private static void Bind(SQLitePCL.sqlite3_stmt statement, int index, long? value)
    {
        if (value is { } v)
        {
            SQLitePCL.raw.sqlite3_bind_int64(statement, index, v);
        }
        else
        {
            SQLitePCL.raw.sqlite3_bind_null(statement, index);
        }
    }

    private static void Check(SQLitePCL.sqlite3 db, int code)
    {
        if (code != SQLitePCL.raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"SQLite: {SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string()}");
        }
    }

    private static async Task UpsertPostgresAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Dictionary<string, int> series, IEnumerable<MeasurementRow> rows, CancellationToken ct)
    {
        // Binary COPY into a temporary table, then set-based statements from it: the fastest bulk path PostgreSQL has.
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE incoming (series_id integer, at bigint, good bigint, total bigint, value numeric) ON COMMIT DROP", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using (var import = await connection.BeginBinaryImportAsync("COPY incoming (series_id, at, good, total, value) FROM STDIN (FORMAT BINARY)", ct).ConfigureAwait(false))
        {
            foreach (var row in rows)
            {
                await import.StartRowAsync(ct).ConfigureAwait(false);
                await import.WriteAsync(series[row.Indicator], NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                await import.WriteAsync(row.At.ToUnixTimeTicks(), NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await import.WriteAsync(row.Good, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await import.WriteAsync(row.Total, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await import.WriteAsync(row.Value, NpgsqlDbType.Numeric, ct).ConfigureAwait(false);
            }
            await import.CompleteAsync(ct).ConfigureAwait(false);
        }
        // The rollups move by each row's difference from what is stored (nothing, for a new instant); this reads the
        // stored rows, so it runs before they are replaced. The series rows are locked (see SeriesIdsAsync).
        await using (var rollups = new NpgsqlCommand(
            "INSERT INTO rollups (series_id, width, end_at, good, total, revision) " +
            "SELECT i.series_id, w.width, (CASE WHEN i.at > 0 THEN (i.at + w.width - 1) / w.width ELSE i.at / w.width END) * w.width, " +
            "SUM(i.good - COALESCE(m.good, 0)), SUM(i.total - COALESCE(m.total, 0)), MAX(s.revision) " +
            "FROM incoming i JOIN series s ON s.id = i.series_id LEFT JOIN measurements m ON m.series_id = i.series_id AND m.at = i.at " +
            $"CROSS JOIN (VALUES ({Rollup.HourTicks}::bigint), ({Rollup.DayTicks}::bigint)) AS w (width) " +
            "WHERE i.total IS NOT NULL GROUP BY 1, 2, 3" + RollupTail,
            connection, transaction))
        {
            await rollups.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using var upsert = new NpgsqlCommand(
            "INSERT INTO measurements (series_id, at, good, total, value) SELECT series_id, at, good, total, value FROM incoming" +
            " ON CONFLICT (series_id, at) DO UPDATE SET good = excluded.good, total = excluded.total, value = excluded.value",
            connection, transaction);
        await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The checked sum behind <see cref="Limits.MaxDayTotal"/>: after a batch's rows are in (inside its transaction), the
    /// day rollups of the series it touched must each stay within the limit (on SQLite, an integer that overflowed
    /// would have turned into a real). Null when they do; else what to tell the sender, and the batch is rolled back.
    /// </summary>
    private static async Task<string?> DayOverLimitAsync(DbConnection connection, DbTransaction transaction, Dictionary<string, int> series, CancellationToken ct)
    {
        if (series.Count == 0)
        {
            return null;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var ids = string.Join(", ", series.Values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        var notInteger = connection is NpgsqlConnection ? string.Empty : " OR typeof(total) <> 'integer' OR typeof(good) <> 'integer'";
        command.CommandText = $"SELECT series_id, end_at FROM rollups WHERE width = {Rollup.DayTicks} AND series_id IN ({ids}) " +
            $"AND (total > {Limits.MaxDayTotal} OR total < 0 OR good < 0 OR good > total{notInteger}) LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }
        var id = reader.GetInt32(0);
        var day = Instant.FromUnixTimeTicks(reader.GetInt64(1)).Minus(Duration.FromDays(1)).InUtc().Date;
        var name = series.First(kv => kv.Value == id).Key;
        return $"with this batch, '{name}' would count more than {Limits.MaxDayTotal:N0} events on {day:yyyy-MM-dd} (UTC), the most one indicator may count in a day; nothing was stored.";
    }

    private static DocumentError UnknownIndicator(SourceLocation at, string name) =>
        new(at, "indicator", $"no indicator named '{name}' exists (or it is retired): create it first.");

    /// <summary>Adds a named parameter (null as SQL NULL).</summary>
    internal static DbParameter Add(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
        return p;
    }
}
