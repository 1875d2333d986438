using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Catalogue;

/// <summary>An external party whose underpinning contracts support services.</summary>
public sealed record SupplierSpec : ISpec
{
    /// <inheritdoc />
    public static ResourceKind Kind => ResourceKind.Supplier;

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>The supplier's contacts and their roles.</summary>
    public IReadOnlyList<RoleAssignment> Stakeholders { get; init; } = [];

    /// <inheritdoc />
    public void Validate(Problems problems) => Checks.Roles(problems, Stakeholders);

    /// <inheritdoc />
    public IEnumerable<Reference> References() =>
        Stakeholders.Select((r, i) => new Reference(ResourceKind.Stakeholder, r.Stakeholder, $"spec.stakeholders[{i}].stakeholder"));
}
