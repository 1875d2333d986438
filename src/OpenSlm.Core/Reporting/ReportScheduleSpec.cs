using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Reporting;

/// <summary>
/// A report sent on a schedule: at each time the cron expression names (in its time zone), the last closed period's
/// report of an agreement or a customer is made (and, for an agreement, published) and e-mailed, as an attachment, to
/// the stakeholders holding the given roles.
/// </summary>
public sealed record ReportScheduleSpec : ISpec
{
    /// <inheritdoc />
    public static ResourceKind Kind => ResourceKind.ReportSchedule;

    /// <summary>The agreement reported on (or <see cref="Customer"/>).</summary>
    public string? Agreement { get; init; }

    /// <summary>Instead of <see cref="Agreement"/>: every agreement of this customer, in one report.</summary>
    public string? Customer { get; init; }

    /// <summary>When to send, as a five-field cron expression (minute hour day-of-month month day-of-week), for
    /// example "0 7 2 * *": 07:00 on the 2nd of every month.</summary>
    public string Schedule { get; init; } = string.Empty;

    /// <summary>The IANA time zone the schedule and the periods are read in (default UTC).</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>The period reported: the last whole Month, Quarter or Year closed when the schedule fires.</summary>
    public CalendarPeriod Period { get; init; } = CalendarPeriod.Month;

    /// <summary>The attachment's format: pdf, html, csv or json.</summary>
    public string Format { get; init; } = "pdf";

    /// <summary>Who receives it: the stakeholders with these roles on the agreement, its services (and, for a
    /// customer report, the customer).</summary>
    public IReadOnlyList<RaciRole> Roles { get; init; } = [RaciRole.Responsible, RaciRole.Accountable, RaciRole.Informed];

    /// <summary>Whether an agreement's report is also published (kept with its data hash) when sent.</summary>
    public bool Publish { get; init; } = true;

    /// <summary>The formats an attachment can take.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["pdf", "html", "csv", "json"];

    /// <inheritdoc />
    public void Validate(Problems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (Agreement is null == Customer is null)
        {
            problems.Add("agreement", "give agreement (one agreement's report) or customer (all of a customer's agreements), one of the two.");
        }
        if (string.IsNullOrWhiteSpace(Schedule))
        {
            problems.Add("schedule", "is required: a cron expression such as \"0 7 2 * *\" (07:00 on the 2nd of each month).");
        }
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) is null)
        {
            problems.Add("timeZone", $"'{TimeZone}' is not an IANA time zone: expected for example Europe/London or UTC.");
        }
        if (Period is not (CalendarPeriod.Month or CalendarPeriod.Quarter or CalendarPeriod.Year))
        {
            problems.Add("period", $"'{Period}' is not a report period: expected Month, Quarter or Year.");
        }
        if (!Formats.Contains(Format))
        {
            problems.Add("format", $"'{Format}' is not a report format: expected {string.Join(", ", Formats)}.");
        }
        if (Roles.Count == 0)
        {
            problems.Add("roles", "name at least one role: the stakeholders holding it receive the report.");
        }
    }

    /// <inheritdoc />
    public IEnumerable<Reference> References()
    {
        if (Agreement is not null)
        {
            yield return new Reference(ResourceKind.Agreement, Agreement, "spec.agreement");
        }
        if (Customer is not null)
        {
            yield return new Reference(ResourceKind.Customer, Customer, "spec.customer");
        }
    }
}
