using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Alerting;
using OpenSlm.Core.Catalogue;
using OpenSlm.Reporting;
using OpenSlm.Storage.Alerts;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Reviews;

namespace OpenSlm.Jobs;

/// <summary>A reminder sent: its key and how many notifications it wrote.</summary>
public sealed record ReminderSent(string Key, string Agreement, string Subject, int Notifications);

/// <summary>
/// Reminds the parties of an agreement (issue 18): of its end and notice period (<see cref="Renewals"/>), and of
/// service level reviews: before a review is due (<see cref="Reviews.DueSoonDays"/> days), when it
/// is overdue, and for each review action open past its due day — each once, by its key, across instances and
/// restarts (the key and the e-mails are stored in one transaction). E-mails go to the Accountable parties of the
/// agreement (its stakeholders, its services' and its customer's); an action's reminder (of a review, or of an improvement
/// plan, due within three days or overdue) also to its owner when the
/// owner is a stakeholder with an address. Runs within the report schedules' round, at most once an hour.
/// </summary>
public sealed class AgreementReminder(AgreementReviews reviews, ReviewStore store, CatalogueStore catalogue, Notifier notifier, NotificationOptions options)
{
    private Instant _lastRun = Instant.MinValue;

    /// <summary>Runs when an hour has passed since the last run; what it sent (nothing when not due).</summary>
    public async Task<IReadOnlyList<ReminderSent>> RunHourlyAsync(Instant now, CancellationToken ct)
    {
        if (now - _lastRun < Duration.FromHours(1))
        {
            return [];
        }
        _lastRun = now;
        return await RunOnceAsync(now, ct).ConfigureAwait(false);
    }

    /// <summary>Sends every reminder due at <paramref name="now"/> not sent before.</summary>
    public async Task<IReadOnlyList<ReminderSent>> RunOnceAsync(Instant now, CancellationToken ct)
    {
        var today = now.InUtc().Date;
        var sent = new List<ReminderSent>();
        var open = (await store.OpenActionsAsync(ct).ConfigureAwait(false)).ToLookup(a => a.Agreement, StringComparer.Ordinal);
        var due = new List<Reminder>();
        foreach (var outlook in await reviews.OutlooksAsync(ct).ConfigureAwait(false))
        {
            due.AddRange(Reviews.Due(outlook.Agreement, outlook.NextReview, open[outlook.Agreement].Select(a => (a.Review, a.Index, a.Action)), today));
        }
        // Expiry and notice periods: of each version in force, unless a later version is already Agreed or Active.
        foreach (var (record, active) in await catalogue.ActiveAgreementsAsync(ct).ConfigureAwait(false))
        {
            var renewed = record.Versions.Any(v => v.Number > active.Info.Number && v.Status is VersionStatus.Agreed or VersionStatus.Active);
            due.AddRange(Renewals.Due(record.Document.Metadata.Name, active.Info.Number, active.Spec.Effective, renewed, today));
        }
        // Improvement plans' actions: due soon, and overdue.
        foreach (var plan in await catalogue.RecordsAsync(ResourceKind.ImprovementPlan, ct).ConfigureAwait(false))
        {
            due.AddRange(((Core.Improvement.ImprovementPlanSpec)plan.Document.Spec).Reminders(plan.Document.Name, today));
        }
        {
            foreach (var reminder in due)
            {
                if (await store.RemindedAsync(reminder.Key, ct).ConfigureAwait(false))
                {
                    continue;
                }
                var drafts = await DraftsAsync(reminder, ct).ConfigureAwait(false);
                if (drafts.Count > 0 && await store.RemindAsync(reminder, drafts, now, ct).ConfigureAwait(false))
                {
                    sent.Add(new ReminderSent(reminder.Key, reminder.Agreement, reminder.Subject, drafts.Count));
                }
            }
        }
        return sent;
    }

    private async Task<List<NotificationDraft>> DraftsAsync(Reminder reminder, CancellationToken ct)
    {
        if (options.SmtpHost is null || await catalogue.GetAsync(ResourceKind.Agreement, reminder.Agreement, ct).ConfigureAwait(false) is not { ActiveVersion: { } number }
            || await catalogue.GetVersionAsync(reminder.Agreement, number, ct).ConfigureAwait(false) is not { } version)
        {
            return [];
        }
        var spec = version.Spec;
        var customer = spec.Customer is null ? null : (await catalogue.GetAsync(ResourceKind.Customer, spec.Customer, ct).ConfigureAwait(false))?.Document.Spec as CustomerSpec;
        var emails = (await notifier.EmailsAsync([spec], customer, [RaciRole.Accountable], ct).ConfigureAwait(false)).ToList();
        if (reminder.Owner is { } owner && (await catalogue.GetAsync(ResourceKind.Stakeholder, owner, ct).ConfigureAwait(false))?.Document.Spec is StakeholderSpec { Email: { } email }
            && !emails.Contains(email, StringComparer.OrdinalIgnoreCase))
        {
            emails.Add(email);
        }
        return [.. emails.Select(e => new NotificationDraft(NotificationChannel.Email, e, reminder.Subject, reminder.Text))];
    }
}
