using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Core;
using OpenSlm.Core.Evaluation;

namespace OpenSlm.Storage.Maintenance;

/// <summary>A stored row outside what OpenSLM accepts today (left by a build before the limits of <see cref="Limits"/>).</summary>
/// <param name="Table">measurements, rollups, outages or ticket_events.</param>
/// <param name="Subject">The indicator or the ticket.</param>
/// <param name="At">The row's instant, as stored (Unix ticks).</param>
/// <param name="Why">What is wrong with it.</param>
public sealed record BadStoredRow(string Table, string Subject, long At, string Why)
{
    /// <inheritdoc />
    public override string ToString() => $"{Table}: {Subject} at {Show(At)}: {Why}";

    /// <summary>An instant in Unix ticks as ISO 8601, or the raw ticks where it is outside what NodaTime can show.</summary>
    public static string Show(long ticks) =>
        ticks >= Instant.MinValue.ToUnixTimeTicks() && ticks <= Instant.MaxValue.ToUnixTimeTicks()
            ? InstantPattern.ExtendedIso.Format(Instant.FromUnixTimeTicks(ticks))
            : $"{ticks.ToString(CultureInfo.InvariantCulture)} ticks";
}

/// <summary>What a check found: every kind of bad row counted, and the first of them named.</summary>
public sealed record StoreCheckResult(IReadOnlyDictionary<string, long> Counts, IReadOnlyList<BadStoredRow> Examples)
{
    /// <summary>Whether the store holds nothing OpenSLM would refuse today.</summary>
    public bool Clean => Counts.Values.All(c => c == 0);

    /// <summary>How many bad rows in all.</summary>
    public long Total => Counts.Values.Sum();
}

/// <summary>
/// Finds rows that a build before today's limits accepted and that no longer read as numbers OpenSLM can stand behind:
/// measurements outside 1970–9000 or with impossible counts, rollups whose sums overflowed, outages and ticket updates
/// outside the range. <c>slm serve</c> reports them at start; <c>slm repair</c> writes them to a file, removes them and
/// rebuilds the rollups of the indicators they touched. Reads leave them out meanwhile, so they never break a page.
/// </summary>
public sealed class StoreCheck(DatabaseTarget database)
{
    private static readonly long Min = Limits.MinInstant.ToUnixTimeTicks();
    private static readonly long End = Limits.EndInstant.ToUnixTimeTicks();

    private bool Sqlite => database.Provider == DatabaseProvider.Sqlite;

    private string NotInteger(string column) => Sqlite ? $" OR typeof({column}) NOT IN ('integer', 'null')" : string.Empty;

    private string BadMeasurement => $"(m.at < {Min} OR m.at >= {End} OR m.total < 0 OR m.good < 0 OR m.good > m.total OR m.total > {Limits.MaxCount}" +
        NotInteger("m.total") + NotInteger("m.good") + ")";

    private string BadRollup => $"(r.total < 0 OR r.good < 0 OR r.good > r.total OR r.total > {Limits.MaxDayTotal} OR r.end_at <= {Min} OR r.end_at > {End + Rollup.DayTicks}" +
        NotInteger("r.total") + NotInteger("r.good") + ")";

    private static string BadOutage => $"(o.start_at < {Min} OR o.start_at >= {End} OR (o.end_at IS NOT NULL AND (o.end_at < {Min} OR o.end_at >= {End})))";

    private static string BadTicketEvent => $"(t.at < {Min} OR t.at >= {End})";

    /// <summary>The SQL condition the store's raw reads keep measurement rows by (no alias): counts OpenSLM accepts today.</summary>
    public static string SaneCounts { get; } = $"total >= 0 AND total <= {Limits.MaxCount} AND good >= 0 AND good <= total";

    /// <summary>The SQL condition the store's rollup reads keep rows by (alias r): sums that did not overflow, in range.</summary>
    public static string SaneRollup { get; } = $"r.total >= 0 AND r.good >= 0 AND r.good <= r.total AND r.total <= {Limits.MaxDayTotal} AND r.end_at > {Min} AND r.end_at <= {End + Rollup.DayTicks}";

    /// <summary>The first and the last tick a stored instant may have to be read.</summary>
    public static (long Min, long End) Range => (Min, End);

