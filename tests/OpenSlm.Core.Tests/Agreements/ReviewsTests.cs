using FsCheck.Xunit;
using NodaTime;
using OpenSlm.Core.Agreements;

namespace OpenSlm.Core.Tests.Agreements;

/// <summary>Issue 18, reviews: what a review record must hold, where the next review stands, and the reminders due.</summary>
public sealed class ReviewsTests
{
    private static readonly LocalDate Today = new(2026, 12, 4);
    private static readonly ReviewSchedule Quarterly = new() { IntervalMonths = 3, NextReview = new LocalDate(2026, 12, 10) };

    [Fact]
    public void A_review_takes_its_next_day_from_the_interval_and_keeps_what_was_said()
    {
        var (review, problems) = Reviews.Check(new ReviewRequest(Today.PlusDays(-1), "2026-Q3", ["Dana", " Sam "], ["Keep the target"],
            [new ReviewActionRequest(" Draft a latency objective ", "erin", Today.PlusDays(10))]), Quarterly, Today);
        Assert.Empty(problems);
        Assert.Equal(new LocalDate(2027, 3, 3), review!.NextReview);
        Assert.Equal(["Dana", "Sam"], review.Attendees);
        Assert.Equal(new ReviewAction("Draft a latency objective", "erin", Today.PlusDays(10), ActionStatus.Open), Assert.Single(review.Actions));
        Assert.Equal("2026-Q3", review.Period!.Key);
    }

    [Fact]
    public void Every_problem_is_named_by_its_field()
    {
        var (review, problems) = Reviews.Check(new ReviewRequest(Today.PlusDays(1), "2026-12", ["a", "A", ""], [new string('x', 2001)],
            [null, new ReviewActionRequest("", "  ", Today.PlusYears(-1))], "ok", Today), null, Today);
        Assert.Null(review);
        var fields = problems.Select(p => p.Field).ToList();
        Assert.Equal(["heldOn", "period", "attendees[2]", "attendees", "decisions[0]", "actions[0]", "actions[1].title", "actions[1].owner", "actions[1].due", "nextReview"], fields);
        // Without a day held, the period, due days and next review are not judged against it; without an interval the next review is required.
        var (_, missing) = Reviews.Check(new ReviewRequest(Attendees: ["a"]), null, Today);
        Assert.Equal(["heldOn", "nextReview"], missing.Select(p => p.Field));
        Assert.Contains(problems, p => p.Message.Contains("after today", StringComparison.Ordinal));
        var (_, old) = Reviews.Check(new ReviewRequest(Today.PlusYears(-6), Attendees: ["a"]), Quarterly, Today);
        Assert.Equal("heldOn", Assert.Single(old).Field);
    }

    [Fact]
    public void The_latest_review_sets_the_next_one_and_it_stands_by_the_day()
    {
        Assert.Equal(Quarterly.NextReview, Reviews.NextDue(Quarterly, null));
        Assert.Equal(new LocalDate(2027, 3, 1), Reviews.NextDue(Quarterly, new LocalDate(2027, 3, 1)));
        Assert.Equal(ReviewStanding.NotScheduled, Reviews.Standing(null, Today));
        Assert.Equal(ReviewStanding.Overdue, Reviews.Standing(Today.PlusDays(-1), Today));
        Assert.Equal(ReviewStanding.DueSoon, Reviews.Standing(Today, Today));
        Assert.Equal(ReviewStanding.DueSoon, Reviews.Standing(Today.PlusDays(Reviews.DueSoonDays), Today));
        Assert.Equal(ReviewStanding.Scheduled, Reviews.Standing(Today.PlusDays(Reviews.DueSoonDays + 1), Today));
    }

    [Fact]
    public void Reminders_name_the_day_they_are_about()
    {
        var action = new ReviewAction("Share the report", "erin", Today.PlusDays(-2));
        var due = Reviews.Due("shop-sla", Today.PlusDays(3), [(7, 0, action), (7, 1, action with { Status = ActionStatus.Done }), (7, 2, action with { Due = null })], Today).ToList();
        Assert.Equal(["review-due:shop-sla:2026-12-07", "action-overdue:7:0:2026-12-02"], due.Select(r => r.Key));
        Assert.Equal("erin", due[1].Owner);
        Assert.Equal(["review-overdue:shop-sla:2026-12-03"], Reviews.Due("shop-sla", Today.PlusDays(-1), [], Today).Select(r => r.Key));
        Assert.Empty(Reviews.Due("shop-sla", Today.PlusDays(30), [], Today));
        Assert.Empty(Reviews.Due("shop-sla", null, [], Today));
    }

    [Fact]
    public void An_action_changes_only_within_its_limits()
    {
        var action = new ReviewAction("Share the report", "erin", Today);
        Assert.Equal(action with { Status = ActionStatus.Done }, Reviews.Update(action, new ActionUpdate(ActionStatus.Done), Today).Action);
        Assert.Equal("status", Assert.Single(Reviews.Update(action, new ActionUpdate(), Today).Problems).Field);
        Assert.Equal("due", Assert.Single(Reviews.Update(action, new ActionUpdate(Due: Today.PlusDays(-1)), Today).Problems).Field);
        Assert.Equal("status", Assert.Single(Reviews.Update(action, new ActionUpdate((ActionStatus)9), Today).Problems).Field);
    }

    /// <summary>Whatever the day it was held and the interval, a review's next day is after it and within the limit, or the review is refused at nextReview.</summary>
    [Property(MaxTest = 300)]
    public bool The_next_review_is_always_after_the_review_held(ushort back, byte interval, short given, bool useGiven)
    {
        var held = Today.PlusDays(-(back % 2000));
        var schedule = new ReviewSchedule { IntervalMonths = 1 + (interval % 60) };
        var next = useGiven ? held.PlusDays(given) : (LocalDate?)null;
        var (review, problems) = Reviews.Check(new ReviewRequest(held, Attendees: ["a"], NextReview: next), schedule, Today);
        return review is null
            ? problems.All(p => p.Field is "nextReview" or "heldOn")
            : review.NextReview > held && review.NextReview <= held.PlusMonths(Reviews.MaxMonthsAhead);
    }
}
