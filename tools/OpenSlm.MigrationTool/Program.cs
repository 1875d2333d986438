using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Sqlite.Design.Internal;
using Microsoft.Extensions.DependencyInjection;
using Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal;
using OpenSlm.Storage;

// Scaffolds one migration per provider into src/OpenSlm.Storage/Migrations/{Sqlite,Postgres}.
// The contexts are built against placeholder connections: scaffolding compares the model with the
// last snapshot and never connects.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run --project tools/OpenSlm.MigrationTool -- MigrationName");
    return 2;
}
var storageDir = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/OpenSlm.Storage"));
if (!File.Exists(Path.Combine(storageDir, "OpenSlm.Storage.csproj")))
{
    Console.Error.WriteLine($"cannot find src/OpenSlm.Storage from {AppContext.BaseDirectory}");
    return 2;
}

Scaffold(new DatabaseTarget(DatabaseProvider.Sqlite, "Data Source=:memory:", "scaffold").CreateContext(), "Sqlite",
    s => new SqliteDesignTimeServices().ConfigureDesignTimeServices(s));
Scaffold(new DatabaseTarget(DatabaseProvider.PostgreSql, "Host=localhost;Database=scaffold", "scaffold").CreateContext(), "Postgres",
    s =>
    {
        new NpgsqlDesignTimeServices().ConfigureDesignTimeServices(s);
        new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlNodaTimeDesignTimeServices().ConfigureDesignTimeServices(s);
    });
return 0;

void Scaffold(DbContext db, string folder, Action<IServiceCollection> provider)
{
    var services = new ServiceCollection();
    services.AddEntityFrameworkDesignTimeServices();
    services.AddDbContextDesignTimeServices(db);
    provider(services);
    using var sp = services.BuildServiceProvider();
    var scaffolder = sp.GetRequiredService<IMigrationsScaffolder>();
    var migration = scaffolder.ScaffoldMigration(args[0], "OpenSlm.Storage", $"Migrations.{folder}", "C#");
    var files = scaffolder.Save(storageDir, migration, Path.Combine(storageDir, "Migrations", folder));
    Console.WriteLine($"{folder}: {files.MigrationFile}");
    db.Dispose();
}
