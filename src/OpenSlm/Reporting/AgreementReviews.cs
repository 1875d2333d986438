using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Reviews;

namespace OpenSlm.Reporting;

/// <summary>Where an agreement's reviews stand: its next review, how it stands today, and its open actions overdue.</summary>
public sealed record ReviewOutlook(string Agreement, LocalDate? NextReview, ReviewStanding Standing, int OverdueActions);

/// <summary>Why a review was not recorded: no such agreement, or its problems by field.</summary>
public sealed record ReviewRefusal(bool NotFound, IReadOnlyList<(string Field, string Message)> Problems);

/// <summary>
/// Service level reviews as the API, the UI and the reminder job use them: recording one checks it with Core's
/// <see cref="Reviews"/> against the agreement's review schedule (of the version in force on the day it was held), and
/// the next review is the one the latest recorded review set, else the terms'.
/// </summary>
public sealed class AgreementReviews(CatalogueStore catalogue, ReviewStore store, IClock clock)
{
    /// <summary>Today, in UTC.</summary>
    public LocalDate Today => clock.GetCurrentInstant().InUtc().Date;

    /// <summary>The store, for listing and changing actions.</summary>
    public ReviewStore Store => store;

    /// <summary>Records a review of <paramref name="agreement"/> as <paramref name="by"/>; the record, or why not.</summary>
    public async Task<(ReviewRecord? Review, ReviewRefusal? Refusal)> RecordAsync(string agreement, ReviewRequest request, string by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await catalogue.GetAsync(ResourceKind.Agreement, agreement, ct).ConfigureAwait(false) is not { } record || record.Versions.Count == 0)
        {
            return (null, new ReviewRefusal(true, []));
        }
        var today = Today;
        var terms = await catalogue.VersionTermsAsync(agreement, ct).ConfigureAwait(false);
        // The terms reviewed: the version in force on the day it was held, else the Active one, else the latest.
        var number = (request.HeldOn is { } held ? VersionsInForce.On(terms, held) : null) ?? record.ActiveVersion ?? record.Versions.Max(v => v.Number);
        var version = await catalogue.GetVersionAsync(agreement, number, ct).ConfigureAwait(false);
        var (review, problems) = Reviews.Check(request, version?.Spec.Review, today);
        if (review is null)
        {
            return (null, new ReviewRefusal(false, problems));
        }
        return (await store.AddAsync(agreement, number, review, by, clock.GetCurrentInstant(), ct).ConfigureAwait(false), null);
    }

    /// <summary>The outlook of one agreement whose terms in force are <paramref name="spec"/>, given its reviews.</summary>
    public ReviewOutlook Outlook(string agreement, AgreementSpec spec, IReadOnlyList<ReviewRecord> reviews)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        var today = Today;
        var next = Reviews.NextDue(spec?.Review, reviews.Count > 0 ? reviews[0].Terms.NextReview : null);
        return new ReviewOutlook(agreement, next, Reviews.Standing(next, today), reviews.Sum(r => r.Terms.Actions.Count(a => Reviews.Overdue(a, today))));
    }

    /// <summary>Every agreement with an Active version in force: its next review, standing and overdue actions, by name.</summary>
    public async Task<IReadOnlyList<ReviewOutlook>> OutlooksAsync(CancellationToken ct)
    {
        var today = Today;
        var set = await store.NextSetAsync(ct).ConfigureAwait(false);
        var overdue = (await store.OpenActionsAsync(ct).ConfigureAwait(false)).Where(a => Reviews.Overdue(a.Action, today))
            .GroupBy(a => a.Agreement, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. (await catalogue.ActiveAgreementsAsync(ct).ConfigureAwait(false)).Select(a =>
        {
            var name = a.Record.Document.Metadata.Name;
            var next = Reviews.NextDue(a.Active.Spec.Review, set.TryGetValue(name, out var d) ? d : null);
            return new ReviewOutlook(name, next, Reviews.Standing(next, today), overdue.GetValueOrDefault(name));
        })];
    }
}
