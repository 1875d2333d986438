using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Tickets;
using OpenSlm.Interop.Json;
using OpenSlm.Storage.Entities;

namespace OpenSlm.Storage.Tickets;

/// <summary>What a batch of ticket updates did.</summary>
/// <param name="Received">Updates in the batch.</param>
/// <param name="Stored">Updates stored (the rest were already stored: same ticket, instant and fields).</param>
/// <param name="Tickets">Tickets whose clocks were run again.</param>
public sealed record TicketBatchResult(int Received, int Stored, int Tickets);

/// <summary>One ticket whose clock a recompute would change: as it reads now, and as it would read (null: no clock).</summary>
public sealed record RecomputeChange(string Ticket, TicketClock? Before, TicketClock? After);

/// <summary>
/// What a recompute would do, read at one instant: of <see cref="Tickets"/> tickets, the clocks it would change (the
/// first <see cref="Changes"/> of <see cref="Changed"/>, by ticket), leaving the rest as they read.
/// </summary>
public sealed record RecomputePreview(string Policy, int Version, int Tickets, int Changed, IReadOnlyList<RecomputeChange> Changes);

/// <summary>What a recompute did.</summary>
public sealed record RecomputeResult(string Policy, int Version, int Tickets, int Clocks);

/// <summary>One page of stored clocks.</summary>
public sealed record ClockPage(IReadOnlyList<TicketClock> Items, int PageNumber, int PageSize, int Total);

/// <summary>
/// Ticket updates and the clocks they drive. Every accepted update is kept as received; a ticket's clocks are run
/// again from all its updates (in time order) whenever one arrives, so late and out-of-order updates give the same
/// clocks as updates sent in order.
/// </summary>
/// <remarks>
/// A policy runs as a frozen version: its terms and its calendar's, numbered 1, 2, 3… per policy, a new number
/// whenever either changes. A clock keeps the version it started under — editing a policy does not move running
/// clocks — until <see cref="RecomputeAsync"/> runs every ticket again under the policy's current version. Since a
/// clock is a pure function of the stored updates and the version, a recompute is exact and gives the same result
/// every time. Retired policies start no new clocks; their clocks keep their last state.
/// </remarks>
public sealed class TicketStore(DatabaseTarget database, IClock clock)
{
    /// <summary>Tickets read per query when a recompute runs every ticket.</summary>
    private const int TicketsPerRead = 5_000;

    private static readonly JsonSerializerOptions FieldJson = new();

    private readonly ConcurrentDictionary<(string Policy, int Version), CompiledPolicy> _compiled = new();

