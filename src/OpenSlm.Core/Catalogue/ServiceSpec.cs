using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Catalogue;

/// <summary>Where a service is in its life.</summary>
public enum Lifecycle
{
    /// <summary>Being designed or built; not yet delivered.</summary>
    Pipeline,

    /// <summary>Delivered to customers.</summary>
    Live,

    /// <summary>No longer delivered; kept for history.</summary>
    Retired,
}

/// <summary>An entry of the service catalogue.</summary>
public sealed record ServiceSpec : ISpec
{
    /// <summary>The most critical tier.</summary>
    public const int HighestTier = 1;

    /// <summary>The least critical tier.</summary>
    public const int LowestTier = 4;

    /// <inheritdoc />
    public static ResourceKind Kind => ResourceKind.Service;

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>The stakeholder who owns the service.</summary>
    public string? Owner { get; init; }

    /// <summary>Criticality from 1 (most critical) to 4.</summary>
    public int Tier { get; init; } = 3;

    /// <summary>Pipeline, Live or Retired.</summary>
    public Lifecycle Lifecycle { get; init; } = Lifecycle.Live;

    /// <summary>The customers who receive the service.</summary>
    public IReadOnlyList<string> Customers { get; init; } = [];

    /// <summary>The suppliers the service depends on.</summary>
    public IReadOnlyList<string> Suppliers { get; init; } = [];

    /// <summary>The services this one cannot be delivered without.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>What the service costs to run each month.</summary>
    public Money? MonthlyCost { get; init; }

    /// <summary>People and their roles on this service.</summary>
    public IReadOnlyList<RoleAssignment> Stakeholders { get; init; } = [];

    /// <inheritdoc />
    public void Validate(Problems problems)
    {
        Checks.OptionalName(problems, "owner", Owner);
        if (Tier is < HighestTier or > LowestTier)
        {
            problems.Add("tier", $"must be from {HighestTier} (most critical) to {LowestTier}, not {Tier}.");
        }
        Checks.Names(problems, "customers", Customers);
        Checks.Names(problems, "suppliers", Suppliers);
        Checks.Names(problems, "dependsOn", DependsOn);
        MonthlyCost?.Validate(problems.At("monthlyCost"));
        Checks.Roles(problems, Stakeholders);
    }

    /// <inheritdoc />
    public IEnumerable<Reference> References()
    {
        if (Owner is not null)
        {
            yield return new Reference(ResourceKind.Stakeholder, Owner, "spec.owner");
        }
        for (var i = 0; i < Customers.Count; i++)
        {
            yield return new Reference(ResourceKind.Customer, Customers[i], $"spec.customers[{i}]");
        }
        for (var i = 0; i < Suppliers.Count; i++)
        {
            yield return new Reference(ResourceKind.Supplier, Suppliers[i], $"spec.suppliers[{i}]");
        }
        for (var i = 0; i < DependsOn.Count; i++)
        {
            yield return new Reference(ResourceKind.Service, DependsOn[i], $"spec.dependsOn[{i}]");
        }
        for (var i = 0; i < Stakeholders.Count; i++)
        {
            yield return new Reference(ResourceKind.Stakeholder, Stakeholders[i].Stakeholder, $"spec.stakeholders[{i}].stakeholder");
        }
    }
}
