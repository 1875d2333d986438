using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Tickets;

namespace OpenSlm.Benchmarks;

/// <summary>
/// Issue 4's ticket workload: N tickets × 5 updates (New → Active → Awaiting User Info → Active → Resolved, a
/// priority each) through a response and a resolution policy on a business calendar (Mon–Fri 09:00–17:00
/// Europe/London with the 2025 UK bank holidays, the W2 peers' calendar), clocks read at the end. Events are built
/// first, once grouped by ticket (the order the store reads them in) and once shuffled (arrival order, the worst
/// case); the time covers grouping, ordering and every clock.
/// </summary>
internal static class TicketHarness
{
    private static readonly string[] Priorities = ["1", "2", "3", "4"];

    public static int Run(string[] args)
    {
        var tickets = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var policies = Policies();
        var grouped = Events(tickets);
        var shuffled = (TicketEvent[])grouped.Clone();
        new Random(7).Shuffle(shuffled);
        var at = Instant.FromUtc(2026, 1, 1, 0, 0);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            harness = "tickets",
            dotnet = Environment.Version.ToString(),
            server_gc = System.Runtime.GCSettings.IsServerGC,
            cores = Environment.ProcessorCount,
            tickets,
            events = grouped.Length,
            policies = policies.Count,
            grouped = Time(policies, grouped, at, runs),
            shuffled = Time(policies, shuffled, at, runs),
        }));
        return 0;
    }

    /// <summary>The first run (a fresh process: JIT, calendar, memory from the OS) and then <paramref name="runs"/> more.</summary>
    private static object Time(IReadOnlyList<CompiledPolicy> policies, TicketEvent[] events, Instant at, int runs)
    {
        var times = new List<double>();
        var gcPauses = new List<double>();
        var counts = new Dictionary<string, int>();
        for (var r = 0; r <= runs; r++)
        {
            GC.Collect();
            var pause = GC.GetTotalPauseDuration();
            var watch = Stopwatch.StartNew();
            var clocks = TicketClocks.Run(policies, events, at);
            watch.Stop();
            times.Add(Math.Round(watch.Elapsed.TotalMilliseconds, 1));
            gcPauses.Add(Math.Round((GC.GetTotalPauseDuration() - pause).TotalMilliseconds, 1));
            counts = clocks.GroupBy(c => c.State).ToDictionary(g => g.Key.ToString(), g => g.Count());
        }
        var warm = times.Skip(1).Order().ToList();
        return new
        {
            clocks = counts,
            first_ms = times[0],
            median_ms = warm[warm.Count / 2],
            runs_ms = times.Skip(1),
            gc_pause_ms = gcPauses.Skip(1),
            events_per_s = Math.Round(events.Length / (warm[warm.Count / 2] / 1000)),
        };
    }

    private static List<CompiledPolicy> Policies()
    {
        var hours = new WeeklyHours
        {
            Monday = [TimeRange.Parse("09:00-17:00")],
            Tuesday = [TimeRange.Parse("09:00-17:00")],
            Wednesday = [TimeRange.Parse("09:00-17:00")],
            Thursday = [TimeRange.Parse("09:00-17:00")],
            Friday = [TimeRange.Parse("09:00-17:00")],
        };
        LocalDate[] holidays =
        [
            new(2025, 1, 1), new(2025, 4, 18), new(2025, 4, 21), new(2025, 5, 5),
            new(2025, 5, 26), new(2025, 8, 25), new(2025, 12, 25), new(2025, 12, 26),
        ];
        var clock = BusinessClock.Of(DateTimeZoneProviders.Tzdb["Europe/London"], hours, holidays);
        var state = (params string[] values) => new FieldCondition { Field = "state", In = values };
        var response = new TicketPolicySpec
        {
            AppliesTo = [new FieldCondition { Field = "type", In = ["incident"] }],
            Start = [state("New")],
            Stop = [new FieldCondition { Field = "state", NotIn = ["New"] }],
            Targets = [new PriorityTarget { Priority = "1", Within = "30m" }, new PriorityTarget { Priority = "*", Within = "4h" }],
            Warnings = [50, 75, 90],
        };
        var resolution = new TicketPolicySpec
        {
            AppliesTo = [new FieldCondition { Field = "type", In = ["incident"] }],
            Pause = [state("Awaiting User Info")],
            Stop = [state("Resolved", "Closed")],
            Cancel = [state("Cancelled")],
            Targets =
            [
                new PriorityTarget { Priority = "1", Within = "4h" }, new PriorityTarget { Priority = "2", Within = "8h" },
                new PriorityTarget { Priority = "3", Within = "24h" }, new PriorityTarget { Priority = "*", Within = "40h" },
            ],
            Warnings = [50, 75, 90],
            RetroactiveStart = true,
        };
        return [new("response", 1, response, clock), new("resolution", 1, resolution, clock)];
    }

    /// <summary>Five updates a ticket over 2025, spread by a fixed seed, grouped by ticket as the store reads them.</summary>
    private static TicketEvent[] Events(int tickets)
    {
        var random = new Random(42);
        var start = Instant.FromUtc(2025, 1, 1, 0, 0).ToUnixTimeSeconds();
        var year = 365L * 86_400;
        string[] states = ["New", "Active", "Awaiting User Info", "Active", "Resolved"];
        var events = new TicketEvent[tickets * 5];
        for (var t = 0; t < tickets; t++)
        {
            var id = "INC" + t.ToString("D7", CultureInfo.InvariantCulture);
            var time = start + random.NextInt64(year - 30 * 86_400);
            var priority = Priorities[random.Next(Priorities.Length)];
            for (var k = 0; k < 5; k++)
            {
                var fields = k == 0
                    ? new Dictionary<string, string?> { ["state"] = states[k], ["priority"] = priority, ["type"] = "incident" }
                    : new Dictionary<string, string?> { ["state"] = states[k] };
                events[(t * 5) + k] = new TicketEvent(id, Instant.FromUnixTimeSeconds(time), fields);
                time += random.Next(60, 3 * 86_400);
            }
        }
        return events;
    }
}
