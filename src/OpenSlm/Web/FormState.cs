using System.Globalization;

namespace OpenSlm.Web;

/// <summary>
/// An edit form's values as typed (or as stored, when it opens) and the errors of its last save: what the editors of
/// services, calendars and agreements share. Values are strings so that nothing typed is lost when a save is refused.
/// </summary>
public sealed class FormState
{
    private readonly Dictionary<string, string?> _values;

    private FormState(Dictionary<string, string?> values) => _values = values;

    /// <summary>The errors of the last save.</summary>
    public FormErrors Errors { get; set; } = new();

    /// <summary>A field's value.</summary>
    public string? this[string field] => _values.GetValueOrDefault(field);

    /// <summary>The values of a form being opened.</summary>
    public static FormState Opened(Dictionary<string, string?> values) => new(values ?? throw new ArgumentNullException(nameof(values)));

    /// <summary>The values posted with this request, when it is a post; else null.</summary>
    public static FormState? Posted(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            return null;
        }
        var form = http.Request.Form;
        return new FormState(form.Keys.ToDictionary(k => k, k => (string?)form[k].ToString(), StringComparer.Ordinal));
    }

    /// <summary>The revision the form was opened at (its hidden <c>revision</c> field), else <paramref name="fallback"/>.</summary>
    public long Revision(long fallback) => long.TryParse(this["revision"], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : fallback;

    /// <summary>"true" for a field with errors (for aria-invalid), else null (the attribute left out).</summary>
    public string? Invalid(string field) => Errors.ContainsKey(field) ? "true" : null;

    /// <summary>The aria-describedby of a field's input: its hint (when it has one) and its errors.</summary>
    public string DescribedBy(string field, bool hint = true) => Shared.Field.DescribedBy(field, hint, Errors.ContainsKey(field));
}
