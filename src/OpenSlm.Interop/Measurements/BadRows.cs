using System.Globalization;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Yaml;

namespace OpenSlm.Interop.Measurements;

/// <summary>
/// The bad rows of one batch of measurements, whatever its format: every one is counted, the first
/// <see cref="MaxListed"/> are listed (then "… and N more"), and any makes the whole batch refused.
/// <paramref name="label"/>, when given, names the item in each message: a format with {0} for its number.
/// </summary>
internal sealed class BadRows(string source, string noun, string? label = null)
{
    /// <summary>Stop listing after this many errors (the count is still given).</summary>
    public const int MaxListed = 100;

    private readonly List<DocumentError> _listed = [];

    /// <summary>How many errors were found.</summary>
    public int Count { get; private set; }

    /// <summary>Records an error at <paramref name="line"/> (a line, or an item number).</summary>
    public void Add(int line, string field, string message)
    {
        Count++;
        if (_listed.Count < MaxListed)
        {
            var text = label is null ? message : $"{string.Format(CultureInfo.InvariantCulture, label, line)}: {message}";
            _listed.Add(new DocumentError(new SourceLocation(source, line, 0), field, text));
        }
    }

    /// <summary>
    /// The good count of a row from its total and its good (or bad) count, the rule every format shares;
    /// null, with an error, when that count is more than the total.
    /// </summary>
    public long? Good(int line, string field, long count, long total)
    {
        if (total > Core.Limits.MaxCount)
        {
            Add(line, "total", $"{total} is more than a measurement may count ({Core.Limits.MaxCount:N0}).");
            return null;
        }
        if (count > total)
        {
            Add(line, field, $"{count} is more than total ({total}).");
            return null;
        }
        return field == "good" ? count : total - count;
    }

    /// <summary>The rows when nothing was bad, else no row and every error listed.</summary>
    public MeasurementFile Result(List<MeasurementRow> rows) => Count == 0 ? new MeasurementFile(rows, []) : new MeasurementFile([], Errors());

    /// <summary>The errors listed, then "… and N more" when more were found than listed.</summary>
    public List<DocumentError> Errors()
    {
        var errors = new List<DocumentError>(_listed);
        if (Count > _listed.Count)
        {
            errors.Add(new DocumentError(new SourceLocation(source, 0, 0), string.Empty, $"… and {Count - _listed.Count} more bad {noun}."));
        }
        return errors;
    }
}
