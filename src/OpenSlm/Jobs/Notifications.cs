using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Alerting;
using OpenSlm.Core.Catalogue;
using OpenSlm.Hosting;
using OpenSlm.Storage.Alerts;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Jobs;

namespace OpenSlm.Jobs;

/// <summary>A webhook every notification is posted to. <paramref name="Slack"/>: a Slack-compatible <c>{"text"}</c> payload.</summary>
public sealed record WebhookTarget(Uri Url, string? Secret, bool Slack);

/// <summary>Where notifications go: e-mail through an SMTP server, webhooks, and a Prometheus Alertmanager.</summary>
public sealed record NotificationOptions(string? SmtpHost, int SmtpPort, string From, IReadOnlyList<WebhookTarget> Webhooks, Uri? Alertmanager = null)
{
    /// <summary>No e-mail, no webhooks.</summary>
    public static NotificationOptions None { get; } = new(null, 25, "openslm@localhost", []);
}

/// <summary>
/// Drafts the notifications of alerts and breaches: an e-mail to each stakeholder the agreement and its services name
/// Responsible or Accountable (for breaches also Informed) who has an address, one post to each webhook, and, for
/// alerts, one to the Alertmanager.
/// </summary>
public sealed class Notifier(CatalogueStore catalogue, NotificationOptions options)
{
    /// <summary>Who hears of an agreement's alerts, and who of its breaches.</summary>
    public sealed record Recipients(IReadOnlyList<string> Alerts, IReadOnlyList<string> Breaches);

    /// <summary>The addresses of the agreement's and its services' stakeholders, by role.</summary>
    public async Task<Recipients> RecipientsAsync(AgreementSpec agreement, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        var holders = await RoleHoldersAsync([agreement], null, ct).ConfigureAwait(false);
        return new Recipients(Of(holders, RaciRole.Responsible, RaciRole.Accountable), Of(holders, RaciRole.Responsible, RaciRole.Accountable, RaciRole.Informed));
    }

    /// <summary>
    /// The notifications of an alert opening, changing, resolving, or still open (a reminder), on the channels
    /// <paramref name="policy"/> chooses (all when null); none for a resolution when the policy says not to tell it.
    /// </summary>
    public IEnumerable<NotificationDraft> Drafts(AlertRecord alert, AlertEvent happened, Recipients recipients, Core.Alerting.AlertPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(recipients);
        if (happened == AlertEvent.Resolved && policy is { NotifyResolved: false })
        {
            return [];
        }
        var channels = policy?.Channels;
        bool Wanted(string channel) => channels is null || channels.Contains(channel, StringComparer.Ordinal);
        var verb = happened switch { AlertEvent.Opened => "opened", AlertEvent.Resolved => "resolved", AlertEvent.Changed => "changed", _ => "still open" };
        var about = alert.Subject.Length > 0 ? $"{alert.Kind} {alert.Subject}" : alert.Kind.ToString();
        var level = alert.Level.Length > 0 && alert.ResolvedAt is null ? $" ({alert.Level})" : string.Empty;
        var subject = $"[OpenSLM] {alert.Severity} {verb}: {alert.Agreement}/{alert.Objective} — {about}{level}";
        var text = $"{subject}\n\n{alert.Reason}\n\nAlert {alert.Id}, opened {alert.OpenedAt}" + (alert.ResolvedAt is { } r ? $", resolved {r}" : string.Empty) + ".\n";
        var payload = new JsonObject
        {
            ["event"] = $"alert.{happened.ToString().ToLowerInvariant()}",
            ["alert"] = JsonSerializer.SerializeToNode(Api.AlertDto.From(alert), SlmServer.ApiJson),
        };
        var drafts = Drafts(subject, text, payload, recipients.Alerts, Wanted);
        return options.Alertmanager is { } am && Wanted(NotificationChannel.Alertmanager)
            ? drafts.Append(new NotificationDraft(NotificationChannel.Alertmanager, am.ToString(), subject, ForAlertmanager(alert, subject)))
            : drafts;
    }

