using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Indicators;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Measurements;
using OpenSlm.Interop.Yaml;
using OpenSlm.Storage.Catalogue;

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
    /// <summary>
    /// Checks every row against the catalogue (the indicator exists and is not retired; counts for Ratio
    /// and Availability indicators, values for Threshold ones) and stores the batch in one transaction.
    /// </summary>
    public async Task<IngestResult> IngestAsync(IReadOnlyList<MeasurementRow> rows, string source, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var indicators = (await db.Resources.AsNoTracking()
                .Where(r => r.Kind == nameof(ResourceKind.Indicator) && r.RetiredAt == null)
                .ToListAsync(ct).ConfigureAwait(false))
            .ToDictionary(r => r.Name, r => ((IndicatorSpec)RecordMapper.ToDocument(r).Spec).Type, StringComparer.Ordinal);

        var errors = new List<DocumentError>();
        var unique = new Dictionary<(string, long), MeasurementRow>();
        foreach (var row in rows)
        {
            var at = new SourceLocation(source, row.Line, 0);
            if (!indicators.TryGetValue(row.Indicator, out var type))
            {
                errors.Add(new DocumentError(at, "indicator", $"no indicator named '{row.Indicator}' exists (or it is retired): create it first."));
                continue;
            }
            if ((type == IndicatorType.Threshold) != (row.Value is not null))
            {
                errors.Add(new DocumentError(at, type == IndicatorType.Threshold ? "value" : "total",
                    type == IndicatorType.Threshold
                        ? $"'{row.Indicator}' is a Threshold indicator: give a value, not counts."
                        : $"'{row.Indicator}' is a {type} indicator: give good (or bad) and total, not a value."));
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
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            await UpsertPostgresAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, series, unique.Values, ct).ConfigureAwait(false);
        }
        else
        {
            // The statement runs inside the transaction already open on this connection.
            UpsertSqlite(connection, series, unique.Values, ct);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return new IngestResult(unique.Count, []);
    }

    /// <summary>The counts of an indicator's measurements in (from, to], as a series the engine evaluates.</summary>
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
        var latest = await db.Measurements.Where(m => m.SeriesId == id)
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

    private static async Task<Dictionary<string, int>> SeriesIdsAsync(DbConnection connection, DbTransaction transaction, List<string> names, CancellationToken ct)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO series (indicator) VALUES (@name) ON CONFLICT (indicator) DO NOTHING";
            Add(insert, "@name", name);
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await using var select = connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = "SELECT id FROM series WHERE indicator = @name";
            Add(select, "@name", name);
            ids[name] = Convert.ToInt32(await select.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
        return ids;
    }

    private const string UpsertTail =
        " ON CONFLICT (series_id, at) DO UPDATE SET good = excluded.good, total = excluded.total, value = excluded.value";

    private static void UpsertSqlite(DbConnection connection, Dictionary<string, int> series, IEnumerable<MeasurementRow> rows, CancellationToken ct)
    {
        // One prepared statement bound by index through SQLitePCLRaw (what Microsoft.Data.Sqlite is built on):
        // per-name parameter binding costs more than the insert itself. Runs inside the open transaction.
        var db = ((Microsoft.Data.Sqlite.SqliteConnection)connection).Handle!;
        const string sql = "INSERT INTO measurements (series_id, at, good, total, value) VALUES (?1, ?2, ?3, ?4, ?5)" + UpsertTail;
        Check(db, SQLitePCL.raw.sqlite3_prepare_v2(db, sql, out var statement));
        using (statement)
        {
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                SQLitePCL.raw.sqlite3_bind_int64(statement, 1, series[row.Indicator]);
                SQLitePCL.raw.sqlite3_bind_int64(statement, 2, row.At.ToUnixTimeTicks());
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
                if (SQLitePCL.raw.sqlite3_step(statement) != SQLitePCL.raw.SQLITE_DONE)
                {
                    throw new InvalidOperationException($"SQLite refused a measurement: {SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string()}");
                }
                SQLitePCL.raw.sqlite3_reset(statement);
            }
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
        // Binary COPY into a temporary table, then one upsert from it: the fastest bulk path PostgreSQL has.
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
        await using var upsert = new NpgsqlCommand(
            "INSERT INTO measurements (series_id, at, good, total, value) SELECT series_id, at, good, total, value FROM incoming" + UpsertTail,
            connection, transaction);
        await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static DbParameter Add(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
        return p;
    }
}
