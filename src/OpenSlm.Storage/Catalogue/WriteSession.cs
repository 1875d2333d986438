using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Indicators;
using OpenSlm.Interop.Documents;
using OpenSlm.Storage.Entities;

namespace OpenSlm.Storage.Catalogue;

/// <summary>Whether a write may create, update, or both.</summary>
internal enum UpsertMode
{
    CreateOrUpdate,
    CreateOnly,
    UpdateOnly,
}

/// <summary>
/// One write: loads the current state, plans every change against it (validating references across the
/// batch and the store), and saves all of it in one transaction, or nothing.
/// </summary>
internal sealed class WriteSession : IAsyncDisposable
{
    private readonly SlmDbContext _db;
    private readonly Instant _now;
    private readonly Actor _actor;
    private readonly Dictionary<(ResourceKind, string), ResourceEntity> _rows;
    private readonly Dictionary<(ResourceKind, string), Document> _batch = [];
    private readonly HashSet<(ResourceKind, string)> _retiring = [];
    private readonly List<Change> _changes = [];
    private readonly List<WriteError> _errors = [];
    private readonly HashSet<ResourceEntity> _touched = [];

    private WriteSession(SlmDbContext db, Instant now, Actor actor, List<ResourceEntity> rows)
    {
        _db = db;
        _now = now;
        _actor = actor;
        _rows = rows.ToDictionary(r => (RecordMapper.KindOf(r), r.Name));
    }

