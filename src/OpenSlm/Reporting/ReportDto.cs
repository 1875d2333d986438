using System.Globalization;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Reporting;

namespace OpenSlm.Reporting;

/// <summary>One period's figures: attainment in percent (null: no data), status, units and bad units.</summary>
public sealed record PeriodFiguresDto(string Period, decimal? Attainment, ObjectiveStatus Status, decimal Units, decimal BadUnits)
{
    /// <summary>The figures as the API gives them.</summary>
    public static PeriodFiguresDto From(PeriodFigures f) => new(f.Period, Percent(f.Attainment), f.Status, N(f.Units)!.Value, N(f.BadUnits)!.Value);

    internal static decimal? Percent(Attainment a) => a is Attainment.Measured m ? N(m.Percent) : null;

    /// <summary>The value without trailing zeros (see <see cref="Core.Numbers.Normalize"/>).</summary>
    internal static decimal? N(decimal? x) => x is { } v ? Core.Numbers.Normalize(v) : null;
}

/// <summary>The error budget of the period in units, the bad units, and the share used in percent.</summary>
public sealed record BudgetDto(decimal Total, decimal Consumed, decimal? UsedPercent);

/// <summary>An objective in a report.</summary>
public sealed record ObjectiveReportDto(
    string Name, string? DisplayName, string Indicator, decimal Target, decimal? Warning, BudgetingMethod Budgeting,
    decimal? Attainment, ObjectiveStatus Status, decimal Units, decimal BadUnits, BudgetDto? Budget, IReadOnlyList<PeriodFiguresDto> Trend);

/// <summary>Ticket compliance of one policy and priority; compliance in percent.</summary>
public sealed record TicketComplianceDto(string Policy, string Priority, int Met, int Breached, decimal? Compliance);

/// <summary>A month's credits: each objective's line, earned and owed in percent of the charge, and the amount.</summary>
public sealed record CreditDto(string Month, IReadOnlyList<CreditLineDto> Lines, decimal Earned, decimal Owed, bool Capped, Money? Amount);

/// <summary>One objective's credit for a month: its attainment (percent), the tier it fell below and its credit (percent).</summary>
public sealed record CreditLineDto(string Objective, decimal? Attainment, decimal Target, decimal? TierBelow, decimal Credit, string Why);

/// <summary>Where a published report is kept, who published it and when, and whether the data behind it has changed since
/// (<see cref="CurrentDataHash"/> differs from the report's).</summary>
public sealed record PublicationDto(long Id, Instant PublishedAt, string PublishedBy, bool DataChanged, string CurrentDataHash);

/// <summary>A publication in a listing.</summary>
public sealed record PublishedReportDto(long Id, string Agreement, int Version, string Period, string DataHash, Instant PublishedAt, string PublishedBy)
{
    /// <summary>The publication as listed.</summary>
    public static PublishedReportDto From(Storage.Reports.PublishedReport p) => new(p.Id, p.Agreement, p.Version, p.Period, p.DataHash, p.PublishedAt, p.PublishedBy);
}

/// <summary>An agreement report as JSON: the same numbers as every other format.</summary>
public sealed record AgreementReportDto(
    string Agreement, int Version, AgreementKind Kind, string? DisplayName, string? Customer, IReadOnlyList<string> Services,
    string Period, LocalDate FirstDay, LocalDate LastDay, bool Closed, Instant GeneratedAt,
    IReadOnlyList<ObjectiveReportDto> Objectives, IReadOnlyList<TicketComplianceDto> Tickets, IReadOnlyList<BreachNote> Breaches,
    IReadOnlyList<ExclusionNote> Exclusions, IReadOnlyList<CreditDto> Credits, Money? CreditsOwed, IReadOnlyList<string> Summary, string DataHash,
    IReadOnlyList<string> Notices, PublicationDto? Publication = null, IReadOnlyList<ImprovementNote>? Improvements = null)
{
    /// <summary>The report as the API gives it.</summary>
    public static AgreementReportDto Of(AgreementReport r) => new(
        r.Agreement, r.Version, r.Kind, r.DisplayName, r.Customer, r.Services, r.Period.Key, r.Period.First, r.Period.Last, r.Closed, r.GeneratedAt,
        [.. r.Objectives.Select(o => new ObjectiveReportDto(o.Name, o.DisplayName, o.Indicator, o.Target, o.Warning, o.Budgeting,
            PeriodFiguresDto.Percent(o.Figures.Attainment), o.Figures.Status, N(o.Figures.Units), N(o.Figures.BadUnits),
            o.Budget is { } b ? new BudgetDto(N(b.Total), N(b.Consumed), PeriodFiguresDto.N(b.UsedRatio * 100m)) : null,
            [.. o.Trend.Select(PeriodFiguresDto.From)]))],
        [.. r.Tickets.Select(t => new TicketComplianceDto(t.Policy, t.Priority, t.Met, t.Breached, PeriodFiguresDto.N(t.Compliance * 100m)))],
        r.Breaches, r.Exclusions,
        [.. r.Credits.Select(c => new CreditDto(c.Month.Key, [.. c.Lines.Select(l => new CreditLineDto(l.Objective, PeriodFiguresDto.N(l.Attainment), l.Target, l.Tier?.Below, l.Credit, l.Why))],
            c.Earned, c.Owed, c.Capped, c.Amount))],
        r.CreditsOwed, r.Summary, r.DataHash, r.Notices, Improvements: r.Improvements);

    private static decimal N(decimal x) => Core.Numbers.Normalize(x);
}

