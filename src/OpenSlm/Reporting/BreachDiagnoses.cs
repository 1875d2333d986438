using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Improvement;
using OpenSlm.Storage.Alerts;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Reporting;

/// <summary>What a diagnosis write came to: written (with the breach as it now stands), or why not.</summary>
public sealed record DiagnosisResult(DiagnosisOutcome Outcome, BreachRecord? Breach, IReadOnlyList<Core.Validation.ValidationError> Problems, string? Frozen)
{
    /// <summary>Whether it was written.</summary>
    public bool Ok => Outcome == DiagnosisOutcome.Written && Problems.Count == 0 && Frozen is null;
}

/// <summary>
/// Writing a breach's diagnosis, for the API and the pages alike: checked against the services its agreement covers and
/// what they depend on, refused once a published report shows the breach (a published report never changes, so neither
/// does the diagnosis it printed), written conditionally and audited.
/// </summary>
public sealed class BreachDiagnoses(AlertStore alerts, CatalogueStore catalogue, Storage.Reports.ReportStore published, IClock clock)
{
    /// <summary>The services a breach of <paramref name="agreement"/> can be traced to: those its latest version covers and every service they depend on.</summary>
    public async Task<IReadOnlySet<string>> ChainAsync(string agreement, CancellationToken ct = default)
    {
        var covered = (await catalogue.GetAsync(ResourceKind.Agreement, agreement, ct).ConfigureAwait(false))?.Document.Spec is AgreementSpec spec ? spec.Services : [];
        var services = (await catalogue.RecordsAsync(ResourceKind.Service, ct).ConfigureAwait(false))
            .ToDictionary(s => s.Document.Metadata.Name, s => ((ServiceSpec)s.Document.Spec).DependsOn, StringComparer.Ordinal);
        return Diagnosis.Chain(covered, s => services.GetValueOrDefault(s) ?? []);
    }

    /// <summary>The publication that shows <paramref name="breach"/> (its objective and period), if one does: after it, the diagnosis stays as published.</summary>
    public async Task<Storage.Reports.PublishedReport?> PublishedWithAsync(BreachRecord breach, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(breach);
        return (await PublishedAsync(breach.Agreement, [breach], ct).ConfigureAwait(false)).GetValueOrDefault((breach.Objective, breach.PeriodStart));
    }

    /// <summary>
    /// Which of <paramref name="breaches"/> (of <paramref name="agreement"/>) the agreement's published reports show, by
    /// objective and period start, each with the first publication that shows it. Only the snapshots of reports whose
    /// period meets one of the breaches' periods (with a day's margin either side for time zones) are read.
    /// </summary>
    public async Task<IReadOnlyDictionary<(string Objective, Instant PeriodStart), Storage.Reports.PublishedReport>> PublishedAsync(
        string agreement, IReadOnlyCollection<BreachRecord> breaches, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(breaches);
        var shown = new Dictionary<(string, Instant), Storage.Reports.PublishedReport>();
        if (breaches.Count == 0)
        {
            return shown;
        }
        var wanted = breaches.Select(b => (b.Objective, b.PeriodStart)).ToHashSet();
        var candidates = new List<Storage.Reports.PublishedReport>();
        for (var page = 1; ; page++)
        {
            var (items, total) = await published.ListAsync(agreement, page, 500, ct).ConfigureAwait(false);
            candidates.AddRange(items.Where(p => breaches.Any(b => Meets(p.Period, b))));
            if (items.Count == 0 || page * 500 >= total)
            {
                break;
            }
        }
        foreach (var candidate in candidates.OrderBy(p => p.Id))
        {
            if (await published.GetAsync(candidate.Id, ct).ConfigureAwait(false) is not { } publication)
            {
                continue;
            }
            foreach (var b in ReportSnapshot.Read(publication.Snapshot).Breaches.Where(b => wanted.Contains((b.Objective, b.PeriodStart))))
            {
                shown.TryAdd((b.Objective, b.PeriodStart), publication with { Snapshot = string.Empty });
            }
        }
        return shown;
    }

    /// <summary>Whether a report of <paramref name="period"/> can show <paramref name="breach"/>: their spans meet (a day's margin either side); a key that does not read is read anyway.</summary>
    private static bool Meets(string period, BreachRecord breach)
    {
        if (Core.Reporting.ReportPeriod.Parse(period, out _) is not { } p)
        {
            return true;
        }
        var from = p.First.PlusDays(-1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        var to = p.Last.PlusDays(2).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        return breach.PeriodStart < to && breach.PeriodEnd > from;
    }

    /// <summary>Why a diagnosis shown by <paramref name="publication"/> is not changed any more.</summary>
    public static string FrozenBy(Storage.Reports.PublishedReport publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        return $"The report of {publication.Period} (publication {publication.Id}, published {OpenSlm.Reports.ReportText.Time(publication.PublishedAt)} by {publication.PublishedBy}) shows this breach with its diagnosis, and a published report never changes: the diagnosis stays as published.";
    }

    /// <summary>Writes <paramref name="diagnosis"/> onto breach <paramref name="id"/> as <paramref name="by"/>, when the diagnosis read (<paramref name="ifTag"/>, if given) is still the one stored.</summary>
    public async Task<DiagnosisResult> DiagnoseAsync(long id, Diagnosis diagnosis, Actor by, string? ifTag, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        if (await alerts.BreachAsync(id, ct).ConfigureAwait(false) is not { } breach)
        {
            return new DiagnosisResult(DiagnosisOutcome.NotFound, null, [], null);
        }
        var problems = new Core.Validation.Problems();
        diagnosis.Validate(problems, [.. await ChainAsync(breach.Agreement, ct).ConfigureAwait(false)]);
        if (diagnosis.Problem is { } problem && problem != breach.Problem && ResourceName.Check(problem) is null
            && await catalogue.GetAsync(ResourceKind.Problem, problem, ct).ConfigureAwait(false) is not { Status.RetiredAt: null })
        {
            var known = (await catalogue.RecordsAsync(ResourceKind.Problem, ct).ConfigureAwait(false)).Select(r => r.Document.Name).Take(20).ToList();
            problems.Add("problem", $"'{problem}' is not a problem on record: expected the name of one ({(known.Count == 0 ? "none is recorded yet: create it first" : string.Join(", ", known))}).");
        }
        if (problems.Errors.Count > 0)
        {
            return new DiagnosisResult(DiagnosisOutcome.Written, breach, problems.Errors, null);
        }
        if (await PublishedWithAsync(breach, ct).ConfigureAwait(false) is { } publication)
        {
            return new DiagnosisResult(DiagnosisOutcome.Written, breach, [], FrozenBy(publication));
        }
        var (outcome, written) = await alerts.DiagnoseAsync(id, diagnosis, by, clock.GetCurrentInstant(), ifTag, ct).ConfigureAwait(false);
        return new DiagnosisResult(outcome, written, [], null);
    }
}
