using System.Buffers;

namespace OpenSlm.Core.Catalogue;

/// <summary>
/// The rule for names of records: 1 to 63 characters of lower-case letters, digits and '-', starting
/// and ending with a letter or digit (a DNS label, as OpenSLO's <c>metadata.name</c>).
/// </summary>
public static class ResourceName
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxLength = 63;

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>Returns null when <paramref name="name"/> is valid, else what is wrong with it.</summary>
    public static string? Check(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "is required: a name of lower-case letters, digits and '-'.";
        }
        if (name.Length > MaxLength)
        {
            return $"'{name}' is {name.Length} characters long; at most {MaxLength} are allowed.";
        }
        if (name.AsSpan().ContainsAnyExcept(Allowed) || name[0] == '-' || name[^1] == '-')
        {
            return $"'{name}' is not a valid name: use lower-case letters, digits and '-', starting and ending with a letter or digit.";
        }
        return null;
    }

    /// <summary>Turns free text into a valid name, for importers (for example "Payments API" → "payments-api").</summary>
    public static string Slug(string text)
    {
        var chars = new List<char>(text.Length);
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (Allowed.Contains(c) && c != '-')
            {
                chars.Add(c);
            }
            else if (chars.Count > 0 && chars[^1] != '-')
            {
                chars.Add('-');
            }
        }
        var slug = new string([.. chars]).Trim('-');
        return slug.Length > MaxLength ? slug[..MaxLength].TrimEnd('-') : slug;
    }
}
