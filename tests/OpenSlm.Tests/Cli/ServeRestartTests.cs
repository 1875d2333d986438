using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Cli;

/// <summary>The real <c>slm serve</c>, stopped and started again on the same data, as an upgrade or a reboot does.</summary>
public sealed class ServeRestartTests
{
    private const string Catalogue = """
        apiVersion: openslm/v1
        kind: Service
        metadata: {name: web-shop}
        ---
        apiVersion: openslm/v1
        kind: Indicator
        metadata: {name: web-ok}
        spec: {service: web-shop}
        ---
        apiVersion: openslm/v1
        kind: Agreement
        metadata: {name: web-shop-slo}
        spec:
          kind: Expectation
          status: Active
          services: [web-shop]
          objectives:
            - {name: availability, indicator: web-ok, target: 99.9, window: {rolling: 30d}, alerting: {statusChanges: false}}
        """;

    private sealed class Serve : IAsyncDisposable
    {
        private readonly Process _process;

        private Serve(Process process, HttpClient http) => (_process, Http) = (process, http);

        public HttpClient Http { get; }

        /// <summary>Starts slm serve on <paramref name="data"/>; <paramref name="token"/> is made once beforehand (slm tokens create), so timing a takeover counts only the server.</summary>
        public static async Task<Serve> StartAsync(string data, Uri webhook, string token)
        {
            var port = ServerProcess.FreePort();
            var process = SlmProcess.Start("serve", "--data", data, "--urls", $"http://127.0.0.1:{port}", "--webhook", webhook.ToString());
            _ = process.StandardOutput.ReadToEndAsync();   // drained, so that the server never blocks on a full pipe
            _ = process.StandardError.ReadToEndAsync();
            var serve = new Serve(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
            serve.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            for (var i = 0; i < 240; i++)
            {
                try
                {
                    if ((await serve.Http.GetAsync("/api/v1/services")).IsSuccessStatusCode)
                    {
                        return serve;
                    }
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(250);
            }
            await serve.DisposeAsync();
            throw new InvalidOperationException("slm serve did not answer within a minute.");
        }

        /// <summary>Stops it as a service manager does: SIGTERM, then waits for it to exit.</summary>
        public async Task StopAsync()
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }

        /// <summary>Kills it as a crash or a lost machine would: SIGKILL, no lease given up.</summary>
        public async Task KillAsync()
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        /// <summary>Asks for an evaluation round now, as a script would (with the API's header for a bodiless POST).</summary>
        public async Task<HttpResponseMessage> EvaluateAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/alerts/evaluate");
            request.Headers.Add("X-OpenSLM-Request", "1");
            return await Http.SendAsync(request);
        }

        public async Task<JsonNode> GetJson(string url) => JsonNode.Parse(await Http.GetStringAsync(url))!;

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            Http.Dispose();
        }
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("kill")]
    public async Task A_notification_written_before_a_restart_or_a_crash_is_delivered_once_after_it_and_the_jobs_are_taken_over_in_time(string how)
    {
        var data = SlmProcess.TempDir();
        var token = await SlmProcess.TokenAsync(data);
        var hook = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}/hook/");   // nobody listens yet

        var stopped = Stopwatch.StartNew();
        await using (var first = await Serve.StartAsync(data, hook, token))
        {
            Assert.Equal(HttpStatusCode.OK, (await first.Http.PostAsync("/api/v1/apply", new StringContent(Catalogue, Encoding.UTF8, "application/yaml"))).StatusCode);
            var now = SystemClock.Instance.GetCurrentInstant();
            var csv = MinuteCsv.Rows("web-ok", now - Duration.FromMinutes(1), 120, ago => ago < 60 ? 20 : 0);   // burning for the last hour
            Assert.Equal(HttpStatusCode.OK, (await first.Http.PostAsync("/api/v1/measurements", new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode);
            var round = await first.EvaluateAsync();
            Assert.True(round.StatusCode == HttpStatusCode.OK, await round.Content.ReadAsStringAsync());   // the evaluation service of this instance holds the lease
            // Opened by this round, or by the instance's own minute round just before it: either way open now.
            var opened = (await first.GetJson("/api/v1/alerts?state=Open"))["items"]!.AsArray();
            Assert.Contains(opened, a => (string)a!["kind"]! == "BurnRate" && (string)a["severity"]! == "Page");
            Assert.Equal(opened.Count, (int)(await first.GetJson("/api/v1/notifications"))["total"]!);   // one webhook post per alert, waiting
            await (how == "stop" ? first.StopAsync() : first.KillAsync());
            stopped.Restart();
        }

        await using var receiver = await WebhookReceiver.StartAsync(hook);
        await using var second = await Serve.StartAsync(data, hook, token);
        // Stopped, the first instance gave its leases up: the second evaluates at once. Killed, it could not: its leases
        // lapse and the second takes them within JobLeases.Length + LeasedJobService.Beat (25 s), well inside 30 s.
        HttpResponseMessage again;
        while ((again = await second.EvaluateAsync()).StatusCode == HttpStatusCode.Conflict && stopped.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.Equal("kill", how);
            await Task.Delay(500);
        }
        Assert.True(again.StatusCode == HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(how == "stop" ? 20 : 30), $"the jobs were taken over {stopped.Elapsed.TotalSeconds:0.0} s after the first instance went");
        // The alerts are open already: nothing opens twice.
        Assert.Empty(JsonNode.Parse(await again.Content.ReadAsStringAsync())!["opened"]!.AsArray());

        // Delivered by the second instance (within a delivery retry, should the first have tried before it went), each once.
        var expected = (int)(await second.GetJson("/api/v1/alerts"))["total"]!;
        for (var i = 0; i < 180 && receiver.Received.Count < expected; i++)
        {
            await Task.Delay(500);
        }
        await Task.Delay(TimeSpan.FromSeconds(11));   // one more delivery round: nothing is sent again
        Assert.Equal(expected, receiver.Received.Count);
        var outbox = (await second.GetJson("/api/v1/notifications"))["items"]!.AsArray();
        Assert.Equal(expected, outbox.Count);
        Assert.All(outbox, n => Assert.Equal("Sent", (string)n!["state"]!));
    }
}