    /// <summary>Stores the updates (each once) and runs the clocks of every ticket they touch, in one transaction.</summary>
    public async Task<TicketBatchResult> RecordAsync(IReadOnlyList<TicketEvent> events, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        var tickets = events.Select(e => e.Ticket).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        await LockAsync(db, tickets, ct).ConfigureAwait(false);

        var known = new HashSet<(string, long, string)>();
        foreach (var chunk in tickets.Chunk(500))
        {
            var rows = await db.TicketEvents.AsNoTracking().Where(e => chunk.Contains(e.Ticket))
                .Select(e => new { e.Ticket, e.At, e.Digest }).ToListAsync(ct).ConfigureAwait(false);
            known.UnionWith(rows.Select(r => (r.Ticket, r.At, r.Digest)));
        }
        var received = clock.GetCurrentInstant().ToUnixTimeTicks();
        var stored = 0;
        foreach (var e in events)
        {
            var (json, digest) = Canonical(e.Fields);
            if (known.Add((e.Ticket, e.At.ToUnixTimeTicks(), digest)))
            {
                db.TicketEvents.Add(new TicketEventEntity { Ticket = e.Ticket, At = e.At.ToUnixTimeTicks(), Fields = json, Digest = digest, ReceivedAt = received });
                stored++;
            }
        }
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();

        var current = await CurrentPoliciesAsync(db, ct).ConfigureAwait(false);
        await RunTicketsAsync(db, tickets, current, pinned: true, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return new TicketBatchResult(events.Count, stored, tickets.Count);
    }

    /// <summary>
    /// Runs every stored ticket under the policy's current version and replaces the policy's clocks with the result:
    /// running clocks move to the current terms, and tickets the policy now matches get clocks. Null when the policy
    /// does not exist or is retired.
    /// </summary>
    public async Task<RecomputeResult?> RecomputeAsync(string policy, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            // One recompute at a time, and no batch of updates meanwhile (they take the same lock, shared).
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(8640, 0)", ct).ConfigureAwait(false);
        }
        var current = await CurrentPoliciesAsync(db, ct).ConfigureAwait(false);
        if (!current.TryGetValue(policy, out var compiled))
        {
            return null;
        }
        await db.TicketClocks.Where(c => c.Policy == policy).ExecuteDeleteAsync(ct).ConfigureAwait(false);
        var all = await db.TicketEvents.AsNoTracking().Select(e => e.Ticket).Distinct().OrderBy(t => t).ToListAsync(ct).ConfigureAwait(false);
        var only = new Dictionary<string, CompiledPolicy>(StringComparer.Ordinal) { [policy] = compiled };
        var clocks = 0;
        foreach (var chunk in all.Chunk(TicketsPerRead))
        {
            clocks += await RunTicketsAsync(db, chunk, only, pinned: false, ct).ConfigureAwait(false);
            db.ChangeTracker.Clear();
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return new RecomputeResult(policy, compiled.Version, all.Count, clocks);
    }

    /// <summary>
    /// What <see cref="RecomputeAsync"/> would do, changing nothing: every stored ticket run under the version its
    /// clock keeps and under the policy's current version, both read at <paramref name="at"/>; the tickets whose clock
    /// would differ in state, target, deadline, breach or stop (see <see cref="TicketClocks.Differ"/>), the first
    /// <paramref name="limit"/> listed. Null when the policy does not exist or is retired.
    /// </summary>
    public async Task<RecomputePreview?> PreviewRecomputeAsync(string policy, Instant at, int limit, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var current = await CurrentPoliciesAsync(db, ct).ConfigureAwait(false);
        if (!current.TryGetValue(policy, out var compiled))
        {
            return null;
        }
        var all = await db.TicketEvents.AsNoTracking().Select(e => e.Ticket).Distinct().OrderBy(t => t).ToListAsync(ct).ConfigureAwait(false);
        var versions = new Dictionary<int, CompiledPolicy> { [compiled.Version] = compiled };
        var changes = new List<RecomputeChange>();
        var changed = 0;
        foreach (var chunk in all.Chunk(TicketsPerRead))
        {
            var pins = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var batch in chunk.Chunk(500))
            {
                foreach (var row in await db.TicketClocks.AsNoTracking().Where(c => c.Policy == policy && batch.Contains(c.Ticket))
                    .Select(c => new { c.Ticket, c.PolicyVersion }).ToListAsync(ct).ConfigureAwait(false))
                {
                    pins[row.Ticket] = row.PolicyVersion;
                }
            }
            foreach (var ticket in (await EventsOfAsync(db, chunk, ct).ConfigureAwait(false)).GroupBy(e => e.Ticket, StringComparer.Ordinal))
            {
                TicketClock? before = null;
                if (pins.TryGetValue(ticket.Key, out var version))
                {
                    if (!versions.TryGetValue(version, out var kept))
                    {
                        versions[version] = kept = await CompiledAsync(db, policy, version, ct).ConfigureAwait(false);
                    }
                    before = Single(TicketClocks.Run([kept], [.. ticket], at));
                }
                var after = Single(TicketClocks.Run([compiled], [.. ticket], at));
                if (TicketClocks.Differ(before, after))
                {
                    changed++;
                    if (changes.Count < limit)
                    {
                        changes.Add(new RecomputeChange(ticket.Key, before, after));
                    }
                }
            }
        }
        return new RecomputePreview(policy, compiled.Version, all.Count, changed, changes);
    }

    private static TicketClock? Single(IReadOnlyList<TicketClock> clocks) => clocks.Count > 0 ? clocks[0] : null;

