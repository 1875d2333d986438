namespace OpenSlm.TestSupport;

/// <summary>
/// A real OpenID Connect provider, npm's <c>oidc-provider</c> (OpenID Certified), run by node from <c>tests/oidc</c> on
/// 127.0.0.1 with the people of <c>tests/oidc/provider.mjs</c>; the package is installed from its lock file on first use
/// (<c>npm ci</c>). Without node and npm the test is skipped, unless <c>OPENSLM_REQUIRE_OIDC=1</c> (as in CI), where it fails instead.
/// </summary>
public sealed class OidcProviderServer : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private OidcProviderServer(ServerProcess process, Uri issuer) => (_process, Issuer) = (process, issuer);

    /// <summary>The issuer (authority) URL.</summary>
    public Uri Issuer { get; }

    /// <summary>The client OpenSLM is registered as.</summary>
    public const string ClientId = "openslm";

    /// <summary>Its secret.</summary>
    public const string ClientSecret = "openslm-test-secret";

    /// <summary>Starts the provider for a client whose callback is <paramref name="redirectUri"/>; ID tokens live <paramref name="idTokenSeconds"/>.</summary>
    public static async Task<OidcProviderServer> StartAsync(Uri redirectUri, int idTokenSeconds = 3600)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "OpenSlm.slnx")))
        {
            root = root.Parent;
        }
        var folder = Path.Combine(root?.FullName ?? AppContext.BaseDirectory, "tests", "oidc");
        var node = new[] { "/usr/bin/node", "/usr/local/bin/node" }.FirstOrDefault(File.Exists);
        await InstallAsync(folder);
        ServerProcess.Require(node is not null && Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")), "OPENSLM_REQUIRE_OIDC",
            "No OpenID Connect provider for the tests: install Debian's nodejs and npm, then run npm ci in tests/oidc.");
        var port = ServerProcess.FreePort();
        var issuer = new Uri($"http://127.0.0.1:{port}/");
        var process = await ServerProcess.StartAsync(node!, [Path.Combine(folder, "provider.mjs"), port.ToString(System.Globalization.CultureInfo.InvariantCulture), redirectUri.ToString(),
            idTokenSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)], ServerProcess.NewDirectory("oidc"), ServerProcess.Answers(new Uri(issuer, ".well-known/openid-configuration")));
        return new OidcProviderServer(process, issuer);
    }

    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>Installs the provider's package (npm ci, from the lock file) the first time, where npm is present.</summary>
    private static async Task InstallAsync(string folder)
    {
        var npm = new[] { "/usr/bin/npm", "/usr/local/bin/npm" }.FirstOrDefault(File.Exists);
        if (npm is null || Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
        {
            return;
        }
        await Installing.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
            {
                var (code, output) = await ServerProcess.RunAsync(npm, "ci", "--prefix", folder, "--no-audit", "--no-fund");
                if (code != 0)
                {
                    throw new InvalidOperationException($"npm ci in {folder} failed: {output}");
                }
            }
        }
        finally
        {
            Installing.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