    /// <summary>
    /// The alert as Alertmanager's API v2 takes it: labels alertname (SLO + kind), agreement, objective, severity (page or
    /// ticket), openslm_alert and, for a ticket warning, subject (the ticket); startsAt, and endsAt once resolved. Alertmanager de-duplicates by labels, so a repeat
    /// changes nothing.
    /// </summary>
    private static string ForAlertmanager(AlertRecord alert, string subject)
    {
        var item = new JsonObject
        {
            ["labels"] = new JsonObject
            {
                ["alertname"] = $"SLO{alert.Kind}",
                ["agreement"] = alert.Agreement,
                ["objective"] = alert.Objective,
                ["severity"] = alert.Severity.ToString().ToLowerInvariant(),
                ["openslm_alert"] = alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            ["annotations"] = new JsonObject { ["summary"] = subject, ["description"] = alert.Reason },
            ["startsAt"] = NodaTime.Text.InstantPattern.ExtendedIso.Format(alert.OpenedAt),
        };
        if (alert.ResolvedAt is { } resolved)
        {
            item["endsAt"] = NodaTime.Text.InstantPattern.ExtendedIso.Format(resolved);
        }
        if (alert.Subject.Length > 0)
        {
            item["labels"]!["subject"] = alert.Subject;
        }
        return new JsonArray(item).ToJsonString();
    }

    /// <summary>E-mails of a scheduled report to <paramref name="emails"/>, with the report attached.</summary>
    public IEnumerable<NotificationDraft> ReportMails(string subject, string text, NotificationAttachment file, IReadOnlyList<string> emails) =>
        options.SmtpHost is null ? [] : emails.Select(e => new NotificationDraft(NotificationChannel.Email, e, subject, text, file));

    /// <summary>The addresses of the stakeholders holding <paramref name="roles"/> on the agreements and their services
    /// (and on <paramref name="customer"/>, when given).</summary>
    public async Task<IReadOnlyList<string>> EmailsAsync(IReadOnlyList<AgreementSpec> agreements, CustomerSpec? customer, IReadOnlyList<RaciRole> roles, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return Of(await RoleHoldersAsync(agreements, customer, ct).ConfigureAwait(false), [.. roles]);
    }

    /// <summary>Each role held on the agreements, their services and the customer, with the holder's address (holders
    /// without one are left out).</summary>
    private async Task<List<(RaciRole Role, string Email)>> RoleHoldersAsync(IReadOnlyList<AgreementSpec> agreements, CustomerSpec? customer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(agreements);
        var assignments = new List<RoleAssignment>(customer?.Stakeholders ?? []);
        foreach (var agreement in agreements)
        {
            assignments.AddRange(agreement.Stakeholders);
            foreach (var service in agreement.Services.Distinct(StringComparer.Ordinal))
            {
                if ((await catalogue.GetAsync(ResourceKind.Service, service, ct).ConfigureAwait(false))?.Document.Spec is ServiceSpec spec)
                {
                    assignments.AddRange(spec.Stakeholders);
                }
            }
        }
        var emails = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in assignments.Select(a => a.Stakeholder).Distinct(StringComparer.Ordinal))
        {
            emails[name] = ((await catalogue.GetAsync(ResourceKind.Stakeholder, name, ct).ConfigureAwait(false))?.Document.Spec as StakeholderSpec)?.Email;
        }
        return [.. assignments.Where(a => emails[a.Stakeholder] is not null).Select(a => (a.Role, emails[a.Stakeholder]!))];
    }

    /// <summary>The addresses of the holders of any of <paramref name="roles"/>, each once, in order.</summary>
    private static List<string> Of(List<(RaciRole Role, string Email)> holders, params RaciRole[] roles) =>
        [.. holders.Where(h => roles.Contains(h.Role)).Select(h => h.Email).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];

    /// <summary>The notifications of a period that closed below target.</summary>
    public IEnumerable<NotificationDraft> Drafts(BreachRecord breach, Recipients recipients)
    {
        ArgumentNullException.ThrowIfNull(breach);
        ArgumentNullException.ThrowIfNull(recipients);
        var subject = $"[OpenSLM] Breach: {breach.Agreement}/{breach.Objective} closed at {decimal.Round(breach.Attainment, 3)} % (target {breach.Target} %)";
        var text = $"{subject}\n\nThe period {breach.PeriodStart} – {breach.PeriodEnd} closed below target. Record its root cause and actions: PUT /api/v1/breaches/{breach.Id}/diagnosis.\n";
        var payload = new JsonObject { ["event"] = "breach.recorded", ["breach"] = JsonSerializer.SerializeToNode(Api.BreachDto.From(breach), SlmServer.ApiJson) };
        return Drafts(subject, text, payload, recipients.Breaches, _ => true);
    }