    /// <summary>Counts the bad rows of each kind and names up to <paramref name="examples"/> of them.</summary>
    public async Task<StoreCheckResult> FindAsync(int examples = 10, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct).ConfigureAwait(false);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var found = new List<BadStoredRow>();
        foreach (var (table, from, where, why) in Queries())
        {
            counts[table] = Convert.ToInt64(await ScalarAsync(connection, $"SELECT COUNT(*) FROM {from} WHERE {where}", ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (counts[table] > 0 && found.Count < examples)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT {why} FROM {from} WHERE {where} LIMIT {examples - found.Count}";
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    found.Add(new BadStoredRow(table, reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), Describe(reader)));
                }
            }
        }
        return new StoreCheckResult(counts, found);
    }

    /// <summary>
    /// Writes every bad row to <paramref name="exportFile"/> (CSV: table, subject, instant, good, total, detail), then in
    /// one transaction removes them and rebuilds the hour and day rollups of every indicator they touched from its
    /// measurements. Ticket updates removed leave their tickets' clocks to be run again (say so to the user: recompute).
    /// </summary>
    public async Task<StoreCheckResult> RepairAsync(string exportFile, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(exportFile);
        var before = await FindAsync(0, ct).ConfigureAwait(false);
        if (before.Clean)
        {
            return before;
        }
        await using var db = database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct).ConfigureAwait(false);
        var export = new StringBuilder("table,subject,at,good,total,detail\n");
        foreach (var (table, from, where, _) in Queries())
        {
            await using var command = connection.CreateCommand();
            var (good, total, detail) = table switch
            {
                "measurements" => ("CAST(m.good AS TEXT)", "CAST(m.total AS TEXT)", "CAST(m.value AS TEXT)"),
                "rollups" => ("CAST(r.good AS TEXT)", "CAST(r.total AS TEXT)", "CAST(r.width AS TEXT)"),
                "outages" => ("''", "''", "CAST(o.end_at AS TEXT)"),
                _ => ("''", "''", "t.fields"),
            };
            command.CommandText = $"SELECT {SubjectAndAt(table)}, {good}, {total}, {detail} FROM {from} WHERE {where}";
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                export.AppendJoin(',', new[] { table, reader.GetString(0), Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture)!, Text(reader, 2), Text(reader, 3), Text(reader, 4) }
                    .Select(Quote)).Append('\n');
            }
        }
        await File.WriteAllTextAsync(exportFile, export.ToString(), ct).ConfigureAwait(false);

        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var touched = $"SELECT m.series_id FROM measurements m WHERE {BadMeasurement} UNION SELECT r.series_id FROM rollups r WHERE {BadRollup}";
        var series = new List<long>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = touched;
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                series.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }
        await ExecuteAsync(connection, transaction, $"DELETE FROM measurements WHERE EXISTS (SELECT 1 FROM (SELECT m.series_id, m.at FROM measurements m WHERE {BadMeasurement}) AS b WHERE b.series_id = measurements.series_id AND b.at = measurements.at)", ct).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"DELETE FROM outages WHERE EXISTS (SELECT 1 FROM (SELECT o.series_id, o.start_at FROM outages o WHERE {BadOutage}) AS b WHERE b.series_id = outages.series_id AND b.start_at = outages.start_at)", ct).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"DELETE FROM ticket_events WHERE id IN (SELECT t.id FROM ticket_events t WHERE {BadTicketEvent})", ct).ConfigureAwait(false);
        foreach (var id in series)
        {
            var s = id.ToString(CultureInfo.InvariantCulture);
            await ExecuteAsync(connection, transaction, $"UPDATE series SET revision = revision + 1 WHERE id = {s}", ct).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"DELETE FROM rollups WHERE series_id = {s}", ct).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction,
                "INSERT INTO rollups (series_id, width, end_at, good, total, revision) " +
                "SELECT m.series_id, w.width, ((m.at + w.width - 1) / w.width) * w.width, SUM(COALESCE(m.good, 0)), SUM(m.total), MAX(s.revision) " +
                $"FROM measurements m JOIN series s ON s.id = m.series_id CROSS JOIN (SELECT {Rollup.HourTicks} AS width UNION ALL SELECT {Rollup.DayTicks}) AS w " +
                $"WHERE m.series_id = {s} AND m.total IS NOT NULL GROUP BY m.series_id, w.width, ((m.at + w.width - 1) / w.width) * w.width", ct).ConfigureAwait(false);
        }
        var after = await StillBadAsync(connection, transaction, ct).ConfigureAwait(false);
        if (after > 0)
        {
            await transaction.RollbackAsync(ct).ConfigureAwait(false);
            throw new InvalidOperationException($"after the repair {after} rows would still be out of range (a rebuilt day past {Limits.MaxDayTotal:N0} events); nothing was changed. The rows are listed in {exportFile}.");
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return before;
    }

    private async Task<long> StillBadAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        var total = 0L;
        foreach (var (_, from, where, _) in Queries())
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT COUNT(*) FROM {from} WHERE {where}";
            total += Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        return total;
    }

    private IEnumerable<(string Table, string From, string Where, string Select)> Queries()
    {
        yield return ("measurements", "measurements m JOIN series s ON s.id = m.series_id", BadMeasurement, "s.indicator, m.at, m.good, m.total");
        yield return ("rollups", "rollups r JOIN series s ON s.id = r.series_id", BadRollup, "s.indicator, r.end_at, r.good, r.total");
        yield return ("outages", "outages o JOIN series s ON s.id = o.series_id", BadOutage, "s.indicator, o.start_at, NULL, NULL");
        yield return ("ticket_events", "ticket_events t", BadTicketEvent, "t.ticket, t.at, NULL, NULL");
    }

    private static string SubjectAndAt(string table) => table switch
    {
        "measurements" => "s.indicator, m.at",
        "rollups" => "s.indicator, r.end_at",
        "outages" => "s.indicator, o.start_at",
        _ => "t.ticket, t.at",
    };

    private static string Describe(DbDataReader reader)
    {
        var (at, good, total) = (Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), Text(reader, 2), Text(reader, 3));
        return at < Min || at >= End + Rollup.DayTicks
            ? $"the instant is outside {Limits.InstantRange}"
            : $"good {good} of total {total} is not a count OpenSLM accepts (0 ≤ good ≤ total, total ≤ {Limits.MaxCount:N0} a measurement, {Limits.MaxDayTotal:N0} a day)";
    }

    private static string Text(DbDataReader reader, int i) => reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;

    private static string Quote(string cell) => cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
