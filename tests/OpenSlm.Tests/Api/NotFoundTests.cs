using System.Net;
using OpenSlm.Tests.Support;

namespace OpenSlm.Tests.Api;

/// <summary>An address that is no page: a browser reads a page saying so, a client of the API problem details.</summary>
public sealed class NotFoundTests
{
    [Fact]
    public async Task A_browser_gets_a_not_found_page_and_the_api_problem_details()
    {
        await using var api = await ApiHost.StartAsync("sqlite");
        using var page = new HttpRequestMessage(HttpMethod.Get, "/no-such-page/<script>");
        page.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        var html = await api.Client.SendAsync(page);
        Assert.Equal(HttpStatusCode.NotFound, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        var body = await html.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Page not found</h1>", body, StringComparison.Ordinal);
        Assert.Contains("/no-such-page/&lt;script&gt;", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", body, StringComparison.Ordinal);

        // The API, and a client that does not ask for HTML, keep problem details.
        using var apiCall = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-route");
        apiCall.Headers.Accept.ParseAdd("application/json");
        var problem = await api.Client.SendAsync(apiCall);
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        var script = await api.Client.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, script.StatusCode);
        Assert.Equal("application/problem+json", script.Content.Headers.ContentType?.MediaType);
    }
}