    public static async Task<WriteSession> OpenAsync(DatabaseTarget database, Instant now, Actor actor, CancellationToken ct)
    {
        var db = database.CreateContext();
        var rows = await db.Resources.Include(r => r.Versions).ThenInclude(v => v.Approvals).AsSplitQuery().ToListAsync(ct).ConfigureAwait(false);
        return new WriteSession(db, now, actor, rows);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    // ---- planning -------------------------------------------------------------------------

    /// <summary>Plans a batch: records are checked against each other and the store, in dependency order.</summary>
    public void Upsert(IReadOnlyList<Document> documents, UpsertMode mode, long? expectedRevision = null)
    {
        foreach (var doc in documents)
        {
            if (!_batch.TryAdd((doc.Kind, doc.Name), doc))
            {
                Error(doc, "metadata.name", $"{doc.Kind} '{doc.Name}' is defined twice in this batch (also at {_batch[(doc.Kind, doc.Name)].Source}).", WriteErrorType.Invalid);
            }
        }
        foreach (var doc in DocumentWriter.Order(_batch.Values).ToList())
        {
            if (mode == UpsertMode.UpdateOnly && !_rows.ContainsKey((doc.Kind, doc.Name)))
            {
                Error(doc, string.Empty, $"no {doc.Kind} named '{doc.Name}' exists.", WriteErrorType.NotFound);
                continue;
            }
            CheckReferences(doc, doc.Spec.References());
            if (doc.Spec is Core.Improvement.ImprovementPlanSpec plan)
            {
                CheckPlanObjective(doc, plan);
            }
            if (doc.Spec is AgreementSpec agreement)
            {
                CheckIndicatorTypes(doc, agreement);
                UpsertAgreement(doc, agreement, mode, expectedRevision);
            }
            else
            {
                UpsertRecord(doc, mode, expectedRevision);
            }
        }
        CheckDependencyCycles();
    }

    /// <summary>Plans retiring a record. Refused while live records still refer to it.</summary>
    public void Retire(ResourceKind kind, string name, long? expectedRevision)
    {
        if (!Find(kind, name, expectedRevision, out var row))
        {
            return;
        }
        if (row.RetiredAt is not null)
        {
            _changes.Add(new Change(kind, name, ChangeAction.Unchanged, [], "already retired"));
            return;
        }
        var dependents = _rows.Values
            .Where(r => r.RetiredAt is null && r != row)
            .SelectMany(r => RecordMapper.LiveReferences(r).Where(x => x.Kind == kind && x.Name == name)
                .Select(x => $"{RecordMapper.KindOf(r).ToString().ToLowerInvariant()}/{r.Name} ({x.Path})"))
            .ToList();
        if (dependents.Count > 0)
        {
            Error(kind, name, string.Empty, $"is still referred to by {string.Join(", ", dependents)}: change or retire those first.", WriteErrorType.Conflict);
            return;
        }
        var before = RecordMapper.Canonical(RecordMapper.ToDocument(row));
        if (kind == ResourceKind.Service)
        {
            var spec = (ServiceSpec)RecordMapper.ToDocument(row).Spec;
            row.Spec = RecordMapper.Serialize(spec with { Lifecycle = Lifecycle.Retired });
        }
        Apply(row, AgreementLifecycle.Retire(Statuses(row)));
        row.RetiredAt = _now;
        Touch(row);
        _retiring.Add((kind, name));
        var after = RecordMapper.Canonical(RecordMapper.ToDocument(row));
        _changes.Add(new Change(kind, name, ChangeAction.Retired, JsonDiff.Compare(before, after)));
        Audit(ChangeAction.Retired, kind, name, null, before, after);
    }

    /// <summary>Plans editing a Draft version in place.</summary>
    public void EditVersion(string name, int number, AgreementSpec spec, long? expectedRevision)
    {
        if (!Find(ResourceKind.Agreement, name, expectedRevision, out var row) || !FindVersion(row, number, out var version))
        {
            return;
        }
        var status = Enum.Parse<VersionStatus>(version.Status);
        if (!AgreementLifecycle.IsEditable(status))
        {
            Error(ResourceKind.Agreement, name, $"versions[{number}]",
                $"version {number} is {status}: only a Draft is edited in place. Create an amendment (a new version) instead.", WriteErrorType.Conflict);
            return;
        }
        var doc = new Document(ResourceKind.Agreement, RecordMapper.MetadataOf(row), spec, default);
        CheckReferences(doc, spec.References());
        CheckIndicatorTypes(doc, spec);
        UpdateTerms(row, version, spec.Terms());
    }

    /// <summary>Plans an amendment: a new Draft version, from the given terms or a copy of the latest.</summary>
    public void Amend(string name, AgreementSpec? spec, long? expectedRevision)
    {
        if (!Find(ResourceKind.Agreement, name, expectedRevision, out var row))
        {
            return;
        }
        var latest = RecordMapper.Latest(row)!;
        if (latest.Status == nameof(VersionStatus.Draft))
        {
            Error(ResourceKind.Agreement, name, $"versions[{latest.Number}]",
                $"version {latest.Number} is already a Draft: edit it instead of creating another.", WriteErrorType.Conflict);
            return;
        }
        var terms = (spec ?? RecordMapper.TermsOf(latest)).Terms();
        var doc = new Document(ResourceKind.Agreement, RecordMapper.MetadataOf(row), terms, default);
        CheckReferences(doc, terms.References());
        CheckIndicatorTypes(doc, terms);
        NewVersion(row, terms);
    }

    /// <summary>Plans moving a version to another status, by request (the lifecycle's and sign-off's rules apply).</summary>
    public void MoveVersion(string name, int number, VersionMove move, long? expectedRevision)
    {
        if (Find(ResourceKind.Agreement, name, expectedRevision, out var row) && FindVersion(row, number, out var version))
        {
            Move(row, version, move);
        }
    }

    /// <summary>Plans activating a version scheduled to take effect on a day that has come (by the round, not a person).</summary>
    public void ActivateScheduled(string name, int number)
    {
        if (Find(ResourceKind.Agreement, name, null, out var row) && FindVersion(row, number, out var version)
            && version.Status == nameof(VersionStatus.Agreed) && version.InForceFrom is not null)
        {
            Apply(row, AgreementLifecycle.Move(Statuses(row), number, VersionStatus.Active), version, InForce(version));
        }
    }

    /// <summary>
    /// Plans a party's decision on a Proposed version (<see cref="SignOff"/>): recorded with the stakeholder, the identity
    /// and the time; the last approval makes the version Agreed, a rejection sends it back to Draft with the reason.
    /// </summary>
    public void Decide(string name, int number, SignOffRequest request, long? expectedRevision)
    {
        if (!Find(ResourceKind.Agreement, name, expectedRevision, out var row) || !FindVersion(row, number, out var version))
        {
            return;
        }
        var terms = RecordMapper.TermsOf(version);
        if (!SignOff.Needed(terms.Kind))
        {
            Error(ResourceKind.Agreement, name, string.Empty, $"an {terms.Kind} needs no sign-off: move version {number} to Agreed or Active.", WriteErrorType.Conflict);
            return;
        }
        var signatories = SignatoriesOf(terms);
        var decisions = Decisions(version);
        var (party, field, refusal) = SignOff.Check(number, Enum.Parse<VersionStatus>(version.Status), signatories, decisions, request);
        if (refusal is not null)
        {
            var type = field.Length > 0 ? WriteErrorType.Invalid
                : version.Status == nameof(VersionStatus.Proposed) && !signatories.Any(s => request.Stakeholder is { } who && s.Accountable.Contains(who)) ? WriteErrorType.Forbidden
                : WriteErrorType.Conflict;
            Error(ResourceKind.Agreement, name, field, refusal, type);
            return;
        }
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        var decision = new VersionApprovalEntity
        {
            VersionId = version.Id,
            Round = version.ProposalRound,
            Party = party!.Value.ToString(),
            Stakeholder = request.Stakeholder!,
            Decision = request.Approve ? "Approved" : "Rejected",
            Reason = reason,
            By = _actor.Name,
            At = _now,
        };
        version.Approvals.Add(decision);
        _db.VersionApprovals.Add(decision);
        Touch(row);
        var action = request.Approve ? ChangeAction.Approved : ChangeAction.Rejected;
        var after = new JsonObject { ["party"] = decision.Party, ["stakeholder"] = decision.Stakeholder, ["decision"] = decision.Decision, ["reason"] = reason };
        _changes.Add(new Change(ResourceKind.Agreement, name, action, [],
            $"version {number}: {decision.Decision.ToLowerInvariant()} for the {decision.Party.ToLowerInvariant()} by {decision.Stakeholder}", number));
        Audit(action, ResourceKind.Agreement, name, number, null, after);
        if (!request.Approve)
        {
            SetStatus(row, version, VersionStatus.Draft, new JsonObject { ["reason"] = $"rejected by {decision.Stakeholder} for the {decision.Party.ToLowerInvariant()}: {reason}" });
        }
        else if (SignOff.Pending(signatories, Decisions(version)).Count == 0)
        {
            SetStatus(row, version, VersionStatus.Agreed, new JsonObject { ["reason"] = "approved by every party" });
        }
    }

    /// <summary>The decisions of a version's current proposal.</summary>
    internal static List<Approval> Decisions(AgreementVersionEntity version) =>
        [.. version.Approvals.Where(a => a.Round == version.ProposalRound).OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new Approval(Enum.Parse<Party>(a.Party), a.Stakeholder, a.Decision == "Approved", a.Reason, a.By, a.At))];

