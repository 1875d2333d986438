using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OpenSlm.Storage;

/// <summary>Which database OpenSLM uses.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file in the data directory (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, given by a connection string.</summary>
    PostgreSql,
}

/// <summary>A resolved database: provider and connection string, and a description safe to print.</summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString, string Description)
{
    /// <summary>The SQLite file name inside the data directory.</summary>
    public const string SqliteFileName = "openslm.db";

    /// <summary>
    /// Resolves the database: PostgreSQL when <paramref name="database"/> (or OPENSLM_DATABASE) is given,
    /// as an Npgsql connection string (<c>Host=…;Database=…</c>) or a <c>postgresql://</c> URL;
    /// otherwise SQLite in <paramref name="dataDirectory"/> (or the default data directory), created if missing.
    /// </summary>
    public static DatabaseTarget Resolve(string? database, string? dataDirectory)
    {
        database ??= Environment.GetEnvironmentVariable("OPENSLM_DATABASE");
        if (!string.IsNullOrWhiteSpace(database))
        {
            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(FromUrl(database));
            }
            catch (Exception ex) when (ex is ArgumentException or UriFormatException or FormatException)
            {
                throw new ArgumentException(
                    $"the database setting is not a PostgreSQL connection string ({ex.Message}): expected Host=…;Database=…;Username=… or postgresql://user@host:5432/db.",
                    ex);
            }
            var shown = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Password = null };
            return new DatabaseTarget(DatabaseProvider.PostgreSql, builder.ConnectionString, $"PostgreSQL {shown.Host}:{shown.Port}/{shown.Database}");
        }
        var directory = Path.GetFullPath(dataDirectory ?? DefaultDataDirectory());
        if (File.Exists(directory))
        {
            throw new ArgumentException(Path.GetFileName(directory) == SqliteFileName
                ? $"--data: '{directory}' is the database file; give its folder, {Path.GetDirectoryName(directory)}."
                : $"--data: '{directory}' is a file, not a directory: give the folder that holds (or is to hold) {SqliteFileName}.");
        }
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, SqliteFileName);
        var sqlite = new SqliteConnectionStringBuilder { DataSource = file, DefaultTimeout = 30, Pooling = true };
        return new DatabaseTarget(DatabaseProvider.Sqlite, sqlite.ConnectionString, $"SQLite {file}");
    }

    /// <summary>$OPENSLM_DATA, else $XDG_DATA_HOME/openslm, else ~/.local/share/openslm.</summary>
    public static string DefaultDataDirectory()
    {
        if (Environment.GetEnvironmentVariable("OPENSLM_DATA") is { Length: > 0 } data)
        {
            return data;
        }
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var root = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
        return Path.Combine(root, "openslm");
    }

    /// <summary>The SQLite file, or null on PostgreSQL.</summary>
    public string? SqliteFile => Provider == DatabaseProvider.Sqlite ? new SqliteConnectionStringBuilder(ConnectionString).DataSource : null;

    /// <summary>Creates a context for this database.</summary>
    public SlmDbContext CreateContext() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteSlmDbContext(new DbContextOptionsBuilder<SqliteSlmDbContext>()
            .UseSqlite(ConnectionString, o => o.MigrationsHistoryTable("__migrations")).Options),
        DatabaseProvider.PostgreSql => new PostgresSlmDbContext(new DbContextOptionsBuilder<PostgresSlmDbContext>()
            .UseNpgsql(ConnectionString, o => o.UseNodaTime().MigrationsHistoryTable("__migrations")).Options),
        _ => throw new InvalidOperationException($"Unknown provider {Provider}."),
    };

    /// <summary>Creates the database if needed and applies every pending migration.</summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var db = CreateContext();
        try
        {
            await db.Database.MigrateAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            throw new InvalidOperationException($"cannot open the database ({Description}): {ex.Message}", ex);
        }
        if (Provider == DatabaseProvider.Sqlite)
        {
            // Write-ahead logging lets `slm apply` write while `slm serve` reads.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct).ConfigureAwait(false);
        }
    }

    private static string FromUrl(string value)
    {
        if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }
        var uri = new Uri(value);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
        }
        return builder.ConnectionString;
    }
}
