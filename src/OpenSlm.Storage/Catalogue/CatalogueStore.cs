using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Json;
using OpenSlm.Storage.Entities;

namespace OpenSlm.Storage.Catalogue;

/// <summary>
/// The catalogue and its agreements, as stored. Every write (REST, YAML apply, demo seed) goes through
/// the same planning: validation, references across the store, diff, audit, one transaction.
/// </summary>
public sealed class CatalogueStore(DatabaseTarget database, IClock clock)
{
    // ---- reads ----------------------------------------------------------------------------

    /// <summary>One record by kind and name (retired ones included), or null.</summary>
    public async Task<StoredRecord?> GetAsync(ResourceKind kind, string name, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var row = await db.Resources.AsNoTracking().Include(r => r.Versions)
            .FirstOrDefaultAsync(r => r.Kind == kind.ToString() && r.Name == name, ct).ConfigureAwait(false);
        return row is null ? null : RecordMapper.ToStored(row);
    }

    /// <summary>One agreement version with its terms, or null.</summary>
    public async Task<StoredVersion?> GetVersionAsync(string agreement, int number, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var row = await db.Resources.AsNoTracking().Include(r => r.Versions)
            .FirstOrDefaultAsync(r => r.Kind == nameof(ResourceKind.Agreement) && r.Name == agreement, ct).ConfigureAwait(false);
        var version = row?.Versions.FirstOrDefault(v => v.Number == number);
        return row is null || version is null ? null : new StoredVersion(row.Name, row.Revision, RecordMapper.InfoOf(version), RecordMapper.TermsOf(version));
    }

    /// <summary>The spec fields a listing of <paramref name="kind"/> can filter on.</summary>
    public static IReadOnlyList<string> FilterFields(ResourceKind kind) =>
        [.. SpecJson.Options.GetTypeInfo(Document.SpecType(kind)).Properties.Select(p => p.Name).Order(StringComparer.Ordinal)];

    /// <summary>
    /// A page of records of one kind, by name. Returns an error message instead when a filter names no
    /// field of the kind. Catalogues are small (thousands of records), so filters run over the kind in memory.
    /// </summary>
    public async Task<(Page<StoredRecord>? Page, string? Error)> ListAsync(ResourceKind kind, ListQuery query, CancellationToken ct = default)
    {
        var fields = FilterFields(kind);
        var filters = new List<(string Field, string Value)>();
        foreach (var (key, value) in query.Filters)
        {
            var field = fields.FirstOrDefault(f => f.Equals(key, StringComparison.OrdinalIgnoreCase))
                ?? fields.FirstOrDefault(f => f.Equals(key + "s", StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                return (null, $"'{key}' is not a field of {kind.Plural()} to filter on: expected one of {string.Join(", ", fields)}.");
            }
            filters.Add((field, value));
        }
        await using var db = database.CreateContext();
        var rows = await db.Resources.AsNoTracking().Include(r => r.Versions).AsSplitQuery()
            .Where(r => r.Kind == kind.ToString() && (query.IncludeRetired || r.RetiredAt == null))
            .ToListAsync(ct).ConfigureAwait(false);
        var matching = rows.Select(RecordMapper.ToStored)
            .Where(r => Matches(r, query.Search) && Matches(r.Document.Spec, filters))
            .OrderBy(r => r.Document.Name, StringComparer.Ordinal)
            .ToList();
        var size = Math.Clamp(query.PageSize, 1, ListQuery.MaxPageSize);
        var page = Math.Max(1, query.Page);
        return (new Page<StoredRecord>([.. matching.Skip((page - 1) * size).Take(size)], page, size, matching.Count), null);
    }

    /// <summary>Every record of one kind that is not retired (the latest version of each agreement), by name.</summary>
    public async Task<IReadOnlyList<Document>> CurrentAsync(ResourceKind kind, CancellationToken ct = default) =>
        [.. (await RecordsAsync(kind, ct).ConfigureAwait(false)).Select(r => r.Document)];

    /// <summary>Every record of one kind that is not retired, with its bookkeeping and versions, by name: one read of the
    /// whole kind, for jobs and reports that go through all of it.</summary>
    public async Task<IReadOnlyList<StoredRecord>> RecordsAsync(ResourceKind kind, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.Resources.AsNoTracking().Include(r => r.Versions).AsSplitQuery()
            .Where(r => r.Kind == kind.ToString() && r.RetiredAt == null).OrderBy(r => r.Name).ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.Select(RecordMapper.ToStored)];
    }

