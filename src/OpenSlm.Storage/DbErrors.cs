using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OpenSlm.Storage;

/// <summary>
/// Which database errors mean what. Only a unique violation means "another instance (or request) stored the same thing
/// first", which the stores that race on purpose (leases, alerts, breaches, publications, report runs) read as losing
/// the race; any other error (a foreign key, a length, a lost connection) is a failure and is never swallowed.
/// </summary>
public static class DbErrors
{
    /// <summary>SQLite's extended codes for a UNIQUE or PRIMARY KEY constraint.</summary>
    private const int SqliteUnique = 2067;
    private const int SqlitePrimaryKey = 1555;

    /// <summary>Whether <paramref name="ex"/> is a unique (or primary key) violation, on either database.</summary>
    public static bool IsUniqueViolation(DbUpdateException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.InnerException switch
        {
            PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
            SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteUnique or SqlitePrimaryKey,
            _ => false,
        };
    }
}
