using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NodaTime;
using OpenSlm.Jobs;
using OpenSlm.Tests.Support;
using OpenSlm.TestSupport;

namespace OpenSlm.Tests.Api;

/// <summary>Reports sent on a schedule, e-mailed to a real SMTP server (Debian's aiosmtpd).</summary>
public sealed class ReportScheduleTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private const string Schedule = """
        apiVersion: openslm/v1
        kind: ReportSchedule
        metadata: {name: shop-monthly}
        spec:
          agreement: shop-sla
          schedule: "0 7 2 * *"
          timeZone: Europe/London
          period: Month
          format: pdf
          roles: [Accountable]
        """;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_last_closed_month_is_published_and_mailed_with_the_pdf_once_at_the_scheduled_local_time(string provider)
    {
        await using var smtp = SmtpServer.Create();
        await smtp.StartAsync();
        await using var api = await ReportApiTests.StartAsync(provider, new NotificationOptions("127.0.0.1", smtp.Port, "reports@example.com", []));
        api.Clock.Now = Instant.FromUtc(2025, 4, 1, 12, 0);   // the schedule exists from 1 April
        var applied = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Schedule));
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync());
        var scheduler = api.Services.GetRequiredService<ReportScheduler>();
        Assert.Equal("0 7 2 * *", (string)(await api.GetJson("/api/v1/reportschedules/shop-monthly"))["spec"]!["schedule"]!);

        // 07:00 on 2 April in London is 06:00 UTC (BST).
        Assert.Empty((await scheduler.RunOnceAsync(Instant.FromUtc(2025, 4, 2, 5, 59), default))!);
        var run = Assert.Single((await scheduler.RunOnceAsync(Instant.FromUtc(2025, 4, 2, 6, 0, 30), default))!);
        Assert.Equal(("shop-monthly", Instant.FromUtc(2025, 4, 2, 6, 0), "2025-03", 1, (string?)null), (run.Schedule, run.Due, run.Period, run.Mails, run.Problem));
        Assert.NotNull(run.Publication);
        Assert.Empty((await scheduler.RunOnceAsync(Instant.FromUtc(2025, 4, 2, 6, 1, 30), default))!);   // once

        var dispatcher = api.Services.GetRequiredService<NotificationDispatcher>();
        Assert.Equal((1, 0), await dispatcher.RunOnceAsync(Instant.FromUtc(2025, 4, 2, 6, 2), default));
        using var mail = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(Assert.Single(smtp.Messages()))));
        Assert.Equal("dana@example.com", mail.To.Mailboxes.Single().Address);
        Assert.Equal("[OpenSLM] Service level report: Shop SLA, March 2025", mail.Subject);
        Assert.Contains("- Service credits owed: EUR 2,000.00.", mail.TextBody, StringComparison.Ordinal);
        var attachment = (MimePart)Assert.Single(mail.Attachments);
        Assert.Equal(("shop-sla-2025-03.pdf", "application/pdf"), (attachment.FileName, attachment.ContentType.MimeType));
        using var pdf = new MemoryStream();
        await attachment.Content!.DecodeToAsync(pdf);
        Assert.Contains("availability 99.9 % 99.741 % Breached", string.Join(' ', PdfPages.Text(pdf.ToArray())), StringComparison.Ordinal);

        var published = Assert.Single((await api.GetJson("/api/v1/reports?agreement=shop-sla"))["items"]!.AsArray())!;
        Assert.Equal(((long)run.Publication!, "shop-monthly"), ((long)published["id"]!, (string)published["publishedBy"]!));
    }

    [Fact]
    public async Task A_schedule_that_is_not_one_is_refused_with_the_field_and_what_was_expected()
    {
        await using var api = await ReportApiTests.StartAsync("sqlite");
        var bad = await api.Client.PostAsync("/api/v1/apply", ApiHost.Yaml(Schedule
            .Replace("\"0 7 2 * *\"", "every month", StringComparison.Ordinal)
            .Replace("agreement: shop-sla", "agreement: shop-sla\n  customer: acme", StringComparison.Ordinal)
            .Replace("format: pdf", "format: docx", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.Content.ReadAsStringAsync();
        Assert.Contains("'every month' is not a cron expression", body, StringComparison.Ordinal);
        Assert.Contains("give agreement (one agreement's report) or customer", body, StringComparison.Ordinal);
        Assert.Contains("'docx' is not a report format", body, StringComparison.Ordinal);
    }
}
