using NodaTime;
using OpenSlm.Core.Tickets;
using OpenSlm.Interop.Measurements;
using OpenSlm.Storage.Measurements;
using OpenSlm.Storage.Tickets;

namespace OpenSlm.Demo;

/// <summary>
/// Thirteen months of made-up delivery for the demo catalogue, up to now, so a newcomer sees real numbers: measurements
/// for its indicators (daily, hourly over the last five weeks, by the minute over the last two days) with a few incidents placed where they show, and
/// open service desk tickets with running clocks. Deterministic for a given "now".
/// </summary>
/// <remarks>
/// What it sets up: the web shop's availability below its warning level this month (at risk) after an incident three
/// days ago (early this month, in a month's first days); checkouts breached last month; payment authorisations failing in the last two to three hours (a fast burn that
/// pages, leaving the 30-day OLA at risk, never breached, whatever the minute: 1,920 to 2,520 bad in 5.88 million); the service desk just under its warning level; tickets of every priority, one past its deadline.
/// </remarks>
public static class DemoActivity
{
    private const string Source = "demo";

    /// <summary>How many of the last hours carry one row a minute rather than one an hour.</summary>
    public const int MinuteHours = 48;

    /// <summary>Stores the demo's measurements and ticket updates, as of <paramref name="now"/>; says what it stored.</summary>
    public static async Task<string> LoadAsync(MeasurementStore measurements, TicketStore tickets, Instant now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        ArgumentNullException.ThrowIfNull(tickets);
        var rows = Measurements(now);
        var stored = await measurements.IngestAsync(rows, Source, ct).ConfigureAwait(false);
        if (!stored.Ok)
        {
            throw new InvalidOperationException($"The demo measurements were refused: {string.Join("; ", stored.Errors.Take(3))}");
        }
        var events = Tickets(now);
        await tickets.RecordAsync(events, ct).ConfigureAwait(false);
        return $"{rows.Count:N0} measurements and {events.Count} ticket updates";
    }

    /// <summary>
    /// Records the demo's service level review of the web-shop SLA, held three weeks before <paramref name="now"/> over
    /// the last closed month: its decisions and three actions (one done, one overdue, one to come); says what it stored.
    /// </summary>
    public static async Task<string> ReviewsAsync(Reporting.AgreementReviews reviews, Instant now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        var held = now.InUtc().Date.PlusDays(-21);
        var month = Core.Reporting.ReportPeriod.LastClosed(Core.Agreements.CalendarPeriod.Month, held);
        var request = new Core.Agreements.ReviewRequest(held, month.Key, ["Amara Okafor", "Tom Reilly", "Priya Shah (Online Retail)"],
            ["Keep availability at 99.9 % for the renewal", "Checkout latency moves to a 95th-percentile objective from next year", "Report monthly to Online Retail's operations board"],
            [
                new Core.Agreements.ReviewActionRequest("Share the month's report with Online Retail's board", "amara-okafor", held.PlusDays(3), Core.Agreements.ActionStatus.Done),
                new Core.Agreements.ReviewActionRequest("Propose the checkout latency objective as a draft amendment", "tom-reilly", held.PlusDays(14)),
                new Core.Agreements.ReviewActionRequest("Agree planned maintenance windows for the peak season", "amara-okafor", held.PlusDays(45)),
            ],
            "Online Retail asked about price at renewal; no commitment given.", held.PlusMonths(3));
        var (review, refusal) = await reviews.RecordAsync("online-retail-web-shop-sla", request, "demo", ct).ConfigureAwait(false);
        return review is null
            ? throw new InvalidOperationException($"The demo review was refused: {string.Join("; ", refusal!.Problems.Select(p => $"{p.Field}: {p.Message}"))}")
            : $"a review of {review.Agreement}";
    }

