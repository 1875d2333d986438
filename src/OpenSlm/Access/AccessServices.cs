using NodaTime;
using OpenSlm.Storage;
using OpenSlm.Storage.Access;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Access;

/// <summary>The stores behind users and tokens, for the CLI (the server registers the same in <see cref="AccessSetup"/>).</summary>
internal static class AccessServices
{
    /// <summary>A service provider with the user manager, the access store and the catalogue on <paramref name="target"/>.</summary>
    public static ServiceProvider ForCli(DatabaseTarget target)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(target);
        services.AddSingleton<IClock>(SystemClock.Instance);
        services.AddScoped(_ => target.CreateContext());
        services.AddSingleton<AccessStore>();
        services.AddSingleton<CatalogueStore>();
        UserAccounts.Register(services);
        return services.BuildServiceProvider();
    }

    /// <summary>A password of 20 random characters (about 120 bits), for a user created without one.</summary>
    public static string NewPassword() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');
}
