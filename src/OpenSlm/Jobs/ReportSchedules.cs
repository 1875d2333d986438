using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Reporting;
using OpenSlm.Hosting;
using OpenSlm.Interop.Documents;
using OpenSlm.Reporting;
using OpenSlm.Storage.Alerts;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Jobs;
using OpenSlm.Storage.Reports;

namespace OpenSlm.Jobs;

/// <summary>What one schedule's run did: the occurrence it ran for, the period reported, e-mails written and the publication made.</summary>
public sealed record ScheduledRun(string Schedule, Instant Due, string Period, int Mails, long? Publication, string? Problem = null);

/// <summary>
/// Sends scheduled reports (<see cref="ReportScheduleSpec"/>): each minute, for every schedule whose latest cron
/// occurrence (in its time zone, at most <see cref="CatchUp"/> ago, and not before the schedule existed) has not run,
/// makes the last closed period's report, publishes an agreement's when asked, and writes one e-mail with the report
/// attached to each stakeholder holding the schedule's roles. The run and its e-mails are stored in one transaction,
/// keyed by schedule and occurrence, so each occurrence is sent once across instances and restarts.
/// </summary>
public sealed class ReportScheduler(CatalogueStore catalogue, ReportService reports, ReportStore store, Notifier notifier, JobLeases leases)
{
    /// <summary>The job's lease name.</summary>
    public const string Job = "report-schedules";

    /// <summary>How long after an occurrence a run that was missed (the server was down) is still made; only the latest is.</summary>
    public static Duration CatchUp { get; } = Duration.FromDays(35);

    private readonly string _holder = JobLeases.NewHolder();

    /// <summary>Takes or renews this runner's lease at <paramref name="now"/>: true when it holds it.</summary>
    public Task<bool> RenewAsync(Instant now, CancellationToken ct) => leases.TryTakeAsync(Job, _holder, now, ct);

    /// <summary>Gives up this runner's lease.</summary>
    public Task ReleaseAsync(CancellationToken ct) => leases.ReleaseAsync(Job, _holder, ct);

    /// <summary>Runs every schedule due at <paramref name="now"/>; null when another instance holds the lease.</summary>
    public async Task<IReadOnlyList<ScheduledRun>?> RunOnceAsync(Instant now, CancellationToken ct)
    {
        if (!await leases.TryTakeAsync(Job, _holder, now, ct).ConfigureAwait(false))
        {
            return null;
        }
        var runs = new List<ScheduledRun>();
        foreach (var record in await catalogue.RecordsAsync(ResourceKind.ReportSchedule, ct).ConfigureAwait(false))
        {
            var name = record.Document.Metadata.Name;
            var spec = (ReportScheduleSpec)record.Document.Spec;
            if (Due(spec, now) is not { } due || due < record.Status.CreatedAt || await store.HasRunAsync(name, due, ct).ConfigureAwait(false))
            {
                continue;
            }
            runs.Add(await RunAsync(name, spec, due, now, ct).ConfigureAwait(false));
        }
        return runs;
    }

    /// <summary>The latest occurrence of the schedule at or before <paramref name="now"/> and within <see cref="CatchUp"/>.</summary>
    /// <remarks>Cron fields are read on the zone's local clock (Cronos over local times, NodaTime for the zone): a local
    /// time skipped by a DST change runs at the instant after the gap, one repeated runs at its first instant.</remarks>
    public static Instant? Due(ReportScheduleSpec spec, Instant now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (CronText.TryParse(spec.Schedule) is not { } cron || DateTimeZoneProviders.Tzdb.GetZoneOrNull(spec.TimeZone) is not { } zone)
        {
            return null;
        }
        var to = DateTime.SpecifyKind(now.InZone(zone).LocalDateTime.ToDateTimeUnspecified(), DateTimeKind.Utc);
        var from = DateTime.SpecifyKind((now - CatchUp).InZone(zone).LocalDateTime.ToDateTimeUnspecified(), DateTimeKind.Utc);
        var last = cron.GetOccurrences(from, to, TimeZoneInfo.Utc, fromInclusive: false, toInclusive: true).Cast<DateTime?>().LastOrDefault();
        return last is { } local ? zone.AtLeniently(LocalDateTime.FromDateTime(local)).ToInstant() : null;
    }

