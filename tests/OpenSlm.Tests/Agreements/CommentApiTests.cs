using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OpenSlm.Core.Access;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Agreements;

/// <summary>Issue 18, negotiation: a version discussed term by term by the provider and the customer, on SQLite and PostgreSQL.</summary>
public sealed class CommentApiTests
{
    private const string Comments = "/api/v1/agreements/online-retail-web-shop-sla/versions/1/comments";

    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_provider_and_the_customer_discuss_a_version_and_internal_comments_stay_with_the_provider(string provider)
    {
        await using var api = await ApiHost.StartAsync(provider, demo: true);
        var customer = api.ClientWith(await api.TokenAsync("dan", [Role.Customer], customers: ["online-retail"]));
        var other = api.ClientWith(await api.TokenAsync("olga", [Role.Customer], customers: ["store-operations"]));
        var viewer = api.ClientWith(await api.TokenAsync("vera", [Role.Viewer]));

        // The manager asks about a term; the customer answers on it; an internal note is for the provider only.
        var asked = await api.Client.PostAsync(Comments, Body("""{"text": "Can we hold 99.95 % if checkout moves to the new gateway?", "term": "objectives[availability].target"}"""));
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        var first = await ApiHost.Json(asked);
        Assert.Equal(("objectives[availability].target", false, 1), ((string)first["term"]!, (bool)first["internal"]!, (int)first["version"]!));
        Assert.Equal(HttpStatusCode.Created, (await customer.PostAsync(Comments, Body("""{"text": "Only with the weekend maintenance window kept.", "term": "objectives[availability]"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.Client.PostAsync(Comments, Body("""{"text": "Our floor is 99.93 %; do not offer more.", "internal": true}"""))).StatusCode);

        var all = (await api.GetJson(Comments)).AsArray();
        Assert.Equal(3, all.Count);
        Assert.Equal("Only with the weekend maintenance window kept.", (string)all[1]!["text"]!);
        Assert.StartsWith("dan", (string)all[1]!["author"]!, StringComparison.Ordinal);
        var theirs = JsonNode.Parse(await customer.GetStringAsync(Comments))!.AsArray();
        Assert.Equal(2, theirs.Count);
        Assert.DoesNotContain(theirs, c => ((string)c!["text"]!).Contains("floor", StringComparison.Ordinal));

        // Refused, each at its field and nothing stored: no text, a term the version does not have, a customer's internal comment.
        var empty = await api.Client.PostAsync(Comments, Body("""{"text": "  "}"""));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("\"text\"", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var term = await api.Client.PostAsync(Comments, Body("""{"text": "x", "term": "objectives[nope].target"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, term.StatusCode);
        Assert.Contains("'objectives[nope].target' is not a term of this version", await term.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var secret = await customer.PostAsync(Comments, Body("""{"text": "x", "internal": true}"""));
        Assert.Equal(HttpStatusCode.BadRequest, secret.StatusCode);
        Assert.Contains("only the provider's staff write internal comments", await secret.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var longText = await api.Client.PostAsync(Comments, Body(new JsonObject { ["text"] = new string('x', 4001) }.ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest, longText.StatusCode);
        Assert.Contains("at most 4,000", await longText.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var wrongType = await api.Client.PostAsync(Comments, Body("""{"text": ["a"]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);

        // A viewer reads but does not take part; another customer's agreement does not exist for them.
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(Comments)).StatusCode);
        var refused = await viewer.PostAsync(Comments, Body("""{"text": "me too"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Only a service level manager, the customer or supplier", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(Comments)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync(Comments, Body("""{"text": "x"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/v1/agreements/online-retail-web-shop-sla/versions/9/comments")).StatusCode);
        Assert.Equal(3, (await api.GetJson(Comments)).AsArray().Count);
    }
}
