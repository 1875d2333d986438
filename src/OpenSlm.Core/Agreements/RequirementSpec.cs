using OpenSlm.Core.Calendars;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Agreements;

/// <summary>Where a requirement stands in the negotiation.</summary>
public enum RequirementStatus
{
    /// <summary>Stated; no offer answers it yet, or the offers are still being worked out.</summary>
    Open,

    /// <summary>Offers were put to the customer.</summary>
    Offered,

    /// <summary>The customer chose an offer (<see cref="RequirementSpec.Accepted"/>).</summary>
    Accepted,

    /// <summary>No longer needed.</summary>
    Withdrawn,
}

/// <summary>
/// One thing a customer needs of a service, in their words and figures: a level (percent) for availability, latency or
/// anything measured as a share, over a business calendar's hours; or a response or resolution time for tickets of a
/// priority. An offer answers it with the objective of the same name.
/// </summary>
public sealed record ServiceNeed
{
    /// <summary>Unique within the requirement; the offers' objective of this name answers it.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>What is needed, as the customer puts it.</summary>
    public string? Description { get; init; }

    /// <summary>The least level needed, a percentage in (0, 100].</summary>
    public decimal? Target { get; init; }

    /// <summary>The business calendar whose hours it is needed in (none: at all times).</summary>
    public string? Calendar { get; init; }

    /// <summary>For a ticket need: the priority it is about.</summary>
    public string? Priority { get; init; }

    /// <summary>For a ticket need: the longest response or resolution time, for example 4h or 2d.</summary>
    public string? Within { get; init; }

    internal void Validate(Problems p)
    {
        if (ResourceName.Check(Name) is { } nameError)
        {
            p.Add("name", nameError);
        }
        if (Target is null && Within is null)
        {
            p.Add("target", "or within is required: the level needed (a percentage) or the time tickets need to be answered in.");
        }
        if (Target is { } t && (t <= 0 || t > 100))
        {
            p.Add("target", $"{t} is outside (0, 100]: a need's level is a percentage.");
        }
        Checks.OptionalName(p, "calendar", Calendar);
        if (Within is not null && DurationText.TryParse(Within) is null)
        {
            p.Add("within", $"'{Within}' is not a duration: expected a number and a unit s, m, h, d or w, for example 4h.");
        }
        if (Priority is { Length: > 64 })
        {
            p.Add("priority", "is longer than 64 characters.");
        }
        if (Description is { Length: > 2000 })
        {
            p.Add("description", "is longer than 2,000 characters.");
        }
    }
}

/// <summary>
/// A customer's service level requirement (issue 18, negotiation): what they need of which services, why, and what they
/// can pay; the offers that answer it (agreements, typically Draft or Proposed SLAs such as Gold, Silver and Bronze) are
/// compared against it side by side, and the one accepted is recorded.
/// </summary>
public sealed record RequirementSpec : ISpec
{
    /// <summary>The most needs one requirement states.</summary>
    public const int MaxNeeds = 100;

    /// <summary>The most offers one requirement is compared with.</summary>
    public const int MaxOffers = 20;

    /// <inheritdoc />
    public static ResourceKind Kind => ResourceKind.Requirement;

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>The customer who needs it.</summary>
    public string? Customer { get; init; }

    /// <summary>The services it is about.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Why they need it (the business reason), as they put it.</summary>
    public string? Reason { get; init; }

    /// <summary>What they can pay, a month (compared with each offer's charge).</summary>
    public Money? Budget { get; init; }

    /// <summary>The day it is needed from.</summary>
    public NodaTime.LocalDate? NeededBy { get; init; }

    /// <summary>What they need.</summary>
    public IReadOnlyList<ServiceNeed> Needs { get; init; } = [];

    /// <summary>The agreements offered in answer, compared side by side.</summary>
    public IReadOnlyList<string> Offers { get; init; } = [];

    /// <summary>The offer the customer chose, one of <see cref="Offers"/>.</summary>
    public string? Accepted { get; init; }

    /// <summary>Where it stands (default Open).</summary>
    public RequirementStatus? Status { get; init; }

    /// <summary>People and their roles on the requirement.</summary>
    public IReadOnlyList<RoleAssignment> Stakeholders { get; init; } = [];

    /// <inheritdoc />
    public void Validate(Problems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        problems.Require("customer", Customer, "the customer whose requirement it is");
        Checks.OptionalName(problems, "customer", Customer);
        if (Services.Count == 0)
        {
            problems.Add("services", "is required: name at least one service the requirement is about.");
        }
        Checks.Names(problems, "services", Services);
        if (Reason is { Length: > 4000 })
        {
            problems.Add("reason", "is longer than 4,000 characters.");
        }
        Budget?.Validate(problems.At("budget"));
        if (Needs.Count == 0)
        {
            problems.Add("needs", "is required: state at least one need (a level or a ticket time).");
        }
        else if (Needs.Count > MaxNeeds)
        {
            problems.Add("needs", $"holds {Needs.Count} needs; at most {MaxNeeds}.");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(Needs.Count, MaxNeeds); i++)
        {
            Needs[i].Validate(problems.At("needs").At(i));
            if (!string.IsNullOrEmpty(Needs[i].Name) && !names.Add(Needs[i].Name))
            {
                problems.At("needs").At(i).Add("name", $"'{Needs[i].Name}' is used by another need of this requirement.");
            }
        }
        if (Offers.Count > MaxOffers)
        {
            problems.Add("offers", $"lists {Offers.Count} offers; at most {MaxOffers}.");
        }
        Checks.Names(problems, "offers", Offers);
        if (Accepted is not null && !Offers.Contains(Accepted, StringComparer.Ordinal))
        {
            problems.Add("accepted", $"'{Accepted}' is not one of the offers ({(Offers.Count == 0 ? "none listed" : string.Join(", ", Offers))}).");
        }
        if (Status == RequirementStatus.Accepted && Accepted is null)
        {
            problems.Add("accepted", "is required once the status is Accepted: the offer the customer chose.");
        }
        if (Status == RequirementStatus.Offered && Offers.Count == 0)
        {
            problems.Add("offers", "is required once the status is Offered: the agreements offered.");
        }
        Checks.Roles(problems, Stakeholders);
    }

    /// <inheritdoc />
    public IEnumerable<Reference> References()
    {
        if (Customer is not null)
        {
            yield return new Reference(ResourceKind.Customer, Customer, "spec.customer");
        }
        for (var i = 0; i < Services.Count; i++)
        {
            yield return new Reference(ResourceKind.Service, Services[i], $"spec.services[{i}]");
        }
        for (var i = 0; i < Needs.Count; i++)
        {
            if (Needs[i].Calendar is { } calendar)
            {
                yield return new Reference(ResourceKind.Calendar, calendar, $"spec.needs[{i}].calendar");
            }
        }
        for (var i = 0; i < Offers.Count; i++)
        {
            yield return new Reference(ResourceKind.Agreement, Offers[i], $"spec.offers[{i}]");
        }
        for (var i = 0; i < Stakeholders.Count; i++)
        {
            yield return new Reference(ResourceKind.Stakeholder, Stakeholders[i].Stakeholder, $"spec.stakeholders[{i}].stakeholder");
        }
    }
}
