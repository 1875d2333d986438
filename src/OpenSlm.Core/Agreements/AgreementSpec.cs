using System.Globalization;
using NodaTime;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Agreements;

/// <summary>When an agreement version is in force: from a date, until a date (both optional, inclusive).</summary>
public sealed record EffectivePeriod
{
    /// <summary>The first day in force.</summary>
    public LocalDate? From { get; init; }

    /// <summary>The last day in force.</summary>
    public LocalDate? To { get; init; }

    /// <summary>The notice period, in days before <see cref="To"/>, by which a party must give notice to renew or end it (0 to 730).</summary>
    public int? NoticeDays { get; init; }

    /// <summary>How many days before <see cref="To"/> its Accountable parties are told it ends (1 to 365; default 30).</summary>
    public int? RemindDays { get; init; }
}

/// <summary>How often an agreement is reviewed with its parties, and when next.</summary>
public sealed record ReviewSchedule
{
    /// <summary>Months between reviews, 1 to 60.</summary>
    public int? IntervalMonths { get; init; }

    /// <summary>The date of the next review.</summary>
    public LocalDate? NextReview { get; init; }
}

/// <summary>One service-credit tier: when attainment is below <see cref="Below"/>, <see cref="Credit"/> percent of the charge is owed.</summary>
public sealed record CreditTier
{
    /// <summary>The attainment percentage under which the tier applies.</summary>
    public decimal Below { get; init; }

    /// <summary>The credit, as a percentage of the monthly charge.</summary>
    public decimal Credit { get; init; }
}

/// <summary>
/// Service credits owed when an SLA is missed, per calendar month: each objective the credits cover is judged on its
/// attainment over the month; below a tier's attainment, its credit is owed (of the tiers it is below, the one with
/// the lowest threshold); the objectives' credits add up, to at most the cap.
/// </summary>
public sealed record CreditPolicy
{
    /// <summary>The most that is ever owed for one month, as a percentage of the charge.</summary>
    public decimal? Cap { get; init; }

    /// <summary>The objectives (by name) whose attainment earns credits; empty: every objective.</summary>
    public IReadOnlyList<string> Objectives { get; init; } = [];

    /// <summary>The tiers; the lowest tier met applies.</summary>
    public IReadOnlyList<CreditTier> Tiers { get; init; } = [];
}

/// <summary>
/// The terms of one agreement version: parties, services, period, objectives and credits. Every
/// version holds a whole copy of the terms, so history shows exactly what was agreed when.
/// </summary>
public sealed record AgreementSpec : ISpec
{
    /// <inheritdoc />
    static ResourceKind ISpec.Kind => ResourceKind.Agreement;

    /// <summary>SLA, OLA, UC or Expectation.</summary>
    public AgreementKind Kind { get; init; } = AgreementKind.SLA;

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>The version's status. In YAML, the status the applied version should reach.</summary>
    public VersionStatus? Status { get; init; }

    /// <summary>The customer served (required for an SLA).</summary>
    public string? Customer { get; init; }

    /// <summary>The supplier who commits (required for a UC).</summary>
    public string? Supplier { get; init; }

    /// <summary>The team that provides the service (required for an OLA).</summary>
    public string? Provider { get; init; }

    /// <summary>The team that receives the service (required for an OLA).</summary>
    public string? Consumer { get; init; }

    /// <summary>The services the agreement covers; at least one.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>When the version is in force.</summary>
    public EffectivePeriod? Effective { get; init; }

    /// <summary>When the agreement is reviewed.</summary>
    public ReviewSchedule? Review { get; init; }

    /// <summary>The monthly charge that service credits are a share of.</summary>
    public Money? Charge { get; init; }

    /// <summary>The targets agreed.</summary>
    public IReadOnlyList<ObjectiveSpec> Objectives { get; init; } = [];

    /// <summary>Service credits owed when targets are missed.</summary>
    public CreditPolicy? Credits { get; init; }

    /// <summary>People and their roles on this agreement.</summary>
    public IReadOnlyList<RoleAssignment> Stakeholders { get; init; } = [];

    /// <summary>The terms alone, without the status, for comparing versions.</summary>
    public AgreementSpec Terms() => this with { Status = null };