    /// <summary>An e-mail to each address and a post to each webhook, of the channels <paramref name="wanted"/> (webhooks
    /// with a Slack payload are the "slack" channel).</summary>
    private IEnumerable<NotificationDraft> Drafts(string subject, string text, JsonObject payload, IReadOnlyList<string> emails, Func<string, bool> wanted)
    {
        if (options.SmtpHost is not null && wanted(NotificationChannel.Email))
        {
            foreach (var email in emails)
            {
                yield return new NotificationDraft(NotificationChannel.Email, email, subject, text);
            }
        }
        foreach (var hook in options.Webhooks.Where(h => wanted(h.Slack ? NotificationChannel.Slack : NotificationChannel.Webhook)))
        {
            var body = hook.Slack ? new JsonObject { ["text"] = text.TrimEnd() }.ToJsonString() : payload.ToJsonString(SlmServer.ApiJson);
            yield return new NotificationDraft(NotificationChannel.Webhook, hook.Url.ToString(), subject, body);
        }
    }
}

/// <summary>
/// Delivers due notifications from the outbox, one instance at a time (the holder of the delivery lease): e-mail with
/// MailKit, webhooks as JSON posted with an HMAC-SHA256 signature (<c>X-OpenSLM-Signature: sha256=…</c> over the body,
/// with the webhook's secret) and the delivery id (<c>X-OpenSLM-Delivery</c>; e-mails carry it as their Message-ID).
/// A notification is marked sent right after it is delivered; only a crash between the two could repeat it, and the
/// receiver can tell by the delivery id.
/// </summary>
public sealed class NotificationDispatcher(NotificationStore outbox, JobLeases leases, IEnumerable<INotificationChannel> channels)
{
    private readonly Dictionary<string, INotificationChannel> _channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The job's lease name.</summary>
    public const string Job = "notification-delivery";

    /// <summary>This runner, as lease holders are told apart.</summary>
    private readonly string _holder = JobLeases.NewHolder();

    /// <summary>Takes or renews this runner's lease at <paramref name="now"/>: true when it holds it.</summary>
    public Task<bool> RenewAsync(Instant now, CancellationToken ct) => leases.TryTakeAsync(Job, _holder, now, ct);

    /// <summary>Gives up this runner's lease, so that another instance takes the job over at once.</summary>
    public Task ReleaseAsync(CancellationToken ct) => leases.ReleaseAsync(Job, _holder, ct);

    /// <summary>Delivers what is due at <paramref name="now"/>; how many were delivered and how many failed, or null without the lease.</summary>
    public async Task<(int Sent, int Failed)?> RunOnceAsync(Instant now, CancellationToken ct)
    {
        if (!await leases.TryTakeAsync(Job, _holder, now, ct).ConfigureAwait(false))
        {
            return null;
        }
        var (sent, failed) = (0, 0);
        foreach (var n in await outbox.DueAsync(now, 100, ct).ConfigureAwait(false))
        {
            try
            {
                var channel = _channels.GetValueOrDefault(n.Channel) ?? throw new InvalidOperationException($"no channel named '{n.Channel}' is configured.");
                await channel.DeliverAsync(n, ct).ConfigureAwait(false);
                await outbox.SentAsync(n.Id, now, ct).ConfigureAwait(false);
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Whatever went wrong with this one (server down, address refused, bad URL…) is recorded on it and retried
                // later; it never holds up the others.
                await outbox.FailedAsync(n.Id, ex.Message, now, ct).ConfigureAwait(false);
                failed++;
            }
        }
        return (sent, failed);
    }

    /// <summary>The hex HMAC-SHA256 of <paramref name="body"/> under <paramref name="secret"/>, as receivers check it.</summary>
    public static string Signature(string secret, string body) => WebhookChannel.Signature(secret, body);
}

/// <summary>Runs <see cref="NotificationDispatcher"/> every 10 seconds while <c>slm serve</c> runs.</summary>
public sealed class NotificationService(NotificationDispatcher dispatcher, IClock clock, ILogger<NotificationService> logger)
    : LeasedJobService(clock, Duration.FromSeconds(10), logger)
{
    /// <inheritdoc />
    protected override async Task<bool> RunRoundAsync(Instant now, CancellationToken ct) =>
        await dispatcher.RunOnceAsync(now, ct).ConfigureAwait(false) is not null;

    /// <inheritdoc />
    protected override Task<bool> RenewAsync(Instant now, CancellationToken ct) => dispatcher.RenewAsync(now, ct);

    /// <inheritdoc />
    protected override Task ReleaseAsync(CancellationToken ct) => dispatcher.ReleaseAsync(ct);

    /// <inheritdoc />
    protected override void RoundFailed(Exception exception) => Log.NotificationRoundFailed(logger, exception);
}
