using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenSlm.Cli;

/// <summary>
/// The CLI's remote commands (<c>slm apply --server</c>, <c>slm export --server</c>): the same work through a running
/// server's API, with an API token, as a CI job that may not open the database does. A refusal is printed as the server's
/// problem details, each error under its field or line.
/// </summary>
internal sealed class RemoteServer(string server, string? token)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public async Task<int> ApplyAsync(string yaml, bool dryRun, bool verbose, CancellationToken ct)
    {
        using var http = Client();
        if (http is null)
        {
            return 2;
        }
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        var (response, failure) = await SendAsync(() => http.PostAsync($"api/v1/apply?dryRun={(dryRun ? "true" : "false")}", content, ct)).ConfigureAwait(false);
        if (response is null)
        {
            Console.Error.WriteLine($"error: {failure}");
            return 1;
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                PrintProblem((int)response.StatusCode, body);
                return 1;
            }
            var result = JsonSerializer.Deserialize<Api.ApplyResultDto>(body, Hosting.SlmServer.ApiJson)!;
            foreach (var note in result.Notes)
            {
                Console.Error.WriteLine($"note: {note}");
            }
            ChangePrinter.Print(Console.Out, result, verbose);
            return 0;
        }
    }

    public async Task<string?> ExportAsync(bool includeRetired, CancellationToken ct)
    {
        using var http = Client();
        if (http is null)
        {
            return null;
        }
        var (response, failure) = await SendAsync(() => http.GetAsync($"api/v1/export?includeRetired={(includeRetired ? "true" : "false")}", ct)).ConfigureAwait(false);
        if (response is null)
        {
            Console.Error.WriteLine($"error: {failure}");
            return null;
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                PrintProblem((int)response.StatusCode, body);
                return null;
            }
            return body;
        }
    }

    private HttpClient? Client()
    {
        if (!Uri.TryCreate(server.TrimEnd('/') + "/", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            Console.Error.WriteLine($"error: --server: '{server}' is not an http(s) URL, such as https://slm.example.com.");
            return null;
        }
        if (string.IsNullOrWhiteSpace(token))
        {
            Console.Error.WriteLine("error: --server needs an API token: set $OPENSLM_TOKEN (or --token) to one made by slm tokens create or on the Tokens page.");
            return null;
        }
        Console.Error.WriteLine($"OpenSLM: through the API of {url}");
        var http = new HttpClient { BaseAddress = url, Timeout = Timeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        return http;
    }

    private async Task<(HttpResponseMessage? Response, string? Failure)> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return (await send().ConfigureAwait(false), null);
        }
        catch (HttpRequestException ex)
        {
            return (null, $"cannot reach {server}: {ex.Message}");
        }
        catch (TaskCanceledException)
        {
            return (null, $"{server} did not answer within {Timeout.TotalMinutes:0} minutes.");
        }
    }

    /// <summary>A refusal as the server gave it: its title and detail, then each error under its key.</summary>
    private static void PrintProblem(int status, string body)
    {
        JsonObject? problem = null;
        try
        {
            problem = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
        }
        if (problem is null)
        {
            Console.Error.WriteLine($"error: the server answered {status}.");
            return;
        }
        Console.Error.WriteLine($"error: {status} {problem["title"]}");
        if (problem["errors"] is JsonObject errors)
        {
            foreach (var (key, messages) in errors)
            {
                foreach (var message in messages as JsonArray ?? [])
                {
                    Console.Error.WriteLine($"error: {(key == "$" ? string.Empty : key + ": ")}{message}");
                }
            }
        }
        else if (problem["detail"] is { } detail)
        {
            Console.Error.WriteLine($"error: {detail}");
        }
    }
}