    /// <summary>
    /// Every agreement with an Active version still in force today (UTC), with that version's terms, by name. A version
    /// past its <c>effective.to</c> is left out even before <see cref="ExpireDueAsync"/> has moved it to Expired.
    /// </summary>
    public async Task<IReadOnlyList<(StoredRecord Record, StoredVersion Active)>> ActiveAgreementsAsync(CancellationToken ct = default)
    {
        var today = clock.GetCurrentInstant().InUtc().Date;
        var result = new List<(StoredRecord, StoredVersion)>();
        foreach (var record in await RecordsAsync(ResourceKind.Agreement, ct).ConfigureAwait(false))
        {
            if (record.ActiveVersion is { } number && await GetVersionAsync(record.Document.Metadata.Name, number, ct).ConfigureAwait(false) is { } active
                && !AgreementLifecycle.IsPastItsEnd(active.Info.Status, active.Spec.Effective, today))
            {
                result.Add((record, active));
            }
        }
        return result;
    }

    /// <summary>
    /// Expires every Active version past its <c>effective.to</c> on <paramref name="today"/> (audited as
    /// <paramref name="actor"/>); gives the agreements and versions expired.
    /// </summary>
    /// <param name="only">When given, only these agreements are looked at (the alert round knows which of its Active
    /// versions are past their end and passes just those, so a round with none reads nothing).</param>
    public async Task<IReadOnlyList<(string Agreement, int Version, LocalDate LastDay)>> ExpireDueAsync(LocalDate today, Actor actor, IReadOnlyCollection<string>? only = null, CancellationToken ct = default)
    {
        var expired = new List<(string, int, LocalDate)>();
        if (only is { Count: 0 })
        {
            return expired;
        }
        List<(string Name, int Number)> candidates;
        await using (var db = database.CreateContext())
        {
            var query = db.AgreementVersions.AsNoTracking().Where(v => v.Status == nameof(VersionStatus.Active))
                .Join(db.Resources.Where(r => r.Kind == nameof(ResourceKind.Agreement) && r.RetiredAt == null), v => v.AgreementId, r => r.Id, (v, r) => new { r.Name, v.Number });
            if (only is not null)
            {
                var names = only.ToList();
                query = query.Where(x => names.Contains(x.Name));
            }
            candidates = [.. (await query.ToListAsync(ct).ConfigureAwait(false)).Select(x => (x.Name, x.Number))];
        }
        foreach (var (name, number) in candidates.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            if (await GetVersionAsync(name, number, ct).ConfigureAwait(false) is { } active
                && AgreementLifecycle.IsPastItsEnd(active.Info.Status, active.Spec.Effective, today)
                && (await MoveVersionAsync(name, number, new VersionMove(VersionStatus.Expired, Reason: $"past its effective end ({active.Spec.Effective!.To:yyyy'-'MM'-'dd})"), null, actor, ct).ConfigureAwait(false)).Ok)
            {
                expired.Add((name, number, active.Spec.Effective!.To!.Value));
            }
        }
        return expired;
    }

