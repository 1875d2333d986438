using System.Globalization;
using NodaTime;
using OpenSlm.Core.Reporting;

namespace OpenSlm.Core.Agreements;

/// <summary>Where an action agreed at a review stands.</summary>
public enum ActionStatus
{
    /// <summary>Still to be done.</summary>
    Open,

    /// <summary>Done.</summary>
    Done,

    /// <summary>No longer to be done (superseded, or decided against at a later review).</summary>
    Dropped,
}

/// <summary>An action agreed at a review: what, who owns it, by when, and where it stands.</summary>
public sealed record ReviewAction(string Title, string? Owner = null, LocalDate? Due = null, ActionStatus Status = ActionStatus.Open);

/// <summary>A review as recorded: the day it was held, the period it looked back on, who attended, what was decided and
/// what is to be done, and the day of the next one.</summary>
public sealed record ReviewTerms(
    LocalDate HeldOn, ReportPeriod? Period, IReadOnlyList<string> Attendees, IReadOnlyList<string> Decisions, IReadOnlyList<ReviewAction> Actions,
    string? Notes, LocalDate NextReview);

/// <summary>What a request to record a review gives; every field may be missing or wrong (each is checked).</summary>
public sealed record ReviewRequest(
    LocalDate? HeldOn = null, string? Period = null, IReadOnlyList<string?>? Attendees = null, IReadOnlyList<string?>? Decisions = null,
    IReadOnlyList<ReviewActionRequest?>? Actions = null, string? Notes = null, LocalDate? NextReview = null);

/// <summary>An action as a request gives it.</summary>
public sealed record ReviewActionRequest(string? Title = null, string? Owner = null, LocalDate? Due = null, ActionStatus? Status = null);

/// <summary>A change to an action after its review: any of its status, owner and due day.</summary>
public sealed record ActionUpdate(ActionStatus? Status = null, string? Owner = null, LocalDate? Due = null);

/// <summary>Where an agreement's next review stands on a day.</summary>
public enum ReviewStanding
{
    /// <summary>No next review is set: neither its terms nor a review recorded name one.</summary>
    NotScheduled,

    /// <summary>More than <see cref="Reviews.DueSoonDays"/> days away.</summary>
    Scheduled,

    /// <summary>Within <see cref="Reviews.DueSoonDays"/> days, or today.</summary>
    DueSoon,

    /// <summary>Its day has passed without a review recorded.</summary>
    Overdue,
}

/// <summary>A reminder to send once: its key says what it is about and for which day, so it is never sent twice.</summary>
/// <param name="Key">What it is about (<c>review-due:{agreement}:{day}</c>, <c>review-overdue:…</c>, <c>action-overdue:{review}:{n}:{day}</c>).</param>
/// <param name="Agreement">The agreement it concerns.</param>
/// <param name="Subject">One line.</param>
/// <param name="Text">What to do.</param>
/// <param name="Owner">For an action, its owner (a stakeholder name, told as well when it has an address); null for a review.</param>
public sealed record Reminder(string Key, string Agreement, string Subject, string Text, string? Owner);

/// <summary>
/// Service level reviews (issue 18): a review record per agreement on its schedule, with decisions and actions. The next
/// review is the one the latest review recorded set, else the one the agreement's terms name; a review recorded without
/// a next day takes it from the terms' interval. Reminders go before a review is due, when it is overdue, and when an
/// action is overdue, each once. Pure: today is a parameter.
/// </summary>
public static class Reviews
{
    /// <summary>The most attendees of a review.</summary>
    public const int MaxAttendees = 50;

    /// <summary>The most decisions, and the most actions, of a review.</summary>
    public const int MaxEntries = 100;

    /// <summary>The longest decision or action title.</summary>
    public const int MaxLine = 2000;

    /// <summary>How far ahead a review counts as due soon, and when its reminder goes.</summary>
    public const int DueSoonDays = 14;

    /// <summary>How far back a review may be recorded (a review held years ago is history, not a record to add now).</summary>
    public const int MaxYearsBack = 5;

    /// <summary>How far after the review the next one, or an action's due day, may be.</summary>
    public const int MaxMonthsAhead = 60;

    /// <summary>
    /// Checks a review to record on <paramref name="today"/> for an agreement reviewed on <paramref name="schedule"/>: the
    /// review, or every problem by field (<c>heldOn</c>, <c>period</c>, <c>attendees[2]</c>, <c>actions[0].due</c>…).
    /// </summary>
    public static (ReviewTerms? Review, List<(string Field, string Message)> Problems) Check(ReviewRequest request, ReviewSchedule? schedule, LocalDate today)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<(string, string)>();
        var heldOn = request.HeldOn;
        if (heldOn is not { } held)
        {
            problems.Add(("heldOn", "is required: the day the review was held (yyyy-MM-dd)."));
        }
        else if (held > today)
        {
            problems.Add(("heldOn", $"is {Day(held)}, after today ({Day(today)}): record a review once it was held."));
        }
        else if (held < today.PlusYears(-MaxYearsBack))
        {
            problems.Add(("heldOn", $"is {Day(held)}, more than {MaxYearsBack} years ago."));
        }