/// <summary>A customer's report as JSON: each agreement's report as the agreement endpoint gives it.</summary>
public sealed record CustomerReportDto(string Customer, string? DisplayName, string Period, Instant GeneratedAt, IReadOnlyList<string> Summary,
    IReadOnlyList<string> LeftOut, IReadOnlyList<AgreementReportDto> Agreements)
{
    /// <summary>The report as the API gives it.</summary>
    public static CustomerReportDto Of(CustomerReport r) =>
        new(r.Customer, r.DisplayName, r.Period.Key, r.GeneratedAt, r.Summary, r.LeftOut, [.. r.Agreements.Select(AgreementReportDto.Of)]);
}

/// <summary>One heat-map row: service, agreement, objective, target, each month's figures, months breached and the worst
/// month's margin to target (percentage points).</summary>
public sealed record ScorecardRowDto(string Service, string Agreement, string Objective, decimal Target, IReadOnlyList<PeriodFiguresDto> Months, int Breached, decimal? WorstMargin,
    TrendDto Trend);

/// <summary>
/// An objective's trend over its last closed periods: the periods drawn through, the direction, the slope in percentage
/// points a period, how sure the periods make it (0.5–1), the run of falls, the line's next value, the periods until it
/// reaches the target, whether it is deteriorating while still met, and why.
/// </summary>
public sealed record TrendDto(IReadOnlyList<string> Periods, Core.Improvement.TrendDirection Direction, decimal? Slope, double? Confidence, int FallingRun,
    decimal? Next, int? PeriodsToTarget, bool Deteriorating, string Why)
{
    /// <summary>The trend as the API gives it.</summary>
    public static TrendDto Of(Core.Improvement.AttainmentTrend t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.Periods, t.Direction, t.Slope, t.Confidence is { } c ? Math.Round(c, 4) : null, t.FallingRun, t.Next, t.PeriodsToTarget, t.Deteriorating, t.Why);
    }
}

/// <summary>The catalogue scorecard as JSON.</summary>
public sealed record ScorecardDto(
    IReadOnlyList<string> Months, Instant GeneratedAt, IReadOnlyList<ScorecardRowDto> Rows, IReadOnlyList<ServiceValue> Services,
    IReadOnlyList<ReviewDue> Reviews, IReadOnlyList<string> ServicesWithoutAgreement, IReadOnlyList<Unmeasured> Unmeasured)
{
    /// <summary>The scorecard as the API gives it.</summary>
    public static ScorecardDto Of(Scorecard s) => new(s.Months, s.GeneratedAt,
        [.. s.Rows.Select(r => new ScorecardRowDto(r.Service, r.Agreement, r.Objective, r.Target, [.. r.Months.Select(PeriodFiguresDto.From)], r.Breached,
            PeriodFiguresDto.N(r.WorstMargin), TrendDto.Of(r.Trend)))],
        [.. s.Services.Select(v => v with { MeanAttainment = PeriodFiguresDto.N(v.MeanAttainment) })], s.Reviews, s.ServicesWithoutAgreement, s.Unmeasured);
}

/// <summary>One month of a what-if for one objective (percentages; attainment null for no data): the units counted, the bad ones,
/// the error budget in units and the percentage of it spent (null without data).</summary>
public sealed record WhatIfMonthDto(string Month, decimal? Attainment, Core.Evaluation.ObjectiveStatus Status, decimal Units, decimal BadUnits, decimal BudgetUnits, decimal? BudgetSpent,
    CreditLineDto? Credit);

/// <summary>One objective of a what-if.</summary>
public sealed record WhatIfObjectiveDto(string Name, string Indicator, decimal Target, int MonthsBreached, int MonthsWithoutData, IReadOnlyList<WhatIfMonthDto> Months);

/// <summary>A what-if: terms replayed over stored data, month by month (issue 18).</summary>
public sealed record WhatIfDto(string From, string To, IReadOnlyList<WhatIfObjectiveDto> Objectives, IReadOnlyList<CreditDto> Credits, Core.Catalogue.Money? CreditsOwed, IReadOnlyList<string> Notes)
{
    public static WhatIfDto Of(Core.Reporting.WhatIfResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        static decimal? Pct(Core.Evaluation.Attainment a) => PeriodFiguresDto.Percent(a);
        static CreditLineDto Line(Core.Reporting.CreditLine l) => new(l.Objective, PeriodFiguresDto.N(l.Attainment), l.Target, l.Tier?.Below, l.Credit, l.Why);
        return new(r.From, r.To,
            [.. r.Objectives.Select(o => new WhatIfObjectiveDto(o.Name, o.Indicator, o.Target, o.Breached, o.NoData,
                [.. o.Months.Select(m => new WhatIfMonthDto(m.Month, Pct(m.Attainment), m.Status, m.Units, m.BadUnits, m.BudgetUnits,
                    m.BudgetSpent is { } spent ? PeriodFiguresDto.N(spent * 100) : null, m.Credit is { } c ? Line(c) : null))]))],
            [.. r.Credits.Select(c => new CreditDto(c.Month.Key, [.. c.Lines.Select(Line)], c.Earned, c.Owed, c.Capped, c.Amount))],
            r.CreditsOwed, r.Notes);
    }
}