    /// <summary>The name and revision of every record of one kind in force: enough to tell which changed since a read.</summary>
    public async Task<IReadOnlyList<(string Name, long Revision)>> HeadsAsync(ResourceKind kind, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.Resources.AsNoTracking().Where(r => r.Kind == kind.ToString() && r.RetiredAt == null)
            .OrderBy(r => r.Name).Select(r => new { r.Name, r.Revision }).ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.Select(r => (r.Name, r.Revision))];
    }

    /// <summary>Every record (the latest version of each agreement), in dependency order, for export.</summary>
    public async Task<IReadOnlyList<Document>> ExportAsync(bool includeRetired = false, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.Resources.AsNoTracking().Include(r => r.Versions).AsSplitQuery()
            .Where(r => includeRetired || r.RetiredAt == null).ToListAsync(ct).ConfigureAwait(false);
        return [.. DocumentWriter.Order(rows.Select(RecordMapper.ToDocument))];
    }

    /// <summary>The audit trail, newest first, optionally for one kind and record.</summary>
    public Task<Page<AuditEntry>> AuditAsync(ResourceKind? kind, string? name, int page = 1, int pageSize = 50, CancellationToken ct = default) =>
        AuditEntriesAsync(kind?.ToString(), name, page, pageSize, ct);

    /// <summary>The audit trail, newest first, of records of <paramref name="kind"/> (a kind's name, or Breach for diagnoses; null: all) and <paramref name="name"/>.</summary>
    public async Task<Page<AuditEntry>> AuditEntriesAsync(string? kind, string? name, int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var q = db.Audit.AsNoTracking();
        if (kind is { } k)
        {
            q = q.Where(a => a.Kind == k);
        }
        if (name is not null)
        {
            q = q.Where(a => a.Name == name);
        }
        var size = Math.Clamp(pageSize, 1, ListQuery.MaxPageSize);
        page = Math.Max(1, page);
        var total = await q.CountAsync(ct).ConfigureAwait(false);
        var rows = await q.OrderByDescending(a => a.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct).ConfigureAwait(false);
        return new Page<AuditEntry>([.. rows.Select(a => new AuditEntry(a.Id, a.At, a.Actor, a.Via, a.Action, a.Kind, a.Name, a.Version, a.Before, a.After))], page, size, total);
    }

    // ---- writes ---------------------------------------------------------------------------

    /// <summary>Creates or updates every document by name, as one change; a dry run only plans it.</summary>
    public Task<WriteResult> ApplyAsync(IReadOnlyList<Document> documents, Actor actor, bool dryRun = false, CancellationToken ct = default) =>
        WriteAsync(actor, dryRun, s => s.Upsert(documents, UpsertMode.CreateOrUpdate), ct);

    /// <summary>Creates a record; refused when one of that kind and name exists.</summary>
    public Task<WriteResult> CreateAsync(Document document, Actor actor, CancellationToken ct = default) =>
        WriteAsync(actor, false, s => s.Upsert([document], UpsertMode.CreateOnly), ct);

    /// <summary>
    /// Replaces a record's metadata and spec. For an agreement this edits its latest version when that is a
    /// Draft, and creates an amendment otherwise, exactly as applying YAML does.
    /// </summary>
    public Task<WriteResult> UpdateAsync(Document document, long? expectedRevision, Actor actor, CancellationToken ct = default) =>
        WriteAsync(actor, false, s => s.Upsert([document], UpsertMode.UpdateOnly, expectedRevision), ct);

    /// <summary>Retires a record: kept for history, no longer listed or referable.</summary>
    public Task<WriteResult> RetireAsync(ResourceKind kind, string name, long? expectedRevision, Actor actor, CancellationToken ct = default) =>
        WriteAsync(actor, false, s => s.Retire(kind, name, expectedRevision), ct);

    /// <summary>Edits a Draft agreement version in place.</summary>
    public Task<WriteResult> EditVersionAsync(string agreement, int number, AgreementSpec spec, long? expectedRevision, Actor actor, CancellationToken ct = default) =>
        WriteAsync(actor, false, s => s.EditVersion(agreement, number, spec, expectedRevision), ct);

    /// <summary>Creates an amendment: a new Draft version from <paramref name="spec"/>, or a copy of the latest.</summary>
    public Task<WriteResult> AmendAsync(string agreement, AgreementSpec? spec, long? expectedRevision, Actor actor, CancellationToken ct = default) =>
        WriteAsync(actor, false, s => s.Amend(agreement, spec, expectedRevision), ct);

    /// <summary>Moves an agreement version to another status (activating one supersedes the Active one).</summary>
    public Task<WriteResult> MoveVersionAsync(string agreement, int number, VersionStatus to, long? expectedRevision, Actor actor, CancellationToken ct = default) =>
        MoveVersionAsync(agreement, number, new VersionMove(to), expectedRevision, actor, ct);

    /// <summary>
    /// Moves an agreement version by request: the lifecycle and sign-off rules apply; activating records the first day
    /// in force (<see cref="Activation"/>); expiring by hand needs a reason.
    /// </summary>
    public Task<WriteResult> MoveVersionAsync(string agreement, int number, VersionMove move, long? expectedRevision, Actor actor, CancellationToken ct = default) =>
        WriteAsync(actor, false, s => s.MoveVersion(agreement, number, move, expectedRevision), ct);

    /// <summary>Records a party's decision on a Proposed version (<see cref="SignOff"/>), as <paramref name="actor"/>.</summary>
    public Task<WriteResult> DecideAsync(string agreement, int number, SignOffRequest request, long? expectedRevision, Actor actor, CancellationToken ct = default) =>
        WriteAsync(actor, false, s => s.Decide(agreement, number, request, expectedRevision), ct);

    /// <summary>
    /// Who signs version <paramref name="number"/> off for each party, the decisions of its current proposal, the
    /// parties still to approve, and every decision ever made on it (oldest first); null without such a version.
    /// </summary>
    public async Task<SignOffState?> SignOffAsync(string agreement, int number, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var row = await db.Resources.AsNoTracking().Include(r => r.Versions).ThenInclude(v => v.Approvals)
            .FirstOrDefaultAsync(r => r.Kind == nameof(ResourceKind.Agreement) && r.Name == agreement, ct).ConfigureAwait(false);
        if (row?.Versions.FirstOrDefault(v => v.Number == number) is not { } version)
        {
            return null;
        }
        var terms = RecordMapper.TermsOf(version);
        var names = terms.Services.Select(s => (ResourceKind.Service, s))
            .Concat(terms.Customer is { } c ? [(ResourceKind.Customer, c)] : [])
            .Concat(terms.Supplier is { } sup ? [(ResourceKind.Supplier, sup)] : [])
            .Select(k => (Kind: k.Item1.ToString(), Name: k.Item2)).ToList();
        var kinds = names.Select(n => n.Kind).Distinct().ToList();
        var wanted = names.Select(n => n.Name).Distinct().ToList();
        var related = (await db.Resources.AsNoTracking().Where(r => kinds.Contains(r.Kind) && wanted.Contains(r.Name) && r.RetiredAt == null).ToListAsync(ct).ConfigureAwait(false))
            .ToDictionary(r => (r.Kind, r.Name), r => (object)RecordMapper.ToDocument(r).Spec);
        var people = terms.Stakeholders.Select(s => s.Stakeholder).Distinct().ToList();
        var teams = (await db.Resources.AsNoTracking().Where(r => r.Kind == nameof(ResourceKind.Stakeholder) && people.Contains(r.Name)).ToListAsync(ct).ConfigureAwait(false))
            .ToDictionary(r => r.Name, r => ((StakeholderSpec)RecordMapper.ToDocument(r).Spec).Team, StringComparer.Ordinal);
        var signatories = SignOff.Signatories(terms,
            [.. terms.Services.Select(s => related.GetValueOrDefault((nameof(ResourceKind.Service), s))).OfType<ServiceSpec>()],
            terms.Customer is null ? null : related.GetValueOrDefault((nameof(ResourceKind.Customer), terms.Customer)) as CustomerSpec,
            terms.Supplier is null ? null : related.GetValueOrDefault((nameof(ResourceKind.Supplier), terms.Supplier)) as SupplierSpec,
            who => teams.GetValueOrDefault(who));
        var current = WriteSession.Decisions(version);
        var history = version.Approvals.OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => (a.Round, new Approval(Enum.Parse<Party>(a.Party), a.Stakeholder, a.Decision == "Approved", a.Reason, a.By, a.At))).ToList();
        return new SignOffState(terms.Kind, Enum.Parse<VersionStatus>(version.Status), version.ProposalRound, signatories, current,
            Enum.Parse<VersionStatus>(version.Status) == VersionStatus.Proposed ? SignOff.Pending(signatories, current) : [], history);
    }

    /// <summary>The versions of an agreement as choosing the one in force needs them (<see cref="VersionsInForce"/>).</summary>
    public async Task<IReadOnlyList<VersionTerm>> VersionTermsAsync(string agreement, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var row = await db.Resources.AsNoTracking().Include(r => r.Versions)
            .FirstOrDefaultAsync(r => r.Kind == nameof(ResourceKind.Agreement) && r.Name == agreement, ct).ConfigureAwait(false);
        return row is null ? [] : [.. row.Versions.OrderBy(v => v.Number)
            .Select(v => new VersionTerm(v.Number, Enum.Parse<VersionStatus>(v.Status), RecordMapper.TermsOf(v).Effective, RecordMapper.Day(v.InForceFrom)))];
    }

    /// <summary>Activates every version scheduled to take effect on or before <paramref name="today"/>; gives them.</summary>
    public async Task<IReadOnlyList<(string Agreement, int Version, LocalDate From)>> ActivateDueAsync(LocalDate today, Actor actor, CancellationToken ct = default)
    {
        // One query for the few versions that wait (Agreed with a first day): ISO days compare as text.
        var day = RecordMapper.Day(today)!;
        List<(string Name, int Number, LocalDate From)> due;
        await using (var db = database.CreateContext())
        {
            var rows = await db.AgreementVersions.AsNoTracking()
                .Where(v => v.Status == nameof(VersionStatus.Agreed) && v.InForceFrom != null && string.Compare(v.InForceFrom, day) <= 0)
                .Join(db.Resources.Where(r => r.Kind == nameof(ResourceKind.Agreement) && r.RetiredAt == null), v => v.AgreementId, r => r.Id, (v, r) => new { r.Name, v.Number, v.InForceFrom })
                .ToListAsync(ct).ConfigureAwait(false);
            due = [.. rows.Select(x => (x.Name, x.Number, RecordMapper.Day(x.InForceFrom)!.Value)).OrderBy(x => x.Name, StringComparer.Ordinal).ThenBy(x => x.Number)];
        }
        var activated = new List<(string, int, LocalDate)>();
        foreach (var (name, number, from) in due)
        {
            if ((await WriteAsync(actor, false, s => s.ActivateScheduled(name, number), ct).ConfigureAwait(false)).Ok)
            {
                activated.Add((name, number, from));
            }
        }
        return activated;
    }

    private async Task<WriteResult> WriteAsync(Actor actor, bool dryRun, Action<WriteSession> plan, CancellationToken ct)
    {
        await using var session = await WriteSession.OpenAsync(database, clock.GetCurrentInstant(), actor, ct).ConfigureAwait(false);
        plan(session);
        return await session.CommitAsync(dryRun, ct).ConfigureAwait(false);
    }

    private static bool Matches(StoredRecord record, string? search) =>
        string.IsNullOrEmpty(search)
        || record.Document.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
        || (record.Document.Metadata.DisplayName?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false);

    private static bool Matches(ISpec spec, List<(string Field, string Value)> filters)
    {
        if (filters.Count == 0)
        {
            return true;
        }
        var json = JsonSerializer.SerializeToNode(spec, spec.GetType(), SpecJson.Options);
        return filters.All(f => json?[f.Field] switch
        {
            JsonArray array => array.Any(item => Same(item, f.Value)),
            var node => Same(node, f.Value),
        });

        static bool Same(JsonNode? node, string value) => node switch
        {
            JsonValue v => v.ToString().Equals(value, StringComparison.OrdinalIgnoreCase),
            JsonObject o => o.Select(kv => kv.Value).Any(x => Same(x, value)), // e.g. stakeholders[].stakeholder
            _ => false,
        };
    }
}