    /// <summary>
    /// Records what the evaluator would have recorded had it run through the months before the demo was loaded: the web
    /// shop's checkout breaches of five and four months back (judged by the engine on the demo's data), diagnosed as the
    /// problem checkout-pool-exhaustion. Last month's breach is left to the first evaluation round, undiagnosed.
    /// </summary>
    public static async Task<string> BreachHistoryAsync(Storage.Catalogue.CatalogueStore catalogue, Evaluation.ObjectiveReader reader, Storage.Alerts.AlertStore alerts,
        Instant now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(alerts);
        const string agreement = "online-retail-web-shop-sla";
        if ((await catalogue.GetAsync(Core.Catalogue.ResourceKind.Agreement, agreement, ct).ConfigureAwait(false))?.Document.Spec is not Core.Agreements.AgreementSpec terms)
        {
            return "no breach history";
        }
        var checkout = (await reader.ReadAsync(terms, now, (_, plan) => plan.HistorySince(now, 6), ct).ConfigureAwait(false)).Single(o => o.Objective.Name == "checkout-success");
        var diagnosis = new Core.Improvement.Diagnosis
        {
            Category = Core.Improvement.CauseCategory.Capacity,
            Problem = "checkout-pool-exhaustion",
            RootCause = "The checkout database pool (40 connections) ran out at promotion peaks; failed checkouts were not retried.",
            References = ["INC0009817", "INC0009902"],
            ContributingServices = ["checkout"],
            Actions = "Plan checkout-capacity: size the pool for peaks, alert on its use.",
            Statement = "Some checkouts failed at the busiest times of our promotions. We have added capacity and now watch it.",
        };
        var recorded = 0;
        var history = checkout.Plan.History(checkout.Series, now, 6);
        foreach (var period in history.SkipLast(1).Where(p => p.Status == Core.Evaluation.ObjectiveStatus.Breached))
        {
            var attainment = ((Core.Evaluation.Attainment.Measured)period.Attainment).Percent;
            if (await alerts.RecordBreachAsync(agreement, "checkout-success", period.Window.Start, period.Window.End, attainment, checkout.Objective.Target,
                period.Window.End, _ => [], ct).ConfigureAwait(false) is { } breach)
            {
                await alerts.DiagnoseAsync(breach.Id, diagnosis, new Storage.Catalogue.Actor("tom-reilly", "demo"), period.Window.End + Duration.FromDays(3), ct: ct).ConfigureAwait(false);
                recorded++;
            }
        }
        return $"{recorded} diagnosed breaches";
    }