        ReportPeriod? period = null;
        if (request.Period is { } text)
        {
            period = ReportPeriod.Parse(text, out var error);
            if (period is null)
            {
                problems.Add(("period", $"{error}"));
            }
            else if (heldOn is { } h && period.Last >= h)
            {
                problems.Add(("period", $"ends on {Day(period.Last)}, not before the review ({Day(h)}): a review looks back on a period that has closed."));
            }
        }

        var attendees = Lines(request.Attendees, "attendees", MaxAttendees, Limits.MaxKey, problems);
        if (request.Attendees is null or { Count: 0 })
        {
            problems.Add(("attendees", "is required: who attended (at least one name)."));
        }
        else if (attendees.GroupBy(a => a, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            problems.Add(("attendees", $"names '{twice.Key}' more than once."));
        }
        var decisions = Lines(request.Decisions, "decisions", MaxEntries, MaxLine, problems);
        if (request.Notes is { } notes && Limits.CheckText(notes, Limits.MaxText, lines: true) is { } bad)
        {
            problems.Add(("notes", bad));
        }

        var actions = new List<ReviewAction>();
        if (request.Actions is { Count: > MaxEntries } many)
        {
            problems.Add(("actions", $"has {many.Count} actions; at most {MaxEntries} are allowed."));
        }
        else
        {
            for (var i = 0; i < (request.Actions?.Count ?? 0); i++)
            {
                if (CheckAction(request.Actions![i], $"actions[{i}]", heldOn, problems) is { } action)
                {
                    actions.Add(action);
                }
            }
        }

        LocalDate? next = request.NextReview;
        if (next is null && heldOn is { } from && schedule?.IntervalMonths is { } months)
        {
            next = from.PlusMonths(months);
        }
        if (next is not { } nextDay)
        {
            problems.Add(("nextReview", "is required: the agreement's terms set no review interval (review.intervalMonths) to take it from."));
        }
        else if (heldOn is { } h && (nextDay <= h || nextDay > h.PlusMonths(MaxMonthsAhead)))
        {
            problems.Add(("nextReview", $"is {Day(nextDay)}; expected a day after the review ({Day(h)}) and at most {MaxMonthsAhead} months after it."));
        }

        return problems.Count > 0
            ? (null, problems)
            : (new ReviewTerms(heldOn!.Value, period, attendees, decisions, actions, request.Notes, next!.Value), problems);
    }

