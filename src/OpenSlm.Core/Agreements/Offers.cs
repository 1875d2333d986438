using OpenSlm.Core.Catalogue;

namespace OpenSlm.Core.Agreements;

/// <summary>How an offer answers one need.</summary>
public enum NeedFit
{
    /// <summary>Its objective's target is at least the level needed, over the hours needed.</summary>
    Meets,

    /// <summary>Its objective's target is below the level needed.</summary>
    FallsShort,

    /// <summary>Its objective reaches the level, but over other hours than the need's (another calendar, or none).</summary>
    OtherHours,

    /// <summary>It has no objective of the need's name.</summary>
    Missing,

    /// <summary>A ticket time, which the offer's ticket policies judge: shown for the reader to weigh, not compared here.</summary>
    NotCompared,
}

/// <summary>How an offer's price compares with the budget.</summary>
public enum PriceFit
{
    /// <summary>Its charge is at most the budget.</summary>
    WithinBudget,

    /// <summary>Its charge is above the budget.</summary>
    OverBudget,

    /// <summary>No budget, no charge, or another currency: not comparable.</summary>
    NotCompared,
}

/// <summary>One cell of the comparison: the need, the offer's objective answering it (if any), and the fit.</summary>
public sealed record NeedAnswer(string Need, string Offer, ObjectiveSpec? Objective, NeedFit Fit, string Why);

/// <summary>One offer against the requirement: its answers, its price against the budget, and how many needs it meets.</summary>
public sealed record OfferFit(string Offer, AgreementSpec? Terms, IReadOnlyList<NeedAnswer> Answers, Money? Charge, PriceFit Price, int Meets, int Compared)
{
    /// <summary>Whether it meets every need that is compared, within the budget where there is one to compare.</summary>
    public bool MeetsAll => Terms is not null && Meets == Compared && Price != PriceFit.OverBudget;
}

/// <summary>
/// Offers compared with the requirement they answer (issue 18, negotiation): for each need and offer, whether the offer's
/// objective of the need's name reaches the level over the hours needed; each offer's charge against the budget. Pure.
/// </summary>
public static class Offers
{
    /// <summary>Compares each offer (null terms: the agreement has no version to read) with <paramref name="requirement"/>.</summary>
    public static IReadOnlyList<OfferFit> Compare(RequirementSpec requirement, IReadOnlyList<(string Name, AgreementSpec? Terms)> offers)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(offers);
        var fits = new List<OfferFit>(offers.Count);
        foreach (var (name, terms) in offers)
        {
            var answers = requirement.Needs.Select(need => Answer(need, name, terms)).ToList();
            var compared = answers.Count(a => a.Fit != NeedFit.NotCompared);
            fits.Add(new OfferFit(name, terms, answers, terms?.Charge, Price(requirement.Budget, terms?.Charge), answers.Count(a => a.Fit == NeedFit.Meets), compared));
        }
        return fits;
    }

    /// <summary>How one offer answers one need.</summary>
    public static NeedAnswer Answer(ServiceNeed need, string offer, AgreementSpec? terms)
    {
        ArgumentNullException.ThrowIfNull(need);
        if (need.Target is null)
        {
            return new NeedAnswer(need.Name, offer, null, NeedFit.NotCompared,
                $"a ticket time ({(need.Priority is { } p ? $"{p} " : "")}within {need.Within}): compare it with the offer's ticket policy.");
        }
        var objective = terms?.Objectives.FirstOrDefault(o => string.Equals(o.Name, need.Name, StringComparison.Ordinal));
        if (objective is null)
        {
            return new NeedAnswer(need.Name, offer, null, NeedFit.Missing, terms is null ? "the offer has no terms to read." : $"the offer has no objective named '{need.Name}'.");
        }
        if (objective.Target < need.Target)
        {
            return new NeedAnswer(need.Name, offer, objective, NeedFit.FallsShort, $"offers {objective.Target} % where {need.Target} % is needed.");
        }
        if (need.Calendar is { } hours && !string.Equals(objective.Calendar, hours, StringComparison.Ordinal))
        {
            return new NeedAnswer(need.Name, offer, objective, NeedFit.OtherHours,
                $"offers {objective.Target} % {(objective.Calendar is { } c ? $"in the hours of '{c}'" : "at all times")} where the need is in the hours of '{hours}'.");
        }
        return new NeedAnswer(need.Name, offer, objective, NeedFit.Meets, $"offers {objective.Target} % where {need.Target} % is needed.");
    }

    /// <summary>A charge against a budget, both a month.</summary>
    public static PriceFit Price(Money? budget, Money? charge) =>
        budget is null || charge is null || !string.Equals(budget.Currency, charge.Currency, StringComparison.Ordinal) ? PriceFit.NotCompared
        : charge.Amount <= budget.Amount ? PriceFit.WithinBudget
        : PriceFit.OverBudget;
}
