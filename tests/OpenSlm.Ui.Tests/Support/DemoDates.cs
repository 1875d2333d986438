using System.Globalization;

namespace OpenSlm.Ui.Tests.Support;

/// <summary>
/// The demo's dates as <c>slm serve --demo</c> writes them today (its catalogue is dated from the day it is loaded, see
/// DemoData.Yaml): tests that name a demo date compute it here rather than writing a year that will pass.
/// </summary>
public static class DemoDates
{
    /// <summary>Today, in UTC, as the demo loader reads it.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>Next year: the demo's requirement and the partner API's proposed terms are for it.</summary>
    public static int NextYear => Today.Year + 1;

    /// <summary>The web-shop SLA's first day: the first of the month a year ago (it runs for two years).</summary>
    public static DateOnly WebShopSlaFrom => new DateOnly(Today.Year, Today.Month, 1).AddMonths(-12);

    /// <summary>A date as the pages write it: 1 December 2027.</summary>
    public static string Written(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A date as ISO 8601: 2027-12-01.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