    /// <inheritdoc />
    public void Validate(Problems problems)
    {
        switch (Kind)
        {
            case AgreementKind.SLA:
                problems.Require("customer", Customer, "the customer an SLA is made with");
                break;
            case AgreementKind.UC:
                problems.Require("supplier", Supplier, "the supplier an underpinning contract is made with");
                break;
            case AgreementKind.OLA:
                problems.Require("provider", Provider, "the team providing the service under an OLA");
                problems.Require("consumer", Consumer, "the team receiving the service under an OLA");
                break;
            case AgreementKind.Expectation:
            default:
                break;
        }
        Checks.OptionalName(problems, "customer", Customer);
        Checks.OptionalName(problems, "supplier", Supplier);
        if (Services.Count == 0)
        {
            problems.Add("services", "is required: name at least one service the agreement covers.");
        }
        Checks.Names(problems, "services", Services);
        if (Effective is { From: { } from, To: { } to } && to < from)
        {
            problems.At("effective").Add("to", $"{to:yyyy'-'MM'-'dd} is before from ({from:yyyy'-'MM'-'dd}).");
        }
        if (Effective?.NoticeDays is { } notice && notice is < 0 or > Renewals.MaxNoticeDays)
        {
            problems.At("effective").Add("noticeDays", $"must be from 0 to {Renewals.MaxNoticeDays} days, not {notice}.");
        }
        if (Effective?.RemindDays is { } remind && remind is < 1 or > Renewals.MaxRemindDays)
        {
            problems.At("effective").Add("remindDays", $"must be from 1 to {Renewals.MaxRemindDays} days, not {remind}.");
        }
        if (Review?.IntervalMonths is { } months && months is < 1 or > 60)
        {
            problems.At("review").Add("intervalMonths", $"must be from 1 to 60 months, not {months}.");
        }
        Charge?.Validate(problems.At("charge"));
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Objectives.Count; i++)
        {
            var p = problems.At("objectives").At(i);
            Objectives[i].Validate(p);
            if (!string.IsNullOrEmpty(Objectives[i].Name) && !names.Add(Objectives[i].Name))
            {
                p.Add("name", $"'{Objectives[i].Name}' is used by another objective of this agreement.");
            }
        }
        ValidateCredits(problems);
        Checks.Roles(problems, Stakeholders);
    }

    /// <inheritdoc />
    public IEnumerable<Reference> References()
    {
        if (Customer is not null)
        {
            yield return new Reference(ResourceKind.Customer, Customer, "spec.customer");
        }
        if (Supplier is not null)
        {
            yield return new Reference(ResourceKind.Supplier, Supplier, "spec.supplier");
        }
        for (var i = 0; i < Services.Count; i++)
        {
            yield return new Reference(ResourceKind.Service, Services[i], $"spec.services[{i}]");
        }
        for (var i = 0; i < Objectives.Count; i++)
        {
            yield return new Reference(ResourceKind.Indicator, Objectives[i].Indicator, $"spec.objectives[{i}].indicator");
            if (Objectives[i].Calendar is { } calendar)
            {
                yield return new Reference(ResourceKind.Calendar, calendar, $"spec.objectives[{i}].calendar");
            }
        }
        for (var i = 0; i < Stakeholders.Count; i++)
        {
            yield return new Reference(ResourceKind.Stakeholder, Stakeholders[i].Stakeholder, $"spec.stakeholders[{i}].stakeholder");
        }
    }

    private void ValidateCredits(Problems problems)
    {
        for (var i = 0; i < Objectives.Count; i++)
        {
            var own = problems.At("objectives").At(i);
            if (Objectives[i].Credits.Count > 0 && Charge is null)
            {
                own.Add("credits", "credits are a share of the monthly charge: give spec.charge too.");
            }
            for (var j = 0; j < Objectives[i].Credits.Count; j++)
            {
                if (Credits?.Cap is { } most && Objectives[i].Credits[j].Credit > most)
                {
                    own.At("credits").At(j).Add("credit", $"{Objectives[i].Credits[j].Credit.ToString(CultureInfo.InvariantCulture)} is above the cap of {most.ToString(CultureInfo.InvariantCulture)}.");
                }
            }
        }
        if (Credits is null)
        {
            return;
        }
        var p = problems.At("credits");
        if (Credits.Cap is { } cap)
        {
            ObjectiveSpec.Percent(p, "cap", cap);
        }
        if (Credits.Tiers.Count > 0 && Charge is null)
        {
            p.Add("tiers", "credits are a share of the monthly charge: give spec.charge too.");
        }
        for (var i = 0; i < Credits.Objectives.Count; i++)
        {
            if (!Objectives.Any(o => o.Name == Credits.Objectives[i]))
            {
                p.At("objectives").At(i).Add($"'{Credits.Objectives[i]}' is not an objective of this agreement: expected one of {string.Join(", ", Objectives.Select(o => o.Name))}.");
            }
        }
        var seen = new HashSet<decimal>();
        for (var i = 0; i < Credits.Tiers.Count; i++)
        {
            var tier = Credits.Tiers[i];
            var tp = p.At("tiers").At(i);
            ObjectiveSpec.Percent(tp, "below", tier.Below);
            if (ObjectiveSpec.Percent(tp, "credit", tier.Credit) && Credits.Cap is { } c && tier.Credit > c)
            {
                tp.Add("credit", $"{tier.Credit.ToString(CultureInfo.InvariantCulture)} is above the cap of {c.ToString(CultureInfo.InvariantCulture)}.");
            }
            if (!seen.Add(tier.Below))
            {
                tp.Add("below", $"another tier already starts below {tier.Below.ToString(CultureInfo.InvariantCulture)}.");
            }
            // The agreement's tiers charge the objectives they cover that have no tiers of their own: never one whose target is under the threshold.
            foreach (var o in Objectives.Where(o => o.Credits.Count == 0 && (Credits.Objectives.Count == 0 || Credits.Objectives.Contains(o.Name)) && o.Target < tier.Below))
            {
                tp.Add("below", $"{tier.Below.ToString(CultureInfo.InvariantCulture)} is above the target of objective '{o.Name}' ({o.Target.ToString(CultureInfo.InvariantCulture)}): "
                    + $"it would charge a credit for a target that was met. Give '{o.Name}' its own tiers (objectives[{Objectives.ToList().IndexOf(o)}].credits) or list the objectives these tiers cover in credits.objectives.");
            }
        }
    }
}
