using System.Text.Json.Nodes;
using OpenSlm.Tests.Support;

namespace OpenSlm.Tests.Demo;

/// <summary>The demo's story of a slow deterioration: PayFlow's authorisations wear over the last three closed months, still met.</summary>
public sealed class DemoTrendTests
{
    [Fact]
    public async Task The_demo_names_the_payments_objectives_as_deteriorating_and_no_others()
    {
        await using var api = await ApiHost.StartAsync("sqlite", demo: true);
        var card = JsonNode.Parse(await api.Client.GetStringAsync("/api/v1/reports/scorecard?months=6"))!;
        var deteriorating = card["rows"]!.AsArray().Where(r => (bool)r!["trend"]!["deteriorating"]!)
            .Select(r => $"{r!["agreement"]}/{r["objective"]}").Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["payflow-gateway-uc/authorisations", "payments-ola/authorisations"], deteriorating);
        var payments = card["rows"]!.AsArray().First(r => (string)r!["agreement"]! == "payments-ola")!;
        Assert.Equal(3, (int)payments["trend"]!["fallingRun"]!);
        Assert.Equal("Falling", (string)payments["trend"]!["direction"]!);
        // Checkout breached last month: a breach to diagnose, not a warning.
        var checkout = card["rows"]!.AsArray().First(r => (string)r!["objective"]! == "checkout-success")!;
        Assert.False((bool)checkout["trend"]!["deteriorating"]!);
        Assert.Contains("breached in its latest period", (string)checkout["trend"]!["why"]!, StringComparison.Ordinal);

        var page = await api.Client.GetStringAsync("/api/v1/reports/scorecard?months=6&format=html");
        Assert.Contains("<p class=\"deteriorating\">payments-ola/authorisations: still met, but lower in each of the last 3 periods.", page, StringComparison.Ordinal);
    }
}