    /// <summary>Who signs <paramref name="terms"/> off for each party, from the stored services, customer, supplier and stakeholders.</summary>
    private IReadOnlyList<Signatory> SignatoriesOf(AgreementSpec terms)
    {
        T? Spec<T>(ResourceKind kind, string? name) where T : class, ISpec =>
            name is not null && _rows.TryGetValue((kind, name), out var r) && r.RetiredAt is null ? RecordMapper.ToDocument(r).Spec as T : null;
        var services = terms.Services.Select(s => Spec<ServiceSpec>(ResourceKind.Service, s)).OfType<ServiceSpec>().ToList();
        return SignOff.Signatories(terms, services, Spec<CustomerSpec>(ResourceKind.Customer, terms.Customer), Spec<SupplierSpec>(ResourceKind.Supplier, terms.Supplier),
            who => Spec<StakeholderSpec>(ResourceKind.Stakeholder, who)?.Team);
    }

    // ---- commit ---------------------------------------------------------------------------

    public async Task<WriteResult> CommitAsync(bool dryRun, CancellationToken ct)
    {
        if (_errors.Count > 0)
        {
            return new WriteResult([], [.. _errors]);
        }
        if (dryRun || _changes.All(c => c.Action == ChangeAction.Unchanged))
        {
            return new WriteResult([.. _changes], []);
        }
        try
        {
            await _db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            var c = _changes.First(x => x.Action != ChangeAction.Unchanged);
            return WriteResult.Fail(new WriteError(c.Kind, c.Name, string.Empty,
                "was changed by someone else while this change was made: read it again and retry.", WriteErrorType.PreconditionFailed));
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Two writers created the same name at once: the second is told, as a conflict. Any other database error
            // is a failure, not a conflict, and reaches the caller as such.
            var c = _changes.First(x => x.Action != ChangeAction.Unchanged);
            return WriteResult.Fail(new WriteError(c.Kind, c.Name, string.Empty,
                $"could not be stored because another change conflicted with it ({ex.InnerException?.Message ?? ex.Message}); retry.", WriteErrorType.Conflict));
        }
        return new WriteResult([.. _changes], []);
    }