    /// <summary>The names of the ticket policies in force.</summary>
    public async Task<IReadOnlyList<string>> PoliciesAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return [.. (await CurrentPoliciesAsync(db, ct).ConfigureAwait(false)).Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>A ticket's updates as stored, in the order they apply.</summary>
    public async Task<IReadOnlyList<TicketEvent>> EventsAsync(string ticket, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await EventsOfAsync(db, [ticket], ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A ticket's clocks read at <paramref name="at"/>: run again from its stored updates under the versions they
    /// keep, so a running clock's elapsed time, warnings and breach are exact at that instant. Clocks of retired
    /// policies are given as last stored.
    /// </summary>
    /// <returns>Null when no update of the ticket is stored.</returns>
    public async Task<IReadOnlyList<TicketClock>?> ClocksAsync(string ticket, Instant at, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        if (!await db.TicketEvents.AnyAsync(e => e.Ticket == ticket, ct).ConfigureAwait(false))
        {
            return null;
        }
        var current = await CurrentPoliciesAsync(db, ct).ConfigureAwait(false);
        var live = await ReadLiveAsync(db, [ticket], current, at, ct).ConfigureAwait(false);
        var stored = await db.TicketClocks.AsNoTracking().Where(c => c.Ticket == ticket).ToListAsync(ct).ConfigureAwait(false);
        return [.. live.Concat(stored.Where(s => !current.ContainsKey(s.Policy)).Select(ToClock)).OrderBy(c => c.Policy, StringComparer.Ordinal)];
    }

    /// <summary>
    /// A ticket's clock timeline up to <paramref name="at"/>: its stored updates run again under the versions its clocks
    /// keep (as <see cref="ClocksAsync"/> reads them), told step by step. Policies no longer in force are left out.
    /// </summary>
    /// <returns>Null when no update of the ticket is stored.</returns>
    public async Task<IReadOnlyList<TimelineStep>?> TimelineAsync(string ticket, Instant at, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var events = await EventsOfAsync(db, [ticket], ct).ConfigureAwait(false);
        if (events.Count == 0)
        {
            return null;
        }
        var current = await CurrentPoliciesAsync(db, ct).ConfigureAwait(false);
        var pins = (await db.TicketClocks.AsNoTracking().Where(c => c.Ticket == ticket).Select(c => new { c.Policy, c.PolicyVersion }).ToListAsync(ct).ConfigureAwait(false))
            .ToDictionary(c => (ticket, c.Policy), c => c.PolicyVersion);
        var policies = await VersionsAsync(db, ticket, current, pins, ct).ConfigureAwait(false);
        return TicketClocks.Timeline([.. policies.OrderBy(p => p.Name, StringComparer.Ordinal)], events, at);
    }

    /// <summary>
    /// Stored clocks, by ticket, optionally of one policy and in one state as at <paramref name="at"/> (a running clock
    /// past its deadline is Breached). The page's open clocks are read at <paramref name="at"/> as in <see cref="ClocksAsync"/>.
    /// </summary>
    public async Task<ClockPage> ListAsync(string? policy, ClockState? state, Instant at, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var now = at.ToUnixTimeTicks();
        var query = db.TicketClocks.AsNoTracking();
        if (policy is not null)
        {
            query = query.Where(c => c.Policy == policy);
        }
        var (running, paused, breached) = (nameof(ClockState.Running), nameof(ClockState.Paused), nameof(ClockState.Breached));
        query = state switch
        {
            null => query,
            ClockState.Breached => query.Where(c => c.State == breached || (c.State == running && c.Deadline != null && c.Deadline <= now)),
            ClockState.Running => query.Where(c => c.State == running && (c.Deadline == null || c.Deadline > now)),
            _ => query.Where(c => c.State == state.ToString()),
        };
        var total = await query.CountAsync(ct).ConfigureAwait(false);
        var rows = await query.OrderBy(c => c.Ticket).ThenBy(c => c.Policy).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct).ConfigureAwait(false);
        var open = rows.Where(r => r.State == running || r.State == paused).Select(r => r.Ticket).Distinct(StringComparer.Ordinal).ToList();
        var current = await CurrentPoliciesAsync(db, ct).ConfigureAwait(false);
        var live = (await ReadLiveAsync(db, open, current, at, ct).ConfigureAwait(false)).ToDictionary(c => (c.Ticket, c.Policy));
        var items = rows.Select(r => live.TryGetValue((r.Ticket, r.Policy), out var c) ? c : ToClock(r)).ToList();
        return new ClockPage(items, page, pageSize, total);
    }

    /// <summary>
    /// The clocks still open (counting, within or past their target, or paused) as at <paramref name="at"/>, least time
    /// left first: counting clocks by deadline (those past it first), then paused ones by time left. Optionally of some
    /// policies, of one priority, and of tickets whose latest values of the given <paramref name="fields"/> (e.g. service,
    /// customer) are the ones asked for. At most <paramref name="take"/>, read live as in <see cref="ClocksAsync"/>; with
    /// the count of all that match.
    /// </summary>
    public async Task<(IReadOnlyList<TicketClock> Items, int Total)> OpenAsync(
        IReadOnlyCollection<string>? policies, string? priority, IReadOnlyDictionary<string, string>? fields, Instant at, int take, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var (running, paused, breached) = (nameof(ClockState.Running), nameof(ClockState.Paused), nameof(ClockState.Breached));
        // Open: counting (within target, or past it and still counting: Breached with no stop) or paused.
        var query = db.TicketClocks.AsNoTracking().Where(c => c.State == running || c.State == paused || (c.State == breached && c.StoppedAt == null));
        if (policies is not null)
        {
            query = query.Where(c => policies.Contains(c.Policy));
        }
        if (priority is not null)
        {
            query = query.Where(c => c.Priority == priority);
        }
        if (fields is { Count: > 0 })
        {
            var candidates = await query.Select(c => c.Ticket).Distinct().ToListAsync(ct).ConfigureAwait(false);
            var latest = await LatestFieldsAsync(db, candidates, [.. fields.Keys], ct).ConfigureAwait(false);
            var matching = candidates.Where(t => fields.All(f => latest.TryGetValue(t, out var v) && v.TryGetValue(f.Key, out var value) && value == f.Value)).ToList();
            query = query.Where(c => matching.Contains(c.Ticket));
        }
        var total = await query.CountAsync(ct).ConfigureAwait(false);
        // A running clock's stored deadline holds while nothing changes; a paused one has none, and its time left is frozen.
        var rows = await query.OrderBy(c => c.State == paused ? 1 : 0).ThenBy(c => c.Deadline).ThenBy(c => c.Target - c.Elapsed).ThenBy(c => c.Ticket)
            .Take(take).ToListAsync(ct).ConfigureAwait(false);
        var current = await CurrentPoliciesAsync(db, ct).ConfigureAwait(false);
        var live = (await ReadLiveAsync(db, [.. rows.Select(r => r.Ticket).Distinct(StringComparer.Ordinal)], current, at, ct).ConfigureAwait(false))
            .ToDictionary(c => (c.Ticket, c.Policy));
        var items = rows.Select(r => live.TryGetValue((r.Ticket, r.Policy), out var c) ? c : ToClock(r))
            .OrderBy(c => c.State == ClockState.Paused ? 1 : 0).ThenBy(c => c.State == ClockState.Paused ? Instant.MaxValue : c.Deadline ?? Instant.MaxValue)
            .ThenBy(c => c.Remaining).ThenBy(c => c.Ticket, StringComparer.Ordinal).ToList();
        return (items, total);
    }

    /// <summary>
    /// The clocks of <paramref name="policies"/> a watcher must look at by <paramref name="now"/>: not stopped, and past
    /// their first warning or deadline (crossed, or due while running), each with the warnings it was due to cross
    /// while running (see <see cref="TicketClocks.Upcoming"/>). One indexed read, no ticket run again.
    /// </summary>
    public async Task<IReadOnlyList<(TicketClock Clock, IReadOnlyList<WarningCrossed> Upcoming)>> WatchedAsync(IReadOnlyCollection<string> policies, Instant now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(policies);
        if (policies.Count == 0)
        {
            return [];
        }
        await using var db = database.CreateContext();
        var ticks = now.ToUnixTimeTicks();
        var rows = await db.TicketClocks.AsNoTracking()
            .Where(c => c.WatchFrom != null && c.WatchFrom <= ticks && policies.Contains(c.Policy))
            .OrderBy(c => c.Ticket).ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.Select(r => (ToClock(r), (IReadOnlyList<WarningCrossed>)Warnings(r.Upcoming)))];
    }

    /// <summary>The outcomes of a policy's clocks (of the given priorities; none given: all), for objectives.</summary>
    public async Task<IReadOnlyList<ClockOutcome>> OutcomesAsync(string policy, IReadOnlyList<string> priorities, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await OutcomesAsync(db, policy, priorities, ct).ConfigureAwait(false);
    }

    /// <summary>The outcomes of every clock of a policy, with each clock's priority (empty when it has none), for
    /// compliance by priority in reports.</summary>
    public async Task<IReadOnlyList<(string Priority, ClockOutcome Outcome)>> OutcomesByPriorityAsync(string policy, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.TicketClocks.AsNoTracking().Where(c => c.Policy == policy)
            .Select(c => new { c.Priority, c.State, c.StoppedAt, c.BreachedAt, c.Deadline }).ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.Select(r => (r.Priority ?? string.Empty, new ClockOutcome(Enum.Parse<ClockState>(r.State), Time(r.StoppedAt), Time(r.BreachedAt), Time(r.Deadline))))];
    }

