using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Catalogue;

/// <summary>A reference from one record to another, by kind and name, found at <see cref="Path"/>.</summary>
public readonly record struct Reference(ResourceKind Kind, string Name, string Path);

/// <summary>The specification of a record: validated on its own, and naming what it refers to.</summary>
public interface ISpec
{
    /// <summary>The kind this spec belongs to.</summary>
    static abstract ResourceKind Kind { get; }

    /// <summary>Reports every problem found in this spec alone, below <c>spec</c>.</summary>
    void Validate(Problems problems);

    /// <summary>The records this spec refers to; each must exist for the spec to be stored.</summary>
    IEnumerable<Reference> References();
}
