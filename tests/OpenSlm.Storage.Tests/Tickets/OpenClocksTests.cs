using NodaTime;
using OpenSlm.Core.Tickets;
using OpenSlm.Storage.Tests.Catalogue;
using OpenSlm.Storage.Tickets;
using OpenSlm.TestSupport;

namespace OpenSlm.Storage.Tests.Tickets;

/// <summary>The ticket monitor's read: open clocks by time left, filtered by the tickets' own fields, on both databases.</summary>
public sealed class OpenClocksTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static readonly Instant Now = Instant.FromUtc(2026, 1, 5, 12, 0);

    private const string Policy = """
        apiVersion: openslm/v1
        kind: TicketPolicy
        metadata: {name: resolution}
        spec:
          start: [{field: state, in: [New]}]
          pause: [{field: state, in: [Waiting]}]
          stop: [{field: state, in: [Resolved]}]
          targets: [{priority: "1", within: 4h}, {priority: "2", within: 1d}]
        """;

    private static TicketEvent Event(string ticket, double hoursAgo, params (string Field, string Value)[] fields) =>
        new(ticket, Now - Duration.FromMinutes(hoursAgo * 60), fields.ToDictionary(f => f.Field, f => (string?)f.Value, StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Open_clocks_come_least_time_left_first_and_filter_by_priority_and_the_tickets_latest_fields(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FixedClock(Now - Duration.FromDays(1));
        await Some.Store(db, clock).ApplyOk(Policy);
        var store = new TicketStore(db.Target, clock);
        await store.RecordAsync([
            Event("T1", 5, ("state", "New"), ("priority", "1"), ("service", "shop"), ("customer", "acme")),       // 1 h past its 4 h
            Event("T2", 1, ("state", "New"), ("priority", "1"), ("service", "shop"), ("customer", "acme")),       // 3 h left
            Event("T3", 2, ("state", "New"), ("priority", "2"), ("service", "tills"), ("customer", "stores")),    // 22 h left
            Event("T4", 3, ("state", "New"), ("priority", "1"), ("service", "tills"), ("customer", "stores")),
            Event("T4", 2.5, ("state", "Waiting")),                                                               // paused, 3.5 h left
            Event("T5", 3, ("state", "New"), ("priority", "2"), ("service", "shop"), ("customer", "acme")),
            Event("T5", 1, ("state", "Resolved")),                                                                // stopped: not open
            Event("T6", 8, ("state", "New"), ("priority", "2"), ("service", "tills"), ("customer", "acme")),     // 16 h left
            Event("T6", 2, ("service", "shop")),                                                                  // moved to shop since
        ]);
        clock.Now = Now;

        var (all, total) = await store.OpenAsync(null, null, null, Now, 10);
        Assert.Equal(5, total);
        // Counting clocks by deadline, the one past it first; the paused one last, whatever its time left.
        Assert.Equal(["T1", "T2", "T6", "T3", "T4"], all.Select(c => c.Ticket));
        Assert.Equal(ClockState.Paused, all.Single(c => c.Ticket == "T4").State);

        var (p1, p1Total) = await store.OpenAsync(null, "1", null, Now, 10);
        Assert.Equal(["T1", "T2", "T4"], p1.Select(c => c.Ticket));
        Assert.Equal(3, p1Total);

        var shop = new Dictionary<string, string> { ["service"] = "shop" };
        var (byService, _) = await store.OpenAsync(null, null, shop, Now, 10);
        Assert.Equal(["T1", "T2", "T6"], byService.Select(c => c.Ticket));

        var stores = new Dictionary<string, string> { ["customer"] = "stores", ["service"] = "tills" };
        var (byBoth, bothTotal) = await store.OpenAsync(["resolution"], null, stores, Now, 1);
        Assert.Equal(["T3"], byBoth.Select(c => c.Ticket));
        Assert.Equal(2, bothTotal);

        var fields = await store.LatestFieldsAsync(["T6", "T9"], ["service", "customer"]);
        Assert.Equal("shop", fields["T6"]["service"]);
        Assert.Equal("acme", fields["T6"]["customer"]);
        Assert.False(fields.ContainsKey("T9"));
    }
}
