using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Catalogue;

/// <summary>An organisation or business unit that receives services under agreements.</summary>
public sealed record CustomerSpec : ISpec
{
    /// <inheritdoc />
    public static ResourceKind Kind => ResourceKind.Customer;

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>The customer's people and their roles (for example who receives reports).</summary>
    public IReadOnlyList<RoleAssignment> Stakeholders { get; init; } = [];

    /// <inheritdoc />
    public void Validate(Problems problems) => Checks.Roles(problems, Stakeholders);

    /// <inheritdoc />
    public IEnumerable<Reference> References() =>
        Stakeholders.Select((r, i) => new Reference(ResourceKind.Stakeholder, r.Stakeholder, $"spec.stakeholders[{i}].stakeholder"));
}
