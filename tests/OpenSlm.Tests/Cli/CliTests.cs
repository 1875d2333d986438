using System.Text.Json.Nodes;
using OpenSlm.Testing;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

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

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Database=x;Username=u;Timeout=2", "error: cannot open the database (PostgreSQL 127.0.0.1:1/x)")]
    [InlineData("Hots=db", "error: the database setting is not a PostgreSQL connection string")]
    public async Task A_database_that_cannot_be_used_is_one_clear_line_not_a_stack_trace(string database, string message)
    {
        var result = await SlmProcess.RunAsync("export", "--database", database);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
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
        Assert.Contains("0 created, 0 changed, 52 unchanged", (await SlmProcess.RunAsync("demo", "--data", second)).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_demo_data_answers_on_the_given_address_and_prints_where_its_data_is()
    {
        var data = SlmProcess.TempDir();
        var port = OpenSlm.TestSupport.ServerProcess.FreePort();
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
                    // Anonymous callers are sent to sign in; the demo's users sign in with its password.
                    if ((await http.GetAsync("/sign-in")).IsSuccessStatusCode)
                    {
                        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await SlmProcess.TokenAsync(data, "Viewer"));
                        services = JsonNode.Parse(await http.GetStringAsync("/api/v1/services"));
                    }
                    else
                    {
                        await Task.Delay(250);
                    }
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

public sealed class EvaluateCliTests
{
    private static string OpenSloExample(string path) => RepositoryPaths.InData("openslo", "examples", path);

    [Fact]
    public async Task Evaluates_the_openslo_threshold_example_from_values_with_exact_numbers()
    {
        var dir = SlmProcess.TempDir();
        var csv = Path.Combine(dir, "m.csv");
        // 2 weeks of minute values from 1 March; every 100th is 700 ms (slow), the rest 450 ms.
        var start = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        await File.WriteAllLinesAsync(csv, new[] { "timestamp,indicator,value" }.Concat(Enumerable.Range(0, 14 * 1440)
            .Select(i => $"{start.AddMinutes(i):yyyy-MM-ddTHH:mm:ssZ},search-latency,{(i % 100 == 0 ? 700 : 450)}")));
        var run = await SlmProcess.RunAsync("evaluate", "-f", OpenSloExample("budgeting-method/occurences-slo.yaml"), "-m", csv, "--at", "2025-03-15T00:00:00Z");
        Assert.True(run.ExitCode == 0, run.Error);
        var result = Assert.Single(JsonNode.Parse(run.Output)!.AsArray())!;
        // (1 Mar, 15 Mar]: 20,159 minutes (1 Mar 00:00 is outside), 201 of them slow
        Assert.Equal("search-slo/good-experience", (string?)result["name"]);
        Assert.Equal(99m, (decimal)result["target"]!);
        Assert.Equal(100m * 19_958m / 20_159m, (decimal)result["attainment"]!, 20);
        Assert.Equal("Met", (string?)result["status"]);
        Assert.Equal(201m, (decimal)result["budget"]!["consumed"]!);
        Assert.Equal(201.59m, (decimal)result["budget"]!["total"]!);
        Assert.Equal(0m, (decimal)result["burnRates"]!["1h"]!);
        Assert.Equal(8, result["burnRates"]!.AsObject().Count);

        var table = await SlmProcess.RunAsync("evaluate", "-f", OpenSloExample("budgeting-method/occurences-slo.yaml"), "-m", csv, "--at", "2025-03-15T00:00:00Z", "--format", "table");
        Assert.Contains("search-slo/good-experience  99%     99.0029%    Met", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_business_hours_calendar_counts_only_measurements_inside_its_hours_and_bad_rows_are_refused()
    {
        var dir = SlmProcess.TempDir();
        var csv = Path.Combine(dir, "m.csv");
        await File.WriteAllTextAsync(csv, "timestamp,indicator,good,total\n2025-03-01T00:01:00Z,web-ok,11,10\n");
        var yaml = Path.Combine(dir, "slo.yaml");
        await File.WriteAllTextAsync(yaml, """
            apiVersion: openslm/v1
            kind: Calendar
            metadata: {name: office}
            spec: {timeZone: Europe/London, hours: {monday: ["09:00-17:00"]}}
            ---
            apiVersion: openslm/v1
            kind: Agreement
            metadata: {name: sla}
            spec:
              kind: Expectation
              services: [web]
              objectives: [{name: ok, indicator: web-ok, target: 99, window: {rolling: 1d}, calendar: office}]
            """);
        var badCsv = await SlmProcess.RunAsync("evaluate", "-f", yaml, "-m", csv);
        Assert.Equal(1, badCsv.ExitCode);
        Assert.Contains($"{csv}:2:0: good: 11 is more than total (10)", badCsv.Error, StringComparison.Ordinal);

        // Monday 3 March (GMT): 08:59 and 17:00 are outside 09:00-17:00, so only 09:00 and 16:59 count.
        await File.WriteAllTextAsync(csv, """
            timestamp,indicator,good,total
            2025-03-03T08:59:00Z,web-ok,0,10
            2025-03-03T09:00:00Z,web-ok,10,10
            2025-03-03T16:59:00Z,web-ok,9,10
            2025-03-03T17:00:00Z,web-ok,0,10
            """);
        var run = await SlmProcess.RunAsync("evaluate", "-f", yaml, "-m", csv, "--at", "2025-03-03T23:00:00Z");
        Assert.True(run.ExitCode == 0, run.Error);
        var result = Assert.Single(JsonNode.Parse(run.Output)!.AsArray())!;
        Assert.Equal(95m, (decimal)result["attainment"]!);
        Assert.Equal("Breached", (string?)result["status"]);
        Assert.Equal((0.2m, 1m), ((decimal)result["budget"]!["total"]!, (decimal)result["budget"]!["consumed"]!));
    }
}