    // ---- records --------------------------------------------------------------------------

    private void UpsertRecord(Document doc, UpsertMode mode, long? expectedRevision)
    {
        var key = (doc.Kind, doc.Name);
        var after = RecordMapper.Canonical(doc);
        if (!_rows.TryGetValue(key, out var row))
        {
            if (mode == UpsertMode.UpdateOnly)
            {
                Error(doc, string.Empty, $"no {doc.Kind} named '{doc.Name}' exists.", WriteErrorType.NotFound);
                return;
            }
            row = NewRow(doc);
            row.Spec = RecordMapper.Serialize(doc.Spec);
            _changes.Add(new Change(doc.Kind, doc.Name, ChangeAction.Created, JsonDiff.Compare(null, after)));
            Audit(ChangeAction.Created, doc.Kind, doc.Name, null, null, after);
            return;
        }
        if (!CheckExisting(doc, row, mode, expectedRevision))
        {
            return;
        }
        var before = RecordMapper.Canonical(RecordMapper.ToDocument(row));
        var fields = JsonDiff.Compare(before, after);
        var action = row.RetiredAt is not null ? ChangeAction.Restored : fields.Count > 0 ? ChangeAction.Updated : ChangeAction.Unchanged;
        _changes.Add(new Change(doc.Kind, doc.Name, action, fields));
        if (action == ChangeAction.Unchanged)
        {
            return;
        }
        SetMetadata(row, doc.Metadata);
        row.Spec = RecordMapper.Serialize(doc.Spec);
        row.RetiredAt = null;
        Touch(row);
        Audit(action, doc.Kind, doc.Name, null, before, after);
    }

    private void UpsertAgreement(Document doc, AgreementSpec desired, UpsertMode mode, long? expectedRevision)
    {
        var terms = desired.Terms();
        if (!_rows.TryGetValue((doc.Kind, doc.Name), out var row))
        {
            if (mode == UpsertMode.UpdateOnly)
            {
                Error(doc, string.Empty, $"no Agreement named '{doc.Name}' exists.", WriteErrorType.NotFound);
                return;
            }
            row = NewRow(doc);
            var first = AddVersion(row, 1, terms);
            var after = RecordMapper.Canonical(doc.Metadata, terms with { Status = VersionStatus.Draft });
            _changes.Add(new Change(doc.Kind, doc.Name, ChangeAction.Created, JsonDiff.Compare(null, after), "version 1 (Draft)", 1));
            Audit(ChangeAction.Created, doc.Kind, doc.Name, 1, null, after);
            if (desired.Status is { } status && status != VersionStatus.Draft)
            {
                // A new agreement may be loaded at any status: it records one signed before it was kept here (audited as
                // such). Every later move of its versions follows the lifecycle and its sign-off.
                Move(row, first, new VersionMove(status), imported: true);
            }
            return;
        }
        if (!CheckExisting(doc, row, mode, expectedRevision))
        {
            return;
        }
        var metadataBefore = RecordMapper.MetadataOf(row);
        if (RecordMapper.Serialize(metadataBefore) != RecordMapper.Serialize(doc.Metadata) || row.RetiredAt is not null)
        {
            var before = RecordMapper.Canonical(RecordMapper.ToDocument(row));
            var restored = row.RetiredAt is not null;
            SetMetadata(row, doc.Metadata);
            row.RetiredAt = null;
            Touch(row);
            var after = RecordMapper.Canonical(RecordMapper.ToDocument(row));
            var action = restored ? ChangeAction.Restored : ChangeAction.Updated;
            _changes.Add(new Change(doc.Kind, doc.Name, action, JsonDiff.Compare(before, after)));
            Audit(action, doc.Kind, doc.Name, null, before, after);
        }
        var latest = RecordMapper.Latest(row)!;
        var latestStatus = Enum.Parse<VersionStatus>(latest.Status);
        var sameTerms = RecordMapper.Serialize(RecordMapper.TermsOf(latest).Terms()) == RecordMapper.Serialize(terms);
        if (sameTerms)
        {
            if (desired.Status is { } to && to != latestStatus)
            {
                Move(row, latest, new VersionMove(to));
            }
            else if (!_changes.Any(c => c.Kind == doc.Kind && c.Name == doc.Name))
            {
                _changes.Add(new Change(doc.Kind, doc.Name, ChangeAction.Unchanged, [], $"version {latest.Number} ({latestStatus})"));
            }
            return;
        }
        var target = latestStatus == VersionStatus.Draft ? latest : null;
        if (target is not null)
        {
            UpdateTerms(row, target, terms);
        }
        else
        {
            target = NewVersion(row, terms);
        }
        if (desired.Status is { } wanted && wanted != Enum.Parse<VersionStatus>(target.Status))
        {
            Move(row, target, new VersionMove(wanted));
        }
    }

