using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using OpenSlm.Core.Alerting;
using OpenSlm.Storage.Alerts;

namespace OpenSlm.Jobs;

/// <summary>
/// One way notifications travel, as a logging sink is one way log events do: its <see cref="Name"/> (one of
/// <see cref="NotificationChannel"/>) and how to deliver one notification. A delivery that fails throws; the dispatcher
/// records it on the notification and retries it later. A new channel is one more implementation, registered once.
/// </summary>
public interface INotificationChannel
{
    /// <summary>The channel's name, as the outbox records it.</summary>
    string Name { get; }

    /// <summary>Delivers <paramref name="notification"/>; throws when it could not.</summary>
    Task DeliverAsync(NotificationRecord notification, CancellationToken ct);
}

/// <summary>E-mail through the configured SMTP server, with MailKit; the delivery id is the Message-ID.</summary>
public sealed class EmailChannel(NotificationOptions options) : INotificationChannel
{
    /// <inheritdoc />
    public string Name => NotificationChannel.Email;

    /// <inheritdoc />
    public async Task DeliverAsync(NotificationRecord notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (options.SmtpHost is null)
        {
            throw new InvalidOperationException("no SMTP server is configured (slm serve --smtp HOST[:PORT]).");
        }
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(notification.Recipient));
        message.Subject = notification.Subject;
        message.MessageId = $"notification-{notification.Id}@openslm";
        message.Headers.Add("X-OpenSLM-Delivery", notification.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = new BodyBuilder { TextBody = notification.Body };
        if (notification.Attachment is { } file)
        {
            body.Attachments.Add(file.Name, file.Content, ContentType.Parse(file.ContentType));
        }
        message.Body = body.ToMessageBody();
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(options.SmtpHost, options.SmtpPort, SecureSocketOptions.Auto, ct).ConfigureAwait(false);
        await smtp.SendAsync(message, ct).ConfigureAwait(false);
        await smtp.DisconnectAsync(quit: true, ct).ConfigureAwait(false);
    }
}

/// <summary>
/// A JSON post to a webhook (a Slack-compatible one included), signed with HMAC-SHA256 over the body under the
/// webhook's secret (<c>X-OpenSLM-Signature: sha256=…</c>), with the delivery id (<c>X-OpenSLM-Delivery</c>).
/// </summary>
public sealed class WebhookChannel(NotificationOptions options, HttpClient http) : INotificationChannel
{
    /// <inheritdoc />
    public string Name => NotificationChannel.Webhook;

    /// <inheritdoc />
    public Task DeliverAsync(NotificationRecord notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return PostAsync(http, notification, new Uri(notification.Recipient), options.Webhooks.FirstOrDefault(w => w.Url.ToString() == notification.Recipient)?.Secret, ct);
    }

    /// <summary>Posts the notification's body as JSON to <paramref name="url"/>, signed when there is a secret; throws unless 2xx.</summary>
    internal static async Task PostAsync(HttpClient http, NotificationRecord n, Uri url, string? secret, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(n.Body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-OpenSLM-Delivery", n.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (secret is not null)
        {
            request.Headers.Add("X-OpenSLM-Signature", "sha256=" + Signature(secret, n.Body));
        }
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
    }

    /// <summary>The hex HMAC-SHA256 of <paramref name="body"/> under <paramref name="secret"/>, as receivers check it.</summary>
    public static string Signature(string secret, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}

/// <summary>Alerts posted to a Prometheus Alertmanager's API v2 (<c>api/v2/alerts</c> under its base URL).</summary>
public sealed class AlertmanagerChannel(HttpClient http) : INotificationChannel
{
    /// <inheritdoc />
    public string Name => NotificationChannel.Alertmanager;

    /// <inheritdoc />
    public Task DeliverAsync(NotificationRecord notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return WebhookChannel.PostAsync(http, notification, new Uri(new Uri(notification.Recipient), "api/v2/alerts"), null, ct);
    }
}
