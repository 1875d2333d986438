namespace OpenSlm.Core.Validation;

/// <summary>Collects validation errors under a path prefix. Not thread-safe.</summary>
public sealed class Problems
{
    private readonly List<ValidationError> _errors;
    private readonly string _prefix;

    /// <summary>Starts an empty collection at the document root.</summary>
    public Problems()
        : this([], string.Empty)
    {
    }

    private Problems(List<ValidationError> errors, string prefix)
    {
        _errors = errors;
        _prefix = prefix;
    }

    /// <summary>The errors collected so far, in the order they were found.</summary>
    public IReadOnlyList<ValidationError> Errors => _errors;

    /// <summary>A view that reports under <paramref name="field"/>, sharing this collection.</summary>
    public Problems At(string field) => new(_errors, Join(_prefix, field));

    /// <summary>A view that reports under item <paramref name="index"/> of the current list.</summary>
    public Problems At(int index) => new(_errors, $"{_prefix}[{index}]");

    /// <summary>Reports a problem with <paramref name="field"/> below the current path.</summary>
    public void Add(string field, string message) => _errors.Add(new ValidationError(Join(_prefix, field), message));

    /// <summary>Reports a problem at the current path itself.</summary>
    public void Add(string message) => _errors.Add(new ValidationError(_prefix, message));

    /// <summary>Reports that <paramref name="field"/> is missing when <paramref name="value"/> is blank.</summary>
    public bool Require(string field, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"is required: {what}.");
            return false;
        }
        return true;
    }

    private static string Join(string prefix, string field) =>
        prefix.Length == 0 ? field : field.Length == 0 ? prefix : $"{prefix}.{field}";
}
