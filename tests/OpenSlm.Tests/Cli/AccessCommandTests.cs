using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Cli;

/// <summary><c>slm users</c> and <c>slm tokens</c> on a store, as the first admin and an administrator at the server use them.</summary>
public sealed class AccessCommandTests
{
    [Fact]
    public async Task The_first_admin_is_made_on_the_store_and_every_mistake_is_named()
    {
        var data = SlmProcess.TempDir();
        var none = await SlmProcess.RunAsync("users", "list", "--data", data);
        Assert.Equal(0, none.ExitCode);
        Assert.Contains("no users yet", none.Output, StringComparison.Ordinal);

        var admin = await SlmProcess.RunAsync("users", "add", "alice", "--role", "Admin", "--data", data);
        Assert.True(admin.ExitCode == 0, admin.Error);
        Assert.Matches(@"password \(shown once\): \S{20}", admin.Output);

        foreach (var (args, expected) in new (string[] Args, string Expected)[]
        {
            (["users", "add", "bob", "--role", "Root"], "roles: 'Root' is not a role"),
            (["users", "add", "bob", "--role", "Customer"], "customers: a Customer acts for at least one customer record"),
            (["users", "add", "bob", "--role", "Customer", "--customer", "nobody"], "customers: 'nobody' is not a customer record"),
            (["users", "add", "bob", "--role", "Viewer", "--stakeholder", "nobody"], "stakeholder: 'nobody' is not a stakeholder record"),
            (["users", "add", "alice", "--role", "Viewer"], "'alice' is taken"),
            (["users", "disable", "nobody"], "no user 'nobody' exists"),
            (["tokens", "create", "--user", "alice", "--name", "x", "--role", "ServiceLevelManager"], "alice does not hold ServiceLevelManager"),
            (["tokens", "create", "--user", "alice", "--name", "x", "--role", "Ingest"], "an Ingest token names the indicators"),
            (["tokens", "create", "--user", "alice", "--name", "x", "--role", "Admin", "--expires-in-days", "1000"], "--expires-in-days: must be from 1 to 731"),
            (["tokens", "revoke", "999"], "no token #999 exists"),
        })
        {
            var run = await SlmProcess.RunAsync([.. args, "--data", data]);
            Assert.True(run.ExitCode == 1, $"{string.Join(' ', args)}: exit {run.ExitCode}");
            Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        }

        var token = await SlmProcess.RunAsync("tokens", "create", "--user", "alice", "--name", "ops", "--role", "Admin", "--data", data);
        Assert.True(token.ExitCode == 0, token.Error);
        Assert.StartsWith("slm_1_", token.Output, StringComparison.Ordinal);
        var list = await SlmProcess.RunAsync("tokens", "list", "--data", data);
        Assert.Contains("#1\tops\talice\tAdmin\tactive", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Output.Trim(), list.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await SlmProcess.RunAsync("tokens", "revoke", "1", "--data", data)).ExitCode);
        Assert.Contains("revoked by cli:", (await SlmProcess.RunAsync("tokens", "list", "--data", data)).Output, StringComparison.Ordinal);

        Assert.Equal(0, (await SlmProcess.RunAsync("users", "disable", "alice", "--data", data)).ExitCode);
        Assert.Contains("alice\tAdmin\tdisabled", (await SlmProcess.RunAsync("users", "list", "--data", data)).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_on_a_store_with_no_user_says_how_to_make_the_first_admin()
    {
        var data = SlmProcess.TempDir();
        var port = ServerProcess.FreePort();
        using var server = SlmProcess.Start("serve", "--data", data, "--urls", $"http://127.0.0.1:{port}");
        var lines = new List<string>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
                if (line.StartsWith("OpenSLM: listening", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
        }
        var output = string.Join("\n", lines);
        Assert.Contains($"slm users add NAME --role Admin --data {data}", output, StringComparison.Ordinal);
        Assert.Contains("sign in at", output, StringComparison.Ordinal);
    }
}