    /// <inheritdoc cref="OutcomesAsync(string, IReadOnlyList{string}, CancellationToken)"/>
    internal static async Task<IReadOnlyList<ClockOutcome>> OutcomesAsync(SlmDbContext db, string policy, IReadOnlyList<string> priorities, CancellationToken ct)
    {
        var query = db.TicketClocks.AsNoTracking().Where(c => c.Policy == policy);
        if (priorities.Count > 0)
        {
            query = query.Where(c => c.Priority != null && priorities.Contains(c.Priority));
        }
        var rows = await query.Select(c => new { c.State, c.StoppedAt, c.BreachedAt, c.Deadline }).ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.Select(r => new ClockOutcome(Enum.Parse<ClockState>(r.State), Time(r.StoppedAt), Time(r.BreachedAt), Time(r.Deadline)))];
    }

    /// <summary>Serialises updates of one ticket across processes (PostgreSQL); SQLite has one writer at a time already.</summary>
    private async Task LockAsync(SlmDbContext db, IReadOnlyList<string> tickets, CancellationToken ct)
    {
        if (database.Provider != DatabaseProvider.PostgreSql)
        {
            return;
        }
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock_shared(8640, 0)", ct).ConfigureAwait(false);
        foreach (var ticket in tickets)
        {
            // In name order, so two batches never wait on each other in a circle.
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({ticket}, 8640))", ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the tickets' clocks from their stored updates and stores them, read at each ticket's last update. With
    /// <paramref name="pinned"/>, a clock already stored runs under the version it keeps; otherwise under the given one.
    /// </summary>
    private async Task<int> RunTicketsAsync(SlmDbContext db, IReadOnlyList<string> tickets, Dictionary<string, CompiledPolicy> policies, bool pinned, CancellationToken ct)
    {
        var events = await EventsOfAsync(db, tickets, ct).ConfigureAwait(false);
        var names = policies.Keys.ToList();
        var stored = new Dictionary<(string, string), TicketClockEntity>();
        foreach (var chunk in tickets.Chunk(500))
        {
            foreach (var row in await db.TicketClocks.Where(c => chunk.Contains(c.Ticket) && names.Contains(c.Policy)).ToListAsync(ct).ConfigureAwait(false))
            {
                stored[(row.Ticket, row.Policy)] = row;
            }
        }
        var count = 0;
        var seen = new HashSet<(string, string)>();
        var pins = pinned ? stored.ToDictionary(kv => kv.Key, kv => kv.Value.PolicyVersion) : [];
        foreach (var ticket in events.GroupBy(e => e.Ticket, StringComparer.Ordinal))
        {
            var run = await VersionsAsync(db, ticket.Key, policies, pins, ct).ConfigureAwait(false);
            var readAt = ticket.Max(e => e.At);
            foreach (var c in TicketClocks.Run(run, [.. ticket], readAt))
            {
                seen.Add((c.Ticket, c.Policy));
                if (!stored.TryGetValue((c.Ticket, c.Policy), out var row))
                {
                    row = new TicketClockEntity { Ticket = c.Ticket, Policy = c.Policy };
                    db.TicketClocks.Add(row);
                }
                Fill(row, c, readAt, run.First(p => p.Name == c.Policy));
                count++;
            }
        }
        // A clock that a re-run no longer starts (the versions changed under a recompute) is removed.
        db.TicketClocks.RemoveRange(stored.Where(kv => !seen.Contains(kv.Key)).Select(kv => kv.Value));
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return count;
    }

    /// <summary>The latest value of each of <paramref name="names"/> on each of <paramref name="tickets"/> (by event time).</summary>
    public async Task<IReadOnlyDictionary<string, Dictionary<string, string?>>> LatestFieldsAsync(IReadOnlyCollection<string> tickets, IReadOnlyCollection<string> names, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await LatestFieldsAsync(db, tickets, names, ct).ConfigureAwait(false);
    }

    private static async Task<Dictionary<string, Dictionary<string, string?>>> LatestFieldsAsync(
        SlmDbContext db, IReadOnlyCollection<string> tickets, IReadOnlyCollection<string> names, CancellationToken ct)
    {
        var result = new Dictionary<string, Dictionary<string, string?>>(StringComparer.Ordinal);
        foreach (var chunk in tickets.Chunk(500))
        {
            var rows = await db.TicketEvents.AsNoTracking().Where(e => chunk.Contains(e.Ticket))
                .OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new { e.Ticket, e.Fields }).ToListAsync(ct).ConfigureAwait(false);
            foreach (var row in rows)
            {
                var values = JsonSerializer.Deserialize<Dictionary<string, string?>>(row.Fields, FieldJson)!;
                if (!result.TryGetValue(row.Ticket, out var latest))
                {
                    result[row.Ticket] = latest = new Dictionary<string, string?>(StringComparer.Ordinal);
                }
                foreach (var name in names)
                {
                    if (values.TryGetValue(name, out var value))
                    {
                        latest[name] = value;
                    }
                }
            }
        }
        return result;
    }

    /// <summary>The tickets' clocks read at <paramref name="at"/>, each under the version it keeps (the current one if none yet).</summary>
    private async Task<List<TicketClock>> ReadLiveAsync(SlmDbContext db, List<string> tickets, Dictionary<string, CompiledPolicy> policies, Instant at, CancellationToken ct)
    {
        var result = new List<TicketClock>();
        if (tickets.Count == 0)
        {
            return result;
        }
        var events = await EventsOfAsync(db, tickets, ct).ConfigureAwait(false);
        var pins = new Dictionary<(string, string), int>();
        foreach (var chunk in tickets.Chunk(500))
        {
            foreach (var row in await db.TicketClocks.AsNoTracking().Where(c => chunk.Contains(c.Ticket)).Select(c => new { c.Ticket, c.Policy, c.PolicyVersion }).ToListAsync(ct).ConfigureAwait(false))
            {
                pins[(row.Ticket, row.Policy)] = row.PolicyVersion;
            }
        }
        foreach (var ticket in events.GroupBy(e => e.Ticket, StringComparer.Ordinal))
        {
            result.AddRange(TicketClocks.Run(await VersionsAsync(db, ticket.Key, policies, pins, ct).ConfigureAwait(false), [.. ticket], at));
        }
        return result;
    }

    /// <summary>The policies a ticket runs under: each at the version its clock keeps (<paramref name="pins"/>), else the current one.</summary>
    private async Task<List<CompiledPolicy>> VersionsAsync(SlmDbContext db, string ticket, Dictionary<string, CompiledPolicy> policies,
        Dictionary<(string, string), int> pins, CancellationToken ct)
    {
        var run = new List<CompiledPolicy>(policies.Count);
        foreach (var (name, current) in policies)
        {
            run.Add(pins.TryGetValue((ticket, name), out var version) && version != current.Version
                ? await CompiledAsync(db, name, version, ct).ConfigureAwait(false)
                : current);
        }
        return run;
    }

    private static async Task<List<TicketEvent>> EventsOfAsync(SlmDbContext db, IReadOnlyList<string> tickets, CancellationToken ct)
    {
        var result = new List<TicketEvent>();
        var (min, end) = Maintenance.StoreCheck.Range;   // updates outside the range, from before the limits, are left out (slm repair)
        foreach (var chunk in tickets.Chunk(500))
        {
            var rows = await db.TicketEvents.AsNoTracking().Where(e => chunk.Contains(e.Ticket) && e.At >= min && e.At < end)
                .OrderBy(e => e.Ticket).ThenBy(e => e.At).ThenBy(e => e.Id)
                .Select(e => new { e.Ticket, e.At, e.Fields }).ToListAsync(ct).ConfigureAwait(false);
            result.AddRange(rows.Select(r => new TicketEvent(r.Ticket, Instant.FromUnixTimeTicks(r.At),
                JsonSerializer.Deserialize<Dictionary<string, string?>>(r.Fields, FieldJson)!)));
        }
        return result;
    }

    /// <summary>
    /// Every TicketPolicy in force, compiled at its current version; a version is recorded the first time a policy's
    /// terms or its calendar's are seen.
    /// </summary>
    private async Task<Dictionary<string, CompiledPolicy>> CurrentPoliciesAsync(SlmDbContext db, CancellationToken ct)
    {
        var kinds = new[] { nameof(ResourceKind.TicketPolicy), nameof(ResourceKind.Calendar) };
        var rows = await db.Resources.AsNoTracking().Where(r => kinds.Contains(r.Kind) && r.RetiredAt == null)
            .Select(r => new { r.Kind, r.Name, r.Spec }).ToListAsync(ct).ConfigureAwait(false);
        var calendars = rows.Where(r => r.Kind == nameof(ResourceKind.Calendar)).ToDictionary(r => r.Name, r => r.Spec, StringComparer.Ordinal);
        var latest = await db.TicketPolicyVersions.AsNoTracking()
            .GroupBy(v => v.Policy)
            .Select(g => g.OrderByDescending(v => v.Version).Select(v => new { v.Policy, v.Version, v.Digest }).First())
            .ToListAsync(ct).ConfigureAwait(false);
        var known = latest.ToDictionary(v => v.Policy, v => (v.Version, v.Digest), StringComparer.Ordinal);
        var result = new Dictionary<string, CompiledPolicy>(StringComparer.Ordinal);
        foreach (var policy in rows.Where(r => r.Kind == nameof(ResourceKind.TicketPolicy)))
        {
            var spec = JsonSerializer.Deserialize<TicketPolicySpec>(policy.Spec, SpecJson.Options)!;
            var calendar = spec.Calendar is { } c ? calendars.GetValueOrDefault(c) : null;
            var digest = Digest(policy.Spec + "\n" + calendar);
            var version = known.TryGetValue(policy.Name, out var k) ? k.Version : 0;
            if (version == 0 || k.Digest != digest)
            {
                version = await NewVersionAsync(db, policy.Name, version + 1, digest, policy.Spec, calendar, ct).ConfigureAwait(false);
            }
            result[policy.Name] = _compiled.GetOrAdd((policy.Name, version), key => Compile(key.Policy, key.Version, policy.Spec, calendar));
        }
        return result;
    }

    /// <summary>
    /// Records a policy version from <paramref name="version"/> on, or finds it recorded: another process may have
    /// recorded the same terms (same digest) meanwhile, or other terms under that number, then the next number is tried.
    /// Insert-or-nothing, so a race never fails the caller's transaction.
    /// </summary>
    private async Task<int> NewVersionAsync(SlmDbContext db, string policy, int version, string digest, string spec, string? calendar, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant().ToUnixTimeTicks();
        for (; ; version++)
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO ticket_policy_versions (policy, version, digest, spec, calendar, created_at) VALUES ({policy}, {version}, {digest}, {spec}, {calendar}, {now}) ON CONFLICT (policy, version) DO NOTHING",
                ct).ConfigureAwait(false);
            var stored = await db.TicketPolicyVersions.AsNoTracking().Where(v => v.Policy == policy && v.Version == version)
                .Select(v => v.Digest).SingleAsync(ct).ConfigureAwait(false);
            if (stored == digest)
            {
                return version;
            }
        }
    }

    private async Task<CompiledPolicy> CompiledAsync(SlmDbContext db, string policy, int version, CancellationToken ct)
    {
        if (_compiled.TryGetValue((policy, version), out var compiled))
        {
            return compiled;
        }
        var row = await db.TicketPolicyVersions.AsNoTracking().SingleAsync(v => v.Policy == policy && v.Version == version, ct).ConfigureAwait(false);
        return _compiled.GetOrAdd((policy, version), _ => Compile(policy, version, row.Spec, row.Calendar));
    }

    private static CompiledPolicy Compile(string name, int version, string specJson, string? calendarJson)
    {
        var spec = JsonSerializer.Deserialize<TicketPolicySpec>(specJson, SpecJson.Options)!;
        var clock = calendarJson is null ? BusinessClock.AlwaysOpen : BusinessClock.For(JsonSerializer.Deserialize<CalendarSpec>(calendarJson, SpecJson.Options)!);
        return new CompiledPolicy(name, version, spec, clock);
    }

    /// <summary>The fields as canonical JSON (keys in order) and its digest.</summary>
    private static (string Json, string Digest) Canonical(IReadOnlyDictionary<string, string?> fields)
    {
        var json = JsonSerializer.Serialize(new SortedDictionary<string, string?>(fields.ToDictionary(), StringComparer.Ordinal), FieldJson);
        return (json, Digest(json));
    }

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static void Fill(TicketClockEntity row, TicketClock c, Instant readAt, CompiledPolicy policy)
    {
        var upcoming = TicketClocks.Upcoming(c, policy, readAt);
        row.Upcoming = Json(upcoming);
        row.WatchFrom = c.StoppedAt is not null || c.State == ClockState.Cancelled
            ? null
            : c.Warnings.Concat(upcoming).Select(w => (long?)w.At.ToUnixTimeTicks()).Append(c.BreachedAt?.ToUnixTimeTicks()).Min();
        row.PolicyVersion = c.PolicyVersion;
        row.Priority = c.Priority;
        row.State = c.State.ToString();
        row.StartedAt = c.StartedAt.ToUnixTimeTicks();
        row.StoppedAt = c.StoppedAt?.ToUnixTimeTicks();
        row.Target = c.Target.BclCompatibleTicks;
        row.Elapsed = c.Elapsed.BclCompatibleTicks;
        row.Paused = c.Paused.BclCompatibleTicks;
        row.Deadline = c.Deadline?.ToUnixTimeTicks();
        row.BreachedAt = c.BreachedAt?.ToUnixTimeTicks();
        row.Warnings = Json(c.Warnings);
        row.ReadAt = readAt.ToUnixTimeTicks();
    }

    private static TicketClock ToClock(TicketClockEntity r) => new(
        r.Ticket, r.Policy, r.PolicyVersion, r.Priority, Enum.Parse<ClockState>(r.State), Instant.FromUnixTimeTicks(r.StartedAt),
        Time(r.StoppedAt), Duration.FromTicks(r.Target), Duration.FromTicks(r.Elapsed), Duration.FromTicks(r.Paused),
        Duration.FromTicks(Math.Max(0, r.Target - r.Elapsed)), Time(r.Deadline), Time(r.BreachedAt), Warnings(r.Warnings));

    private static string Json(IEnumerable<WarningCrossed> warnings) =>
        JsonSerializer.Serialize(warnings.Select(w => new StoredWarning(w.Percent, w.At.ToUnixTimeTicks())), FieldJson);

    private static WarningCrossed[] Warnings(string json) =>
        [.. JsonSerializer.Deserialize<List<StoredWarning>>(json, FieldJson)!.Select(w => new WarningCrossed(w.Percent, Instant.FromUnixTimeTicks(w.At)))];

    private static Instant? Time(long? ticks) => ticks is { } t ? Instant.FromUnixTimeTicks(t) : null;

    private sealed record StoredWarning(decimal Percent, long At);
}
