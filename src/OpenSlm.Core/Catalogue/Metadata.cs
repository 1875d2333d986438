namespace OpenSlm.Core.Catalogue;

/// <summary>What every record has: its unique name within its kind, a display name and labels.</summary>
public sealed record Metadata
{
    /// <summary>Unique within the kind; see <see cref="ResourceName"/>.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>A human-readable name; defaults to <see cref="Name"/> where shown.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Free key/value labels for grouping and filtering.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Free key/value notes for other tools (kept as given, never interpreted).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
