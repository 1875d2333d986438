using System.CommandLine;
using NodaTime;
using OpenSlm.Storage;
using OpenSlm.Storage.Maintenance;
using OpenSlm.Storage.Tickets;

namespace OpenSlm.Cli;

/// <summary>
/// <c>slm repair</c>: finds the rows a build before today's limits accepted and OpenSLM no longer reads (see
/// <see cref="StoreCheck"/>), writes them to a CSV file, removes them and rebuilds what was summed from them.
/// </summary>
internal static class RepairCommand
{
    public static Command Build()
    {
        var check = new Option<bool>("--check") { Description = "Only list what would be repaired; change nothing (exit 1 when anything would be)." };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the removed rows (CSV); default openslm-repair-<time>.csv in the current folder." };
        var data = Commands.DataOption();
        var database = Commands.DatabaseOption();
        var command = new Command("repair",
            "Find stored rows outside what OpenSLM accepts (instants outside 1970–9000, counts past the limits, rollup sums that overflowed: left by builds " +
            "before the limits), write them to a CSV file, remove them, rebuild the affected indicators' rollups and run the affected tickets' clocks again. " +
            "Stop slm serve first.")
        {
            check, output, data, database,
        };
        command.SetAction(async (parse, ct) =>
        {
            var target = DatabaseTarget.Resolve(parse.GetValue(database), parse.GetValue(data));
            Console.Error.WriteLine($"OpenSLM: data in {target.Description}");
            await target.MigrateAsync(ct).ConfigureAwait(false);
            var store = new StoreCheck(target);
            var found = await store.FindAsync(20, ct).ConfigureAwait(false);
            if (found.Clean)
            {
                Console.WriteLine("Nothing to repair: every stored row is within OpenSLM's limits.");
                return 0;
            }
            Print(found);
            if (parse.GetValue(check))
            {
                return 1;
            }
            var file = parse.GetValue(output) ?? $"openslm-repair-{SystemClock.Instance.GetCurrentInstant().ToUnixTimeSeconds()}.csv";
            await store.RepairAsync(file, ct).ConfigureAwait(false);
            Console.WriteLine($"Wrote the {found.Total:N0} rows to {Path.GetFullPath(file)}, removed them and rebuilt the rollups of the indicators they touched.");
            if (found.Counts.GetValueOrDefault("ticket_events") > 0)
            {
                var tickets = new TicketStore(target, SystemClock.Instance);
                foreach (var policy in await tickets.PoliciesAsync(ct).ConfigureAwait(false))
                {
                    if (await tickets.RecomputeAsync(policy, ct).ConfigureAwait(false) is { } run)
                    {
                        Console.WriteLine($"Ran the clocks of policy {run.Policy} again: {run.Tickets:N0} tickets, {run.Clocks:N0} clocks.");
                    }
                }
            }
            return 0;
        });
        return command;
    }

    /// <summary>Says what a check found: the counts, then the rows named.</summary>
    internal static void Print(StoreCheckResult found)
    {
        Console.WriteLine($"{found.Total:N0} stored rows are outside OpenSLM's limits ({string.Join(", ", found.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key}: {c.Value:N0}"))}):");
        foreach (var row in found.Examples)
        {
            Console.WriteLine($"  {row}");
        }
        if (found.Total > found.Examples.Count)
        {
            Console.WriteLine($"  … and {found.Total - found.Examples.Count:N0} more.");
        }
    }
}
