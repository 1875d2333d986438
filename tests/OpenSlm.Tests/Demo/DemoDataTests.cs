using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;
using OpenSlm.Demo;

namespace OpenSlm.Tests.Demo;

/// <summary>The demo catalogue is dated from the day it is loaded, so a newcomer sees agreements in force whenever they start it.</summary>
public sealed class DemoDataTests
{
    public static TheoryData<string> Days => new() { "2026-12-04", "2027-01-01", "2028-02-29", "2030-07-31", "2031-12-31" };

    [Theory]
    [MemberData(nameof(Days))]
    public void The_demo_reads_on_any_day_with_its_agreements_in_force_and_holidays_for_the_years_around_it(string day)
    {
        var today = LocalDate.FromDateTime(DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture));
        var yaml = DemoData.Yaml(today);
        Assert.DoesNotContain("{{", yaml, StringComparison.Ordinal);
        var documents = DemoData.Documents(today);

        // The web-shop SLA has a year of history in force behind today and most of a year ahead; the supplier contract ends soon.
        var sla = (AgreementSpec)documents.Single(d => d.Name == "online-retail-web-shop-sla").Spec;
        Assert.Equal(new LocalDate(today.Year, today.Month, 1).PlusMonths(-12), sla.Effective!.From);
        Assert.True(sla.Effective.To > today.PlusMonths(10), $"{sla.Effective.To} is too soon after {today}");
        var payflow = (AgreementSpec)documents.Single(d => d.Name == "payflow-gateway-uc").Spec;
        Assert.InRange(Period.Between(today, payflow.Effective!.To!.Value, PeriodUnits.Days).Days, 59, 92);
        Assert.Contains(documents, d => d.Name == $"online-retail-{today.Year + 1}");
        Assert.True(((AgreementSpec)documents.Single(d => d.Name == "store-tills-sla").Spec).Review!.NextReview < today, "the store tills' review is overdue, to show");

        // Eight bank holidays a year in England and Wales, last year to next (more in a year with a one-off, as 2022 had).
        var holidays = ((CalendarSpec)documents.Single(d => d.Name == "uk-business-hours").Spec).Holidays;
        Assert.Equal(Enumerable.Range(today.Year - 1, 3), holidays.Select(h => h.Date.Year).Distinct());
        Assert.All(holidays.GroupBy(h => h.Date.Year), year => Assert.True(year.Count() >= 8, $"{year.Key} has {year.Count()}"));
        Assert.All(holidays, h => Assert.True(h.Date.DayOfWeek < IsoDayOfWeek.Saturday, $"{h.Date} {h.Name} falls on a weekend"));
    }

    [Fact]
    public void Bank_holidays_match_the_published_list_including_substitute_days()
    {
        // gov.uk's list for 2027: Christmas on a Saturday and Boxing Day on a Sunday move to Monday and Tuesday.
        var holidays = ((CalendarSpec)DemoData.Documents(new LocalDate(2026, 6, 1)).Single(d => d.Name == "uk-business-hours").Spec).Holidays
            .Where(h => h.Date.Year == 2027).Select(h => $"{h.Date:yyyy-MM-dd} {h.Name}");
        Assert.Equal(
        [
            "2027-01-01 New Year's Day", "2027-03-26 Good Friday", "2027-03-29 Easter Monday", "2027-05-03 Early May bank holiday",
            "2027-05-31 Spring bank holiday", "2027-08-30 Summer bank holiday", "2027-12-27 Christmas Day (substitute day)", "2027-12-28 Boxing Day (substitute day)",
        ], holidays);
    }
}
