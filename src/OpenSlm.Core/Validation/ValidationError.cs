namespace OpenSlm.Core.Validation;

/// <summary>One reason an input was refused.</summary>
/// <param name="Path">Where the problem is, as a dotted path into the document (for example
/// <c>spec.hours.monday[1]</c>). The API and the YAML loader map it to a field or a line.</param>
/// <param name="Message">What was wrong and what was expected.</param>
public sealed record ValidationError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}
