using NodaTime;

namespace OpenSlm.Core.Agreements;

/// <summary>Where an agreement version is in its lifecycle.</summary>
public enum VersionStatus
{
    /// <summary>Being written; the only status in which a version may be edited.</summary>
    Draft,

    /// <summary>Sent to the other party for agreement.</summary>
    Proposed,

    /// <summary>Signed off by the parties; not yet in force.</summary>
    Agreed,

    /// <summary>In force. At most one version of an agreement is Active.</summary>
    Active,

    /// <summary>Replaced by a newer Active version.</summary>
    Superseded,

    /// <summary>Ended without a replacement.</summary>
    Expired,
}

/// <summary>The rules of the version lifecycle Draft → Proposed → Agreed → Active → Superseded/Expired.</summary>
public static class AgreementLifecycle
{
    /// <summary>Whether a version in <paramref name="status"/> may be edited in place.</summary>
    public static bool IsEditable(VersionStatus status) => status == VersionStatus.Draft;

    /// <summary>Whether a version is finished: it can never change status again.</summary>
    public static bool IsFinal(VersionStatus status) => status is VersionStatus.Superseded or VersionStatus.Expired;

    /// <summary>
    /// Whether a version may move from <paramref name="from"/> to <paramref name="to"/> by request.
    /// Forward moves along Draft → Proposed → Agreed → Active may skip steps (an Expectation needs no
    /// negotiation); a Proposed version may go back to Draft for rework; an Agreed or Active version
    /// may be Expired. Superseded is set only when a newer version becomes Active.
    /// </summary>
    public static bool CanMove(VersionStatus from, VersionStatus to) => (from, to) switch
    {
        _ when from == to => false,
        (VersionStatus.Draft or VersionStatus.Proposed or VersionStatus.Agreed, VersionStatus.Proposed or VersionStatus.Agreed or VersionStatus.Active)
            => to > from,
        (VersionStatus.Proposed, VersionStatus.Draft) => true,
        (VersionStatus.Agreed or VersionStatus.Active, VersionStatus.Expired) => true,
        _ => false,
    };

    /// <summary>The statuses a version in <paramref name="from"/> may move to, for error messages.</summary>
    public static IReadOnlyList<VersionStatus> Next(VersionStatus from) =>
        [.. Enum.GetValues<VersionStatus>().Where(to => CanMove(from, to))];

    /// <summary>Why a version in <paramref name="from"/> may not move to <paramref name="to"/>; null when it may.</summary>
    public static string? Refusal(int number, VersionStatus from, VersionStatus to)
    {
        if (from == to || CanMove(from, to))
        {
            return null;
        }
        var allowed = Next(from);
        var hint = to == VersionStatus.Superseded
            ? "a version is Superseded only when a newer version becomes Active."
            : allowed.Count == 0 ? "it cannot change status any more." : $"it may move to {string.Join(" or ", allowed)}.";
        var amend = from is VersionStatus.Active or VersionStatus.Agreed && to is VersionStatus.Draft or VersionStatus.Proposed
            ? " To change agreed terms, create an amendment (a new version)."
            : string.Empty;
        return $"version {number} is {from} and cannot move to {to}: {hint}{amend}";
    }

    /// <summary>
    /// Every status change that moving version <paramref name="number"/> to <paramref name="to"/> makes, in order: an
    /// Active version is superseded by the one activated, then the version moves. Empty when it is already there.
    /// The move must be allowed (<see cref="Refusal"/>).
    /// </summary>
    public static IReadOnlyList<(int Number, VersionStatus To)> Move(IReadOnlyList<(int Number, VersionStatus Status)> versions, int number, VersionStatus to)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var from = versions.Single(v => v.Number == number).Status;
        if (from == to)
        {
            return [];
        }
        if (Refusal(number, from, to) is { } why)
        {
            throw new InvalidOperationException(why);
        }
        var changes = new List<(int, VersionStatus)>();
        if (to == VersionStatus.Active)
        {
            changes.AddRange(versions.Where(v => v.Number != number && v.Status == VersionStatus.Active).Select(v => (v.Number, VersionStatus.Superseded)));
        }
        changes.Add((number, to));
        return changes;
    }

    /// <summary>
    /// Whether a version in <paramref name="status"/> with <paramref name="effective"/> dates has run past its end on
    /// <paramref name="today"/>: an Active version whose last day in force (<c>effective.to</c>, inclusive) is before
    /// today. Such a version is no longer evaluated or alerted on, and expires on its own; the periods it was in force
    /// keep reporting against it.
    /// </summary>
    public static bool IsPastItsEnd(VersionStatus status, EffectivePeriod? effective, LocalDate today) =>
        status == VersionStatus.Active && effective?.To is { } last && last < today;

    /// <summary>What retiring an agreement does to its versions: the Agreed and Active ones expire; the rest stay as they are.</summary>
    public static IReadOnlyList<(int Number, VersionStatus To)> Retire(IReadOnlyList<(int Number, VersionStatus Status)> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        return [.. versions.Where(v => v.Status is VersionStatus.Active or VersionStatus.Agreed).Select(v => (v.Number, VersionStatus.Expired))];
    }
}

/// <summary>One version of an agreement as far as choosing the version in force needs it.</summary>
/// <param name="Number">The version number.</param>
/// <param name="Status">Its lifecycle status.</param>
/// <param name="Effective">Its <c>effective</c> dates, when the terms give them.</param>
public readonly record struct VersionTerm(int Number, VersionStatus Status, EffectivePeriod? Effective);

/// <summary>Which version of an agreement was in force on a day.</summary>
public static class VersionsInForce
{
    /// <summary>
    /// The version in force on <paramref name="day"/>: of the versions that have been in force (Active, Superseded,
    /// Expired), the newest whose <c>effective</c> dates cover the day. A missing <c>from</c> is open; a missing
    /// <c>to</c> ends the day before the next newer such version's <c>from</c>, or is open when that gives none. So
    /// undated versions leave the newest (normally the Active one) in force, and a version dated from 1 April leaves
    /// March to the one before it. Null when none covers the day. Draft, Proposed and Agreed versions were never in
    /// force and are never chosen.
    /// </summary>
    public static int? On(IEnumerable<VersionTerm> versions, LocalDate day)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var inForce = versions.Where(v => v.Status is VersionStatus.Active or VersionStatus.Superseded or VersionStatus.Expired)
            .OrderBy(v => v.Number).ToList();
        for (var i = inForce.Count - 1; i >= 0; i--)
        {
            var (from, to) = (inForce[i].Effective?.From, inForce[i].Effective?.To);
            to ??= i + 1 < inForce.Count ? inForce[i + 1].Effective?.From?.PlusDays(-1) : null;
            if (!(from > day) && !(to < day))
            {
                return inForce[i].Number;
            }
        }
        return null;
    }
}