    private void UpdateTerms(ResourceEntity row, AgreementVersionEntity version, AgreementSpec terms)
    {
        var metadata = RecordMapper.MetadataOf(row);
        var before = RecordMapper.Canonical(metadata, RecordMapper.TermsOf(version));
        version.Terms = RecordMapper.Serialize(terms);
        version.UpdatedAt = _now;
        version.UpdatedBy = _actor.Name;
        Touch(row);
        var after = RecordMapper.Canonical(metadata, RecordMapper.TermsOf(version));
        var fields = JsonDiff.Compare(before, after);
        _changes.Add(new Change(ResourceKind.Agreement, row.Name, fields.Count == 0 ? ChangeAction.Unchanged : ChangeAction.Updated, fields,
            $"version {version.Number} (Draft) edited", version.Number));
        Audit(ChangeAction.Updated, ResourceKind.Agreement, row.Name, version.Number, before, after);
    }

    private AgreementVersionEntity NewVersion(ResourceEntity row, AgreementSpec terms)
    {
        var latest = RecordMapper.Latest(row)!;
        var metadata = RecordMapper.MetadataOf(row);
        var before = RecordMapper.Canonical(metadata, RecordMapper.TermsOf(latest).Terms());
        var version = AddVersion(row, latest.Number + 1, terms);
        Touch(row);
        var after = RecordMapper.Canonical(metadata, terms);
        _changes.Add(new Change(ResourceKind.Agreement, row.Name, ChangeAction.VersionCreated, JsonDiff.Compare(before, after),
            $"version {version.Number} (Draft), amending version {latest.Number} ({latest.Status})", version.Number));
        Audit(ChangeAction.VersionCreated, ResourceKind.Agreement, row.Name, version.Number, null, RecordMapper.Canonical(metadata, RecordMapper.TermsOf(version)));
        return version;
    }

