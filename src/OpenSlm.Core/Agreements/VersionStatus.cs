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
    /// Why version <paramref name="number"/> of an agreement of <paramref name="kind"/> may not be moved by request from
    /// <paramref name="from"/> to <paramref name="to"/>; null when it may. Beyond <see cref="Refusal(int, VersionStatus, VersionStatus)"/>:
    /// an SLA, OLA or UC becomes Agreed only by its parties' approvals (<see cref="SignOff"/>), so it is never moved to
    /// Agreed by request, nor to Active before it is Agreed. An Expectation may skip straight to Active.
    /// </summary>
    public static string? Refusal(AgreementKind kind, int number, VersionStatus from, VersionStatus to)
    {
        if (Refusal(number, from, to) is { } why)
        {
            return why;
        }
        if (from == to || !SignOff.Needed(kind))
        {
            return null;
        }
        return to switch
        {
            VersionStatus.Agreed => $"version {number} becomes Agreed when the Accountable of each party has approved it ({kind} sign-off); it is {from}."
                + (from == VersionStatus.Draft ? " Propose it first." : " Approve it as a party on its page or at POST /api/v1/agreements/NAME/versions/N/approvals."),
            VersionStatus.Active when from is VersionStatus.Draft or VersionStatus.Proposed =>
                $"version {number} is {from}: an {kind} is put in force only once its parties have agreed it. Propose it, have the Accountable of each party approve it, then activate it.",
            _ => null,
        };
    }

    /// <summary>
    /// Every status change that moving version <paramref name="number"/> to <paramref name="to"/> makes, in order: an
    /// Active version is superseded by the one activated, then the version moves. Empty when it is already there.
    /// The move must be allowed (<see cref="Refusal(int, VersionStatus, VersionStatus)"/>).
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
/// <param name="InForceFrom">The first day it was put in force, recorded when it was activated (see <see cref="Activation"/>);
/// it stands before the terms' <c>effective.from</c>. Null for a version activated before such days were recorded.</param>
public readonly record struct VersionTerm(int Number, VersionStatus Status, EffectivePeriod? Effective, LocalDate? InForceFrom = null)
{
    /// <summary>The first day in force: the day recorded at activation, else the terms' <c>effective.from</c>; null is open.</summary>
    public LocalDate? From => InForceFrom ?? Effective?.From;
}

/// <summary>Which version of an agreement was in force on a day.</summary>
public static class VersionsInForce
{
    /// <summary>
    /// The version in force on <paramref name="day"/>: of the versions that have been in force (Active, Superseded,
    /// Expired), the newest whose dates cover the day: from its <see cref="VersionTerm.From"/> (the day recorded at
    /// activation, else the terms' <c>effective.from</c>) to its <c>effective.to</c>. A missing <c>from</c> is open; a missing
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
            var (from, to) = (inForce[i].From, inForce[i].Effective?.To);
            to ??= i + 1 < inForce.Count ? inForce[i + 1].From?.PlusDays(-1) : null;
            if (!(from > day) && !(to < day))
            {
                return inForce[i].Number;
            }
        }
        return null;
    }
}