    private async Task<ScheduledRun> RunAsync(string name, ReportScheduleSpec spec, Instant due, Instant now, CancellationToken ct)
    {
        var zone = DateTimeZoneProviders.Tzdb[spec.TimeZone];
        var period = ReportPeriod.LastClosed(spec.Period, due.InZone(zone).Date);
        ReportFile file;
        string title;
        IReadOnlyList<string> summary;
        IReadOnlyList<AgreementSpec> covered;
        CustomerSpec? customer = null;
        long? publication = null;
        string? problem = null;
        if (spec.Agreement is { } agreement)
        {
            var (report, error) = await reports.AgreementAsync(agreement, period, null, ct).ConfigureAwait(false);
            if (report is null)
            {
                return await Failed(name, due, period, now, error!.Detail, ct).ConfigureAwait(false);
            }
            if (spec.Publish)
            {
                var (published, _, refused) = await reports.PublishAsync(report, name, ct).ConfigureAwait(false);
                (publication, problem) = (published?.Id, refused?.Detail);
            }
            var version = await catalogue.GetVersionAsync(agreement, report.Version, ct).ConfigureAwait(false);
            (file, title, summary, covered) = (ReportFiles.Of(report, spec.Format), Reports.ReportText.Title(report), report.Summary, version is null ? [] : [version.Spec]);
        }
        else
        {
            var (report, error) = await reports.CustomerAsync(spec.Customer!, period, ct).ConfigureAwait(false);
            if (report is null)
            {
                return await Failed(name, due, period, now, error!.Detail, ct).ConfigureAwait(false);
            }
            customer = (await catalogue.GetAsync(ResourceKind.Customer, spec.Customer!, ct).ConfigureAwait(false))?.Document.Spec as CustomerSpec;
            var specs = new List<AgreementSpec>();
            foreach (var a in report.Agreements)
            {
                if (await catalogue.GetVersionAsync(a.Agreement, a.Version, ct).ConfigureAwait(false) is { } v)
                {
                    specs.Add(v.Spec);
                }
            }
            (file, title, summary, covered) = (ReportFiles.Of(report, spec.Format), Reports.ReportText.Title(report), report.Summary, specs);
        }
        var emails = await notifier.EmailsAsync(covered, customer, spec.Roles, ct).ConfigureAwait(false);
        var subject = $"[OpenSLM] {title}";
        var text = $"{title}\n\n{string.Join("\n", summary.Select(l => $"- {l}"))}\n\nThe report is attached ({spec.Format}). Sent by the report schedule '{name}'.\n";
        var attachment = new NotificationAttachment(file.FileName, file.ContentType, file.Content);
        var mails = notifier.ReportMails(subject, text, attachment, emails).ToList();
        await store.RecordRunAsync(name, due, period.Key, publication, mails, now, ct).ConfigureAwait(false);
        return new ScheduledRun(name, due, period.Key, mails.Count, publication, problem);
    }

    /// <summary>Records a run that could not make its report (so that it is not retried every minute), with why.</summary>
    private async Task<ScheduledRun> Failed(string name, Instant due, ReportPeriod period, Instant now, string why, CancellationToken ct)
    {
        await store.RecordRunAsync(name, due, period.Key, null, [], now, ct).ConfigureAwait(false);
        return new ScheduledRun(name, due, period.Key, 0, null, why);
    }
}

/// <summary>Runs <see cref="ReportScheduler"/> at the start of every minute while <c>slm serve</c> runs.</summary>
public sealed class ReportScheduleService(ReportScheduler scheduler, AgreementReminder reminders, IClock clock, ILogger<ReportScheduleService> logger)
    : LeasedJobService(clock, Duration.FromMinutes(1), logger)
{
    /// <inheritdoc />
    protected override async Task<bool> RunRoundAsync(Instant now, CancellationToken ct)
    {
        if (await scheduler.RunOnceAsync(now, ct).ConfigureAwait(false) is not { } runs)
        {
            return false;
        }
        foreach (var run in runs)
        {
            Log.ReportSent(logger, run.Schedule, run.Period, run.Mails, run.Problem ?? "ok");
        }
        // Review reminders ride on the same lease, once an hour.
        foreach (var sent in await reminders.RunHourlyAsync(now, ct).ConfigureAwait(false))
        {
            Log.ReminderSent(logger, sent.Key, sent.Notifications);
        }
        return true;
    }

    /// <inheritdoc />
    protected override Task<bool> RenewAsync(Instant now, CancellationToken ct) => scheduler.RenewAsync(now, ct);

    /// <inheritdoc />
    protected override Task ReleaseAsync(CancellationToken ct) => scheduler.ReleaseAsync(ct);

    /// <inheritdoc />
    protected override void RoundFailed(Exception exception) => Log.ReportRoundFailed(logger, exception);
}
