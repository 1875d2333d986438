using System.Net;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Cli;

/// <summary>
/// <c>slm apply --server</c> and <c>slm export --server</c>: a CI job applying YAML through a running server with an API
/// token, refused with the server's words when the token may not, or when there is none.
/// </summary>
public sealed class RemoteCliTests
{
    private const string Catalogue = """
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: web-shop}
        spec: {tier: 1}
        """;

    [Fact]
    public async Task Apply_and_export_go_through_the_api_with_a_token_and_are_refused_without_the_permission()
    {
        var data = SlmProcess.TempDir();
        var manager = await SlmProcess.TokenAsync(data);
        var viewer = await SlmProcess.TokenAsync(data, "Viewer");
        var port = ServerProcess.FreePort();
        var url = $"http://127.0.0.1:{port}";
        using var server = SlmProcess.Start("serve", "--data", data, "--urls", url);
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
        try
        {
            using (var http = new HttpClient())
            {
                var ready = false;
                for (var i = 0; i < 480 && !ready; i++)
                {
                    try
                    {
                        ready = (await http.GetAsync($"{url}/sign-in")).StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(250);
                    }
                }
                Assert.True(ready, "slm serve did not answer");
            }
            var file = Path.Combine(SlmProcess.TempDir(), "catalogue.yaml");
            await File.WriteAllTextAsync(file, Catalogue);

            var dry = await SlmProcess.RunAsync("apply", "-f", file, "--dry-run", "--server", url, "--token", manager);
            Assert.True(dry.ExitCode == 0, dry.Error);
            Assert.Contains("+ service/web-shop created", dry.Output, StringComparison.Ordinal);
            Assert.Contains("Dry run", dry.Output, StringComparison.Ordinal);

            var applied = await SlmProcess.RunAsync("apply", "-f", file, "--server", url, "--token", manager);
            Assert.True(applied.ExitCode == 0, applied.Error);
            Assert.Contains("Applied: 1 created", applied.Output, StringComparison.Ordinal);

            var export = await SlmProcess.RunAsync("export", "--server", url, "--token", viewer);
            Assert.True(export.ExitCode == 0, export.Error);
            Assert.Contains("name: web-shop", export.Output, StringComparison.Ordinal);

            var refused = await SlmProcess.RunAsync("apply", "-f", file, "--server", url, "--token", viewer);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("403", refused.Error, StringComparison.Ordinal);
            Assert.Contains("EditCatalogue", refused.Error, StringComparison.Ordinal);

            var bad = await SlmProcess.RunAsync("apply", "-f", file, "--server", url, "--token", "slm_1_" + new string('A', 43));
            Assert.Equal(1, bad.ExitCode);
            Assert.Contains("401", bad.Error, StringComparison.Ordinal);

            var none = await SlmProcess.RunAsync("apply", "-f", file, "--server", url);
            Assert.Equal(2, none.ExitCode);
            Assert.Contains("OPENSLM_TOKEN", none.Error, StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
        }
    }
}