    private void Move(ResourceEntity row, AgreementVersionEntity version, VersionMove move, bool imported = false)
    {
        var (from, to) = (Enum.Parse<VersionStatus>(version.Status), move.To);
        if (from == to)
        {
            _changes.Add(new Change(ResourceKind.Agreement, row.Name, ChangeAction.Unchanged, [], $"version {version.Number} is already {to}", version.Number));
            return;
        }
        var terms = RecordMapper.TermsOf(version);
        var refusal = imported ? AgreementLifecycle.Refusal(version.Number, from, to) : AgreementLifecycle.Refusal(terms.Kind, version.Number, from, to);
        if (refusal is not null)
        {
            Error(ResourceKind.Agreement, row.Name, "spec.status", refusal, WriteErrorType.Conflict);
            return;
        }
        if (to == VersionStatus.Proposed)
        {
            if (!imported && SignOff.Needed(terms.Kind) && SignOff.CannotPropose(version.Number, SignatoriesOf(terms)) is { } why)
            {
                Error(ResourceKind.Agreement, row.Name, "spec.status", why, WriteErrorType.Conflict);
                return;
            }
            version.ProposalRound++;
        }
        if (to == VersionStatus.Expired && !imported && string.IsNullOrWhiteSpace(move.Reason))
        {
            Error(ResourceKind.Agreement, row.Name, "reason",
                $"is required to expire version {version.Number} by hand: it ends the agreement for good (a later agreement is a new version); say why.", WriteErrorType.Invalid);
            return;
        }
        if (to != VersionStatus.Active)
        {
            Apply(row, AgreementLifecycle.Move(Statuses(row), version.Number, to), version, move.Reason is { } r ? new JsonObject { ["reason"] = r.Trim() } : null);
            return;
        }
        var amends = row.Versions.Any(v => v != version && v.Status is nameof(VersionStatus.Active) or nameof(VersionStatus.Superseded) or nameof(VersionStatus.Expired));
        var (plan, field, problem) = Activation.Plan(_now.InUtc().Date, terms.Effective, amends, new ActivationRequest(move.EffectiveFrom, move.Reason));
        if (plan is null)
        {
            Error(ResourceKind.Agreement, row.Name, field, problem!, field == "spec.effective.to" ? WriteErrorType.Conflict : WriteErrorType.Invalid);
            return;
        }
        version.InForceFrom = RecordMapper.Day(plan.From);
        version.InForceReason = plan.Reason;
        if (plan.Scheduled)
        {
            // It waits as Agreed; the round activates it on the day (see CatalogueStore.ActivateDueAsync).
            if (from != VersionStatus.Agreed)
            {
                Apply(row, AgreementLifecycle.Move(Statuses(row), version.Number, VersionStatus.Agreed), version, InForce(version));
            }
            else
            {
                Touch(row);
                Audit(ChangeAction.StatusChanged, ResourceKind.Agreement, row.Name, version.Number, new JsonObject { ["status"] = from.ToString() }, InForce(version));
            }
            _changes.Add(new Change(ResourceKind.Agreement, row.Name, ChangeAction.StatusChanged, [new FieldChange("inForceFrom", null, $"\"{version.InForceFrom}\"")],
                $"version {version.Number} is Agreed and takes effect on {version.InForceFrom}", version.Number));
            return;
        }
        Apply(row, AgreementLifecycle.Move(Statuses(row), version.Number, VersionStatus.Active), version, InForce(version));
    }

    /// <summary>What the audit records of a version's first day in force.</summary>
    private static JsonObject InForce(AgreementVersionEntity version)
    {
        var json = new JsonObject { ["inForceFrom"] = version.InForceFrom };
        if (version.InForceReason is { } reason)
        {
            json["retroactiveReason"] = reason;
        }
        return json;
    }

    private static List<(int Number, VersionStatus Status)> Statuses(ResourceEntity row) =>
        [.. row.Versions.Select(v => (v.Number, Enum.Parse<VersionStatus>(v.Status)))];

    /// <summary>Stores the status changes the lifecycle (Core) decided, each audited; <paramref name="details"/> go with the change of <paramref name="moved"/>.</summary>
    private void Apply(ResourceEntity row, IReadOnlyList<(int Number, VersionStatus To)> changes, AgreementVersionEntity? moved = null, JsonObject? details = null)
    {
        foreach (var (number, to) in changes)
        {
            var version = row.Versions.Single(v => v.Number == number);
            SetStatus(row, version, to, version == moved ? details : null);
        }
    }

    private void SetStatus(ResourceEntity row, AgreementVersionEntity version, VersionStatus to, JsonObject? details = null)
    {
        var from = version.Status;
        version.Status = to.ToString();
        version.StatusChangedAt = _now;
        version.UpdatedAt = _now;
        version.UpdatedBy = _actor.Name;
        Touch(row);
        var fields = new List<FieldChange> { new("spec.status", $"\"{from}\"", $"\"{to}\"") };
        var note = $"version {version.Number}: {from} → {to}";
        if (to == VersionStatus.Active && version.InForceFrom is { } day)
        {
            fields.Add(new FieldChange("inForceFrom", null, $"\"{day}\""));
            note += $", in force from {day}" + (version.InForceReason is null ? string.Empty : " (retroactive)");
        }
        _changes.Add(new Change(ResourceKind.Agreement, row.Name, ChangeAction.StatusChanged, fields, note, version.Number));
        var after = new JsonObject { ["status"] = to.ToString() };
        foreach (var (key, value) in details ?? [])
        {
            after[key] = value?.DeepClone();
        }
        Audit(ChangeAction.StatusChanged, ResourceKind.Agreement, row.Name, version.Number, new JsonObject { ["status"] = from }, after);
    }

    // ---- checks ---------------------------------------------------------------------------

