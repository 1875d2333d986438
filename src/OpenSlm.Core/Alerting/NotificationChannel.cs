namespace OpenSlm.Core.Alerting;

/// <summary>
/// The channels notifications travel on, named once: what an objective's <c>alerting.channels</c> chooses from, what
/// the outbox records, and what OpenSLO notification targets map to.
/// </summary>
public static class NotificationChannel
{
    /// <summary>E-mail through the SMTP server.</summary>
    public const string Email = "email";

    /// <summary>A JSON post to a webhook.</summary>
    public const string Webhook = "webhook";

    /// <summary>A webhook that takes Slack's <c>{"text"}</c> payload (recorded in the outbox as a <see cref="Webhook"/> post).</summary>
    public const string Slack = "slack";

    /// <summary>An alert posted to a Prometheus Alertmanager's API v2.</summary>
    public const string Alertmanager = "alertmanager";

    /// <summary>Every channel an objective can choose.</summary>
    public static IReadOnlyList<string> Known { get; } = [Email, Webhook, Slack, Alertmanager];
}
