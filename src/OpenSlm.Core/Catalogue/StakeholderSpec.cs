using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Catalogue;

/// <summary>A person: warned, consulted or reported to according to the roles others give them.</summary>
public sealed record StakeholderSpec : ISpec
{
    /// <inheritdoc />
    public static ResourceKind Kind => ResourceKind.Stakeholder;

    /// <summary>Where notifications and reports are sent.</summary>
    public string? Email { get; init; }

    /// <summary>The team or department the person belongs to.</summary>
    public string? Team { get; init; }

    /// <inheritdoc />
    public void Validate(Problems problems) => Checks.Email(problems, "email", Email);

    /// <inheritdoc />
    public IEnumerable<Reference> References() => [];
}
