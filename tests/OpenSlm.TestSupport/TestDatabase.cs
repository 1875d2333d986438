using Npgsql;
using OpenSlm.Storage;
using Xunit;

namespace OpenSlm.TestSupport;

/// <summary>
/// A fresh, empty database for one test: a SQLite file in a temporary directory, or a new database on
/// a PostgreSQL server: the one named by <c>OPENSLM_TEST_POSTGRES</c>, else a throwaway one the tests
/// start with <c>.ci/postgres.sh</c> when Debian's postgresql is installed. Without either, PostgreSQL
/// tests are skipped, unless <c>OPENSLM_REQUIRE_POSTGRES=1</c> (as in CI), where they fail instead.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>The providers every storage and API test runs on.</summary>
    public static TheoryData<string> Providers => ["sqlite", "postgres"];

    private readonly string? _directory;
    private readonly string? _adminConnection;
    private readonly string? _databaseName;

    private TestDatabase(DatabaseTarget target, string? directory, string? adminConnection, string? databaseName)
    {
        Target = target;
        _directory = directory;
        _adminConnection = adminConnection;
        _databaseName = databaseName;
    }

    private static readonly Lazy<string?> AutoStarted = new(StartThrowawayServer);

    /// <summary>The database to use.</summary>
    public DatabaseTarget Target { get; }

    /// <summary>The data directory, for SQLite.</summary>
    public string? DataDirectory => _directory;

    /// <summary>The PostgreSQL connection string, for PostgreSQL.</summary>
    public string? ConnectionString => Target.Provider == DatabaseProvider.PostgreSql ? Target.ConnectionString : null;

    /// <summary>Creates and migrates an empty database on <paramref name="provider"/> ("sqlite" or "postgres").</summary>
    public static async Task<TestDatabase> CreateAsync(string provider, bool migrate = true)
    {
        TestDatabase db;
        if (provider == "sqlite")
        {
            var dir = Path.Combine(Path.GetTempPath(), "openslm-tests", Guid.NewGuid().ToString("N"));
            db = new TestDatabase(DatabaseTarget.Resolve(null, dir), dir, null, null);
        }
        else
        {
            var admin = Environment.GetEnvironmentVariable("OPENSLM_TEST_POSTGRES");
            if (string.IsNullOrEmpty(admin))
            {
                admin = AutoStarted.Value;
            }
            if (string.IsNullOrEmpty(admin))
            {
                const string why = "No PostgreSQL for the tests: install Debian's postgresql (the tests then start one), or set OPENSLM_TEST_POSTGRES.";
                if (Environment.GetEnvironmentVariable("OPENSLM_REQUIRE_POSTGRES") == "1")
                {
                    throw new InvalidOperationException(why);
                }
                Assert.Skip(why);
            }
            var name = $"slm_test_{Guid.NewGuid():N}";
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }
            var target = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
            db = new TestDatabase(DatabaseTarget.Resolve(target, null), null, admin, name);
        }
        if (migrate)
        {
            await db.Target.MigrateAsync();
        }
        return db;
    }

    /// <summary>Runs <c>.ci/postgres.sh start</c> (idempotent) and returns the connection string it prints.</summary>
    private static string? StartThrowawayServer()
    {
        if (!Directory.Exists("/usr/lib/postgresql"))
        {
            return null;
        }
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, ".ci", "postgres.sh")))
        {
            root = root.Parent;
        }
        if (root is null)
        {
            return null;
        }
        var info = new System.Diagnostics.ProcessStartInfo("bash", [Path.Combine(root.FullName, ".ci", "postgres.sh"), "start"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($".ci/postgres.sh start failed ({process.ExitCode}): {error}");
        }
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("export OPENSLM_TEST_POSTGRES=", StringComparison.Ordinal));
        return line?["export OPENSLM_TEST_POSTGRES=".Length..].Trim('\'');
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // a file still open on a slow runner; the temp directory is cleaned by the OS
            }
        }
        if (_adminConnection is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnection);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
