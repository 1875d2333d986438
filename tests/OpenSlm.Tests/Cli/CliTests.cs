using System.Text.Json.Nodes;
using OpenSlm.Tests.Support;

namespace OpenSlm.Tests.Cli;

public sealed class CliTests
{
    private const string Catalogue = """
        apiVersion: openslm/v1
        kind: Customer
        metadata: {name: acme}
        ---
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: web}
        spec: {tier: 1, customers: [acme]}
        """;

    [Fact]
    public async Task Help_lists_every_command_with_what_it_does()
    {
        var help = await SlmProcess.RunAsync("--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "serve", "apply", "export", "demo" })
        {
            Assert.Contains(command, help.Output, StringComparison.Ordinal);
        }
        var serve = await SlmProcess.RunAsync("serve", "--help");
        Assert.Contains("--urls", serve.Output, StringComparison.Ordinal);
        Assert.Contains("--database", serve.Output, StringComparison.Ordinal);
        Assert.Contains("--data", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_prints_a_dry_run_plan_then_applies_and_reports_unchanged_the_second_time()
    {
        var dir = SlmProcess.TempDir();
        var file = Path.Combine(dir, "catalogue.yaml");
        await File.WriteAllTextAsync(file, Catalogue);
        var data = Path.Combine(dir, "data");

        var dry = await SlmProcess.RunAsync("apply", "-f", file, "--dry-run", "--data", data);
        Assert.Equal(0, dry.ExitCode);
        Assert.Contains("+ service/web created", dry.Output, StringComparison.Ordinal);
        Assert.Contains("Dry run: 2 created, 0 changed, 0 unchanged. Nothing was stored.", dry.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, (await SlmProcess.RunAsync("export", "--data", data)).Output);

        Assert.Equal(0, (await SlmProcess.RunAsync("apply", "-f", dir, "--data", data)).ExitCode);
        await File.WriteAllTextAsync(file, Catalogue.Replace("tier: 1", "tier: 2", StringComparison.Ordinal));
        var update = await SlmProcess.RunAsync("apply", "-f", file, "--data", data);
        Assert.Contains("~ service/web updated", update.Output, StringComparison.Ordinal);
        Assert.Contains("spec.tier: 1 → 2", update.Output, StringComparison.Ordinal);
        Assert.Contains("Applied: 0 created, 1 changed, 1 unchanged.", update.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_of_an_invalid_file_names_the_file_line_and_field_and_stores_nothing()
    {
        var dir = SlmProcess.TempDir();
        var file = Path.Combine(dir, "bad.yaml");
        await File.WriteAllTextAsync(file, Catalogue + "\n---\napiVersion: openslm/v1\nkind: Service\nmetadata: {name: api}\nspec:\n  dependsOn: [nowhere]\n");
        var data = Path.Combine(dir, "data");
        var result = await SlmProcess.RunAsync("apply", "-f", file, "--data", data);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{file}:14:", result.Error, StringComparison.Ordinal);
        Assert.Contains("spec.dependsOn[0]: refers to Service 'nowhere', which does not exist", result.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, (await SlmProcess.RunAsync("export", "--data", data)).Output);
    }

    [Fact]
    public async Task The_demo_exports_to_yaml_that_rebuilds_the_same_state_elsewhere()
    {
        var dir = SlmProcess.TempDir();
        var first = Path.Combine(dir, "first");
        var second = Path.Combine(dir, "second");
        var yaml = Path.Combine(dir, "export.yaml");

        var demo = await SlmProcess.RunAsync("demo", "--data", first);
        Assert.Equal(0, demo.ExitCode);
        Assert.Contains("+ agreement/online-retail-web-shop-sla created", demo.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await SlmProcess.RunAsync("export", "--data", first, "-o", yaml)).ExitCode);
        Assert.Equal(0, (await SlmProcess.RunAsync("apply", "-f", yaml, "--data", second)).ExitCode);
        var again = await SlmProcess.RunAsync("export", "--data", second);
        Assert.Equal(await File.ReadAllTextAsync(yaml), again.Output);
        Assert.Contains("0 created, 0 changed, 46 unchanged", (await SlmProcess.RunAsync("demo", "--data", second)).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_demo_data_answers_on_the_given_address_and_prints_where_its_data_is()
    {
        var data = SlmProcess.TempDir();
        var port = SlmProcess.FreePort();
        using var server = SlmProcess.Start("serve", "--demo", "--data", data, "--urls", $"http://127.0.0.1:{port}");
        var banner = await server.StandardOutput.ReadLineAsync();
        try
        {
            Assert.Equal($"OpenSLM: data in SQLite {Path.Combine(data, "openslm.db")}", banner);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            JsonNode? services = null;
            for (var i = 0; i < 120 && services is null; i++)
            {
                try
                {
                    services = JsonNode.Parse(await http.GetStringAsync("/api/v1/services"));
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(250);
                }
            }
            Assert.NotNull(services);
            Assert.Equal(13, (int)services!["total"]!);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }
}
