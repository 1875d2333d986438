namespace OpenSlm.Core.Validation;

/// <summary>Thrown when a caller insists on using a specification that failed validation.</summary>
public sealed class InvalidSpecException : Exception
{
    /// <summary>Creates the exception from the errors that were found.</summary>
    public InvalidSpecException(IReadOnlyList<ValidationError> errors)
        : base(string.Join("; ", errors))
    {
        Errors = errors;
    }

    /// <summary>The errors, each with its path.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }
}