    /// <summary>An action after <paramref name="update"/>, or the problems by field (<c>status</c>, <c>owner</c>, <c>due</c>).</summary>
    public static (ReviewAction? Action, List<(string Field, string Message)> Problems) Update(ReviewAction action, ActionUpdate update, LocalDate heldOn)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(update);
        var problems = new List<(string, string)>();
        if (update is { Status: null, Owner: null, Due: null })
        {
            problems.Add(("status", "nothing to change: give status (Open, Done or Dropped), owner or due."));
        }
        if (update.Status is { } status && !Enum.IsDefined(status))
        {
            problems.Add(("status", "is not a status: expected Open, Done or Dropped."));
        }
        if (update.Owner is { } owner && CheckName(owner) is { } bad)
        {
            problems.Add(("owner", bad));
        }
        if (update.Due is { } due && CheckDue(due, heldOn) is { } late)
        {
            problems.Add(("due", late));
        }
        return problems.Count > 0 ? (null, problems)
            : (action with { Status = update.Status ?? action.Status, Owner = update.Owner ?? action.Owner, Due = update.Due ?? action.Due }, problems);
    }

    /// <summary>The next review: the one the latest recorded review set, else the one the terms name.</summary>
    public static LocalDate? NextDue(ReviewSchedule? schedule, LocalDate? setByLatestReview) => setByLatestReview ?? schedule?.NextReview;

    /// <summary>Where a next review on <paramref name="next"/> stands on <paramref name="today"/>.</summary>
    public static ReviewStanding Standing(LocalDate? next, LocalDate today) => next switch
    {
        null => ReviewStanding.NotScheduled,
        { } d when d < today => ReviewStanding.Overdue,
        { } d when d <= today.PlusDays(DueSoonDays) => ReviewStanding.DueSoon,
        _ => ReviewStanding.Scheduled,
    };

    /// <summary>Whether an action is open past its due day.</summary>
    public static bool Overdue(ReviewAction action, LocalDate today)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Status == ActionStatus.Open && action.Due is { } due && due < today;
    }

    /// <summary>
    /// The reminders due on <paramref name="today"/> for an agreement whose next review is <paramref name="next"/> and whose
    /// reviews hold <paramref name="actions"/> (review id, action index, action): one when the review comes within
    /// <see cref="DueSoonDays"/> days, one when it is overdue, one per action overdue. Keys name the day concerned, so a
    /// new next review or a new due day reminds afresh while the same one never twice.
    /// </summary>
    public static IEnumerable<Reminder> Due(string agreement, LocalDate? next, IEnumerable<(long Review, int Index, ReviewAction Action)> actions, LocalDate today)
    {
        ArgumentNullException.ThrowIfNull(actions);
        switch (Standing(next, today))
        {
            case ReviewStanding.DueSoon:
                yield return new Reminder($"review-due:{agreement}:{Day(next!.Value)}", agreement,
                    $"[OpenSLM] Review of {agreement} due on {Day(next.Value)}",
                    $"The service level review of {agreement} is due on {Day(next.Value)}. Arrange it with the parties; record it (attendees, decisions, actions) on the agreement's page or through POST /api/v1/agreements/{agreement}/reviews.", null);
                break;
            case ReviewStanding.Overdue:
                yield return new Reminder($"review-overdue:{agreement}:{Day(next!.Value)}", agreement,
                    $"[OpenSLM] Review of {agreement} overdue since {Day(next.Value)}",
                    $"The service level review of {agreement} was due on {Day(next.Value)} and none has been recorded since. Hold it and record it, or record the next day agreed.", null);
                break;
        }
        foreach (var (review, index, action) in actions)
        {
            if (Overdue(action, today))
            {
                yield return new Reminder($"action-overdue:{review}:{index}:{Day(action.Due!.Value)}", agreement,
                    $"[OpenSLM] Review action overdue: {Shorten(action.Title)}",
                    $"The action \"{action.Title}\" agreed at review {review} of {agreement} was due on {Day(action.Due.Value)}{(action.Owner is { } o ? $" (owner: {o})" : "")} and is still open. Mark it Done or Dropped, or agree a new due day.",
                    action.Owner);
            }
        }
    }

    private static ReviewAction? CheckAction(ReviewActionRequest? request, string at, LocalDate? heldOn, List<(string, string)> problems)
    {
        if (request is null)
        {
            problems.Add((at, "is empty; expected {\"title\": …, \"owner\": …, \"due\": \"yyyy-MM-dd\"}."));
            return null;
        }
        var count = problems.Count;
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            problems.Add(($"{at}.title", "is required: what is to be done."));
        }
        else if (Limits.CheckText(request.Title, MaxLine, lines: false) is { } bad)
        {
            problems.Add(($"{at}.title", bad));
        }
        if (request.Owner is { } owner && CheckName(owner) is { } badOwner)
        {
            problems.Add(($"{at}.owner", badOwner));
        }
        if (request.Due is { } due && heldOn is { } h && CheckDue(due, h) is { } late)
        {
            problems.Add(($"{at}.due", late));
        }
        if (request.Status is { } status && !Enum.IsDefined(status))
        {
            problems.Add(($"{at}.status", "is not a status: expected Open, Done or Dropped."));
        }
        return problems.Count > count ? null
            : new ReviewAction(request.Title!.Trim(), request.Owner?.Trim() is { Length: > 0 } o ? o : null, request.Due, request.Status ?? ActionStatus.Open);
    }

    private static string? CheckName(string name) =>
        name.Trim().Length == 0 ? "is empty; leave it out for no owner." : Limits.CheckText(name, Limits.MaxKey, lines: false);

    private static string? CheckDue(LocalDate due, LocalDate heldOn) =>
        due < heldOn || due > heldOn.PlusMonths(MaxMonthsAhead)
            ? $"is {Day(due)}; expected a day from the review ({Day(heldOn)}) to {MaxMonthsAhead} months after it."
            : null;

    private static List<string> Lines(IReadOnlyList<string?>? lines, string field, int most, int longest, List<(string, string)> problems)
    {
        var result = new List<string>();
        if (lines is null)
        {
            return result;
        }
        if (lines.Count > most)
        {
            problems.Add((field, $"has {lines.Count} entries; at most {most} are allowed."));
            return result;
        }
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i]?.Trim();
            if (string.IsNullOrEmpty(line))
            {
                problems.Add(($"{field}[{i}]", "is empty."));
            }
            else if (Limits.CheckText(line, longest, lines: false) is { } bad)
            {
                problems.Add(($"{field}[{i}]", bad));
            }
            else
            {
                result.Add(line);
            }
        }
        return result;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 79), "…");

    private static string Day(LocalDate day) => day.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);
}