    /// <summary>The measurements: one row a day from the first of the month a year and a month ago, one an hour over the last 35 days, one a minute over the last two.</summary>
    public static IReadOnlyList<MeasurementRow> Measurements(Instant now)
    {
        var hourNow = Instant.FromUnixTimeTicks(now.ToUnixTimeTicks() / NodaConstants.TicksPerHour * NodaConstants.TicksPerHour);
        var today = hourNow.InUtc().Date;
        var first = new LocalDate(today.Year, today.Month, 1).PlusMonths(-13);
        var hourly = hourNow - Duration.FromDays(35);
        var thisMonth = new LocalDate(today.Year, today.Month, 1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        var lastMonth = new LocalDate(today.Year, today.Month, 1).PlusMonths(-1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        var rows = new List<MeasurementRow>();
        var line = 0;

        void Counted(string indicator, Instant at, long total, long bad) => rows.Add(new MeasurementRow(++line, at, indicator, total - bad, total, null));

        // PayFlow's authorisations wear slowly over the last three closed months (2, 4, then 6 more bad in 100,000 than
        // the usual 12), still met each month: the payments objectives are named as deteriorating before they breach.
        int MonthsBack(LocalDate date) => (today.Year * 12) + today.Month - ((date.Year * 12) + date.Month);
        int PaymentsDrift(Instant at) => MonthsBack(at.InUtc().Date) is var back && back is >= 1 and <= 3 ? (4 - back) * 2 : 0;
        var paymentsCarry = 0L;

        // Checkout's database pool ran short under promotions five and four months back (about 0.7 % of checkouts failed,
        // both months breached), until it was resized at the end of the fourth month back (the plan checkout-capacity).
        bool CheckoutPoolShort(Instant at)
        {
            var date = at.InUtc().Date;
            var back = MonthsBack(date);
            return back is 4 or 5 && !(back == 4 && date.PlusDays(1).Month != date.Month);
        }

        // Days before the hourly stretch: one row at noon for the whole day.
        for (var day = first; day.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() + Duration.FromHours(24) <= hourly; day = day.PlusDays(1))
        {
            var at = day.At(new LocalTime(12, 0)).InUtc().ToInstant();
            var n = day.DayOfYear;
            var inLastMonth = at >= lastMonth && at < thisMonth;
            Counted("web-shop-availability", at, 480_000, 96 + (n % 7 * 9));
            Counted("checkout-success", at, 24_000, inLastMonth && day.Day is >= 10 and <= 16 ? 1_150 : CheckoutPoolShort(at) ? 150 + (n % 5 * 8) : 60 + (n % 5 * 8));
            Counted("payments-authorised", at, 200_000, 20 + (n % 3 * 4) + (2 * PaymentsDrift(at)));
            Counted("tills-up", at, 14_400, 9 + (n % 4));
            Counted("platform-uptime", at, 1_440, n % 41 == 0 ? 3 : 0);
            Counted("partner-api-availability", at, 50_000, 150 + (n % 6 * 20));
            Counted("desk-first-response", at, 60, n % 9 == 0 ? 4 : 2);
            Value("web-shop-latency", at, 420 + (n % 11 * 25));
        }
        // The web shop's incident: three hours ending three days ago, or early this month when that was last month, sized so
        // that this month so far ends 0.07 % bad: between the target (99.9) and the warning level (99.95), whatever the day.
        var incidentEnd = hourNow - Duration.FromDays(3);
        if (incidentEnd - Duration.FromHours(2) < thisMonth)
        {
            incidentEnd = hourNow < thisMonth + Duration.FromHours(2) ? hourNow : thisMonth + Duration.FromHours(2);
        }
        bool Incident(Instant at) => at > incidentEnd - Duration.FromHours(3) && at <= incidentEnd;
        static long ShopTotal(Instant at) => at.InUtc().Hour is >= 7 and <= 22 ? 26_000 : 8_000;
        var (monthTotal, monthBackground, incidentHours) = (0L, 0L, 0);
        for (var at = hourly; at <= hourNow; at += Duration.FromHours(1))
        {
            if (at >= thisMonth)
            {
                monthTotal += ShopTotal(at);
                (monthBackground, incidentHours) = Incident(at) ? (monthBackground, incidentHours + 1) : (monthBackground + 3 + ((int)(at - hourly).TotalHours % 5), incidentHours);
            }
        }
        var incidentBad = Math.Max(1, ((monthTotal * 7 / 10_000) - monthBackground) / Math.Max(1, incidentHours));

        // The last 35 days, hour by hour, and the last two days minute by minute (each hour's counts spread over its
        // minutes, so the hour's sums are the same either way), so the 5m and 30m burn rates and a page alert are real.
        var minutely = hourNow - Duration.FromHours(MinuteHours);
        var minuteNow = Instant.FromUnixTimeTicks(now.ToUnixTimeTicks() / NodaConstants.TicksPerMinute * NodaConstants.TicksPerMinute);
        for (var at = hourly; at <= hourNow; at += Duration.FromHours(1))
        {
            var hour = at.InUtc().Hour;
            var n = (int)((at - hourly).TotalHours);
            var inLastMonth = at >= lastMonth && at < thisMonth;
            var daytime = hour is >= 7 and <= 22;
            var total = ShopTotal(at);
            var minutes = at < minutely ? 0 : (int)Math.Min(60, ((minuteNow - at).TotalMinutes) + 1);
            void Spread(string indicator, long hourTotal, long hourBad)
            {
                if (minutes == 0)
                {
                    Counted(indicator, at, hourTotal, hourBad);
                    return;
                }
                for (var m = 0; m < minutes; m++)
                {
                    Counted(indicator, at + Duration.FromMinutes(m), (hourTotal / 60) + (m < hourTotal % 60 ? 1 : 0), (hourBad / 60) + (m < hourBad % 60 ? 1 : 0));
                }
            }
            Spread("web-shop-availability", total, Incident(at) && at >= thisMonth ? Math.Min(total, incidentBad) : 3 + (n % 5));
            Spread("checkout-success", daytime ? 1_300 : 300, inLastMonth && at.InUtc().Day is >= 10 and <= 16 ? (daytime ? 62 : 14) : n % 4);
            var paymentsTotal = daytime ? 11_000 : 2_500;
            long paymentsBad;
            if (at < thisMonth)
            {
                // Closed months at the daily rows' rate (12 in 100,000, and the drift), carried hour to hour so nothing is lost to rounding.
                paymentsCarry += paymentsTotal * (12 + PaymentsDrift(at));
                (paymentsBad, paymentsCarry) = (paymentsCarry / 100_000, paymentsCarry % 100_000);
            }
            else
            {
                paymentsBad = at > hourNow - Duration.FromHours(3) ? 600 : n % 3;
            }
            Spread("payments-authorised", paymentsTotal, paymentsBad);
            Spread("tills-up", 600, n % 17 == 0 ? 2 : 0);
            Spread("platform-uptime", 60, 0);
            Spread("partner-api-availability", 2_000, 5 + (n % 4));
            Spread("desk-first-response", daytime && at.InUtc().DayOfWeek < IsoDayOfWeek.Saturday ? 5 : 0, daytime && n % 6 == 0 ? 1 : 0);
            var latency = n % 29 == 0 ? 950 : 380 + (n % 13 * 30);
            if (minutes == 0)
            {
                Value("web-shop-latency", at, latency);
            }
            else
            {
                // A page's latency is read every five minutes.
                for (var m = 0; m < minutes; m += 5)
                {
                    Value("web-shop-latency", at + Duration.FromMinutes(m), latency + (m % 3 * 10));
                }
            }
        }
        return rows.Where(r => r.Total is not 0).Select((r, i) => r with { Line = i + 1 }).ToList();

        void Value(string indicator, Instant at, decimal ms) => rows.Add(new MeasurementRow(++line, at, indicator, null, null, ms));
    }

    /// <summary>Service desk tickets: resolved ones over the past week, open ones of every priority, one past its deadline (whatever the day).</summary>
    public static IReadOnlyList<TicketEvent> Tickets(Instant now)
    {
        var events = new List<TicketEvent>();
        void Add(string ticket, Duration ago, params (string Field, string Value)[] fields) =>
            events.Add(new TicketEvent(ticket, now - ago, fields.ToDictionary(f => f.Field, f => (string?)f.Value, StringComparer.Ordinal)));
        (string, string)[] Opened(string priority, string service, string customer) =>
            [("state", "New"), ("priority", priority), ("service", service), ("customer", customer)];

        var open = new (string Ticket, string Priority, string Service, string Customer, double HoursAgo, string Summary)[]
        {
            ("INC0010041", "1", "store-tills", "store-operations", 2.5, "Tills in the Leeds store cannot take card payments"),
            ("INC0010042", "2", "web-shop", "online-retail", 5, "Product search returns nothing for some categories"),
            ("INC0010043", "3", "checkout", "online-retail", 144, "Some card payments declined at checkout"),
            ("INC0010044", "3", "store-tills", "store-operations", 50, "Receipt printer jams on till 4"),
            ("INC0010045", "3", "web-shop", "online-retail", 8, "Basket page slow on mobile"),
            ("INC0010046", "1", "payments", "online-retail", 0.5, "Payment gateway timing out"),
            ("INC0010047", "3", "partner-api", "wholesale-partners", 100, "Partner order feed missing yesterday's orders"),
        };
        foreach (var (ticket, priority, service, customer, hours, summary) in open)
        {
            Add(ticket, Duration.FromHours(hours), [.. Opened(priority, service, customer), ("short_description", summary), ("assignment_group", "service-desk")]);
        }
        // INC0010043's story, for its clock timeline: passed to the payments team, raised to P2 when the customer
        // escalated (the target moves from 3 days to 8 hours of business time), then worked on. Six days open: past its
        // deadline whatever the day of the week the demo is loaded (any six days hold two working days, Easter included).
        Add("INC0010043", Duration.FromHours(143), ("assignment_group", "payments-team"));
        Add("INC0010043", Duration.FromHours(142), ("priority", "2"), ("comments", "Online Retail escalated: checkout conversion down 4 %"));
        Add("INC0010043", Duration.FromHours(120), ("state", "In Progress"));
        Add("INC0010044", Duration.FromHours(20), ("state", "Awaiting Customer"));
        for (var i = 0; i < 12; i++)
        {
            var ticket = $"INC00100{20 + i}";
            var opened = Duration.FromHours(30 + (i * 11));
            Add(ticket, opened, Opened((1 + (i % 3)).ToString(System.Globalization.CultureInfo.InvariantCulture), i % 2 == 0 ? "web-shop" : "store-tills", i % 2 == 0 ? "online-retail" : "store-operations"));
            Add(ticket, opened - Duration.FromHours(1 + (i % 4 * 3)), ("state", "Resolved"));
        }
        return events;
    }
}