    private void CheckReferences(Document doc, IEnumerable<Reference> references)
    {
        foreach (var r in references)
        {
            if (_batch.ContainsKey((r.Kind, r.Name)) && !_retiring.Contains((r.Kind, r.Name)))
            {
                continue;
            }
            if (!_rows.TryGetValue((r.Kind, r.Name), out var target))
            {
                Error(doc, r.Path, $"refers to {r.Kind} '{r.Name}', which does not exist: define it (in the same apply, or first).", WriteErrorType.Invalid);
            }
            else if (target.RetiredAt is not null || _retiring.Contains((r.Kind, r.Name)))
            {
                Error(doc, r.Path, $"refers to {r.Kind} '{r.Name}', which is retired.", WriteErrorType.Invalid);
            }
        }
    }

    /// <summary>
    /// An objective on a Threshold indicator needs a threshold to judge its values; one on a Ratio or
    /// Availability indicator (counts) must not have one. Indicators are looked up in the batch, then the store.
    /// </summary>
    private void CheckIndicatorTypes(Document doc, AgreementSpec agreement)
    {
        for (var i = 0; i < agreement.Objectives.Count; i++)
        {
            var objective = agreement.Objectives[i];
            var indicator = _batch.TryGetValue((ResourceKind.Indicator, objective.Indicator), out var inBatch) ? inBatch.Spec as IndicatorSpec
                : _rows.TryGetValue((ResourceKind.Indicator, objective.Indicator), out var row) ? RecordMapper.ToDocument(row).Spec as IndicatorSpec
                : null;
            if (indicator is null)
            {
                continue; // reported by the reference check
            }
            if (objective.ThresholdProblem(indicator.Type) is { } problem)
            {
                Error(doc, $"spec.objectives[{i}].threshold", problem, WriteErrorType.Invalid);
            }
        }
    }

    /// <summary>A plan's goal is stated on an objective of its agreement's latest version (in the batch, or stored), and must be measurable there.</summary>
    private void CheckPlanObjective(Document doc, Core.Improvement.ImprovementPlanSpec plan)
    {
        if (plan.Agreement is not { } name || plan.Objective is null)
        {
            return;
        }
        var terms = _batch.TryGetValue((ResourceKind.Agreement, name), out var inBatch) ? inBatch.Spec as AgreementSpec
            : _rows.TryGetValue((ResourceKind.Agreement, name), out var row) && row.RetiredAt is null ? RecordMapper.ToDocument(row).Spec as AgreementSpec
            : null;
        if (terms is null)
        {
            return; // reported by the reference check
        }
        var objective = terms.Objectives.FirstOrDefault(o => o.Name == plan.Objective);
        if (plan.CheckObjective(objective, terms.Objectives.Select(o => o.Name)) is { } problem)
        {
            Error(doc, problem.Field, problem.Message, WriteErrorType.Invalid);
        }
    }

