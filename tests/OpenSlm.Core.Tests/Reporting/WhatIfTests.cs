using FsCheck.Xunit;
using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Reporting;

namespace OpenSlm.Core.Tests.Reporting;

/// <summary>Issue 18, negotiation: a what-if replays proposed terms exactly as the evaluation judges them.</summary>
public sealed class WhatIfTests
{
    private static readonly Instant Now = Instant.FromUtc(2025, 7, 2, 9, 0);
    private static readonly ReportPeriod June = ReportPeriod.Parse("2025-06", out _)!;
    private static readonly Instant Origin = Instant.FromUtc(2025, 1, 1, 0, 0);

    private static ReportObjective Planned(ObjectiveSpec objective, IEnumerable<RatioMeasurement> data) =>
        new(objective, ObjectivePlan.For(objective, BusinessClock.AlwaysOpen), RatioSeries.From([.. data]));

    /// <summary>
    /// The must-hold property: for random targets, warning levels, budgeting and data, each month of a what-if has the
    /// attainment and status the evaluation history gives the same objective over the same data.
    /// </summary>
    [Property(MaxTest = 200)]
    public bool Each_month_replayed_equals_the_evaluation_of_that_month((ushort Hour, byte Good, byte Bad)[] raw, ushort target, bool warned, bool slices)
    {
        var t = 90m + (target % 1000) / 100m;
        var objective = new ObjectiveSpec
        {
            Name = "o",
            Indicator = "i",
            Target = t,
            Warning = warned ? Math.Min(100m, t + 0.05m) : null,
            Window = new ObjectiveWindow { Calendar = CalendarPeriod.Month },
            Budgeting = slices ? BudgetingMethod.Timeslices : BudgetingMethod.Occurrences,
            TimeSlice = slices ? new TimeSlice { Window = "1h", Target = 90 } : null,
        };
        var data = (raw ?? []).Select(r => new RatioMeasurement(Origin + Duration.FromMinutes(r.Hour % 4344 * 60L + 7), r.Good, r.Good + r.Bad));
        var planned = Planned(objective, data);
        var replay = WhatIf.Replay(new AgreementSpec { Objectives = [objective] }, [planned], June, 6, Now).Objectives.Single().Months;
        var history = planned.Plan.History(planned.Series, Now, 6); // oldest first, as the replay
        return replay.Count == 6 && replay.Zip(history).All(p => p.First.Attainment == p.Second.Attainment && p.First.Status == p.Second.Status);
    }

    [Fact]
    public void Months_without_data_say_so_and_never_read_as_0_or_100_percent()
    {
        var objective = new ObjectiveSpec { Name = "availability", Indicator = "web-ok", Target = 99.9m, Window = new ObjectiveWindow { Calendar = CalendarPeriod.Month } };
        var empty = WhatIf.Replay(new AgreementSpec { Objectives = [objective] }, [Planned(objective, [])], June, 3, Now);
        var o = empty.Objectives.Single();
        Assert.All(o.Months, m => Assert.Equal((ObjectiveStatus.NoData, false), (m.Status, m.Attainment is Attainment.Measured)));
        Assert.Equal((3, 0), (o.NoData, o.Breached));
        Assert.Contains("has no data in 2025-04 – 2025-06", Assert.Single(empty.Notes), StringComparison.Ordinal);

        // One month measured (May, 99.5 % good): breached there, and its credit, the other two named as without data.
        var charged = new AgreementSpec
        {
            Charge = new Money { Amount = 1000m, Currency = "EUR" },
            Objectives = [objective with { Credits = [new CreditTier { Below = 99.9m, Credit = 10 }] }],
        };
        var may = WhatIf.Replay(charged, [Planned(charged.Objectives[0], [new RatioMeasurement(Instant.FromUtc(2025, 5, 10, 12, 0), 995, 1000)])], June, 3, Now);
        var replayed = may.Objectives.Single();
        Assert.Equal(["NoData", "Breached", "NoData"], replayed.Months.Select(m => m.Status.ToString()));
        Assert.Equal(10m, replayed.Months[1].Credit!.Credit);
        Assert.Equal(100m, may.CreditsOwed!.Amount);
        Assert.Contains("no data in 2 of 3 months (2025-04, 2025-06)", Assert.Single(may.Notes), StringComparison.Ordinal);
    }
}