    private void CheckDependencyCycles()
    {
        if (!_batch.Keys.Any(k => k.Item1 == ResourceKind.Service))
        {
            return;
        }
        var graph = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var row in _rows.Values.Where(r => r.Kind == nameof(ResourceKind.Service) && r.RetiredAt is null))
        {
            graph[row.Name] = ((ServiceSpec)RecordMapper.ToDocument(row).Spec).DependsOn;
        }
        foreach (var doc in _batch.Values.Where(d => d.Kind == ResourceKind.Service))
        {
            graph[doc.Name] = ((ServiceSpec)doc.Spec).DependsOn;
        }
        if (DependencyGraph.FindCycle(graph) is { } cycle)
        {
            var name = cycle.FirstOrDefault(n => _batch.ContainsKey((ResourceKind.Service, n))) ?? cycle[0];
            var doc = _batch.GetValueOrDefault((ResourceKind.Service, name));
            var message = $"service dependencies form a cycle: {string.Join(" → ", cycle)}.";
            if (doc is not null)
            {
                Error(doc, "spec.dependsOn", message, WriteErrorType.Invalid);
            }
            else
            {
                Error(ResourceKind.Service, name, "spec.dependsOn", message, WriteErrorType.Invalid);
            }
        }
    }

    private bool CheckExisting(Document doc, ResourceEntity row, UpsertMode mode, long? expectedRevision)
    {
        if (mode == UpsertMode.CreateOnly)
        {
            var retired = row.RetiredAt is null ? string.Empty : " (retired; update it to bring it back)";
            Error(doc, "metadata.name", $"a {doc.Kind} named '{doc.Name}' already exists{retired}.", WriteErrorType.Conflict);
            return false;
        }
        return CheckRevision(doc.Kind, doc.Name, row, expectedRevision);
    }

    private bool Find(ResourceKind kind, string name, long? expectedRevision, out ResourceEntity row)
    {
        if (!_rows.TryGetValue((kind, name), out row!))
        {
            Error(kind, name, string.Empty, $"no {kind} named '{name}' exists.", WriteErrorType.NotFound);
            return false;
        }
        return CheckRevision(kind, name, row, expectedRevision);
    }

    private bool FindVersion(ResourceEntity row, int number, out AgreementVersionEntity version)
    {
        version = row.Versions.FirstOrDefault(v => v.Number == number)!;
        if (version is null)
        {
            Error(ResourceKind.Agreement, row.Name, string.Empty,
                $"has no version {number}; its versions are 1 to {row.Versions.Max(v => v.Number)}.", WriteErrorType.NotFound);
            return false;
        }
        return true;
    }

    private bool CheckRevision(ResourceKind kind, string name, ResourceEntity row, long? expectedRevision)
    {
        if (expectedRevision is { } expected && expected != row.Revision)
        {
            Error(kind, name, string.Empty,
                $"has changed since it was read (revision {expected.ToString(CultureInfo.InvariantCulture)}, now {row.Revision.ToString(CultureInfo.InvariantCulture)}): read it again and reapply the change.",
                WriteErrorType.PreconditionFailed);
            return false;
        }
        return true;
    }

    // ---- rows and audit -------------------------------------------------------------------

    private ResourceEntity NewRow(Document doc)
    {
        var row = new ResourceEntity
        {
            Id = Guid.NewGuid(),
            Kind = doc.Kind.ToString(),
            Name = doc.Name,
            Revision = 1,
            CreatedAt = _now,
            CreatedBy = _actor.Name,
            UpdatedAt = _now,
            UpdatedBy = _actor.Name,
        };
        SetMetadata(row, doc.Metadata);
        _db.Resources.Add(row);
        _rows[(doc.Kind, doc.Name)] = row;
        return row;
    }

    private AgreementVersionEntity AddVersion(ResourceEntity row, int number, AgreementSpec terms)
    {
        var version = new AgreementVersionEntity
        {
            Id = Guid.NewGuid(),
            AgreementId = row.Id,
            Number = number,
            Status = nameof(VersionStatus.Draft),
            Terms = RecordMapper.Serialize(terms.Terms()),
            CreatedAt = _now,
            CreatedBy = _actor.Name,
            UpdatedAt = _now,
            UpdatedBy = _actor.Name,
            StatusChangedAt = _now,
        };
        row.Versions.Add(version);
        _db.AgreementVersions.Add(version);
        return version;
    }

    private static void SetMetadata(ResourceEntity row, Metadata metadata)
    {
        row.DisplayName = metadata.DisplayName;
        row.Metadata = RecordMapper.Serialize(metadata);
    }

    /// <summary>Stamps a changed record; its revision goes up once per write, however many parts changed.</summary>
    private void Touch(ResourceEntity row)
    {
        if (_touched.Add(row) && _db.Entry(row).State != EntityState.Added)
        {
            row.Revision++;
        }
        row.UpdatedAt = _now;
        row.UpdatedBy = _actor.Name;
    }

    private void Audit(ChangeAction action, ResourceKind kind, string name, int? version, JsonNode? before, JsonNode? after) =>
        _db.Audit.Add(new AuditEntity
        {
            At = _now,
            Actor = _actor.Name,
            Via = _actor.Via,
            Action = action.ToString(),
            Kind = kind.ToString(),
            Name = name,
            Version = version,
            Before = before?.ToJsonString(),
            After = after?.ToJsonString(),
        });

    private void Error(Document doc, string path, string message, WriteErrorType type) =>
        _errors.Add(new WriteError(doc.Kind, doc.Name, path, message, type, doc.Locator is null ? null : doc.Locate(path)));

    private void Error(ResourceKind kind, string name, string path, string message, WriteErrorType type) =>
        _errors.Add(new WriteError(kind, name, path, message, type));
}
