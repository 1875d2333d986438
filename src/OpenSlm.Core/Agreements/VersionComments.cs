using OpenSlm.Core.Access;

namespace OpenSlm.Core.Agreements;

/// <summary>A comment on an agreement version as written: the text, the term it is about (a field path of the version's
/// YAML, or none for the whole version), and whether it is internal (the provider's staff only).</summary>
public sealed record CommentTerms(string Text, string? Term, bool Internal);

/// <summary>What a request to comment gives; every field may be missing or wrong.</summary>
public sealed record CommentRequest(string? Text = null, string? Term = null, bool? Internal = null);

/// <summary>
/// Comments on a version (issue 18, negotiation): the provider's staff and the parties discuss a proposal term by term
/// before it is signed off. A service level manager, the customer or supplier it is made with, and a stakeholder named on
/// it may comment; an internal comment is written and read only by the provider's staff.
/// </summary>
public static class VersionComments
{
    /// <summary>The longest comment, in characters.</summary>
    public const int MaxText = 4000;

    /// <summary>The longest term path.</summary>
    public const int MaxTerm = 300;

    /// <summary>The most comments one version holds.</summary>
    public const int MaxPerVersion = 500;

    /// <summary>Why <paramref name="caller"/> may not comment on a version of <paramref name="agreement"/>; null when they may.</summary>
    public static string? Refusal(Principal caller, AgreementSpec agreement)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(agreement);
        if (caller.Has(Permission.EditCatalogue) || caller.IsPartyTo(agreement)
            || (caller.Stakeholder is { } who && agreement.Stakeholders.Any(s => string.Equals(s.Stakeholder, who, StringComparison.Ordinal))))
        {
            return null;
        }
        return "Only a service level manager, the customer or supplier the agreement is made with, or a stakeholder named on it comments on its versions.";
    }

    /// <summary>Whether <paramref name="caller"/> reads <paramref name="comment"/>: internal comments are for the provider's staff only.</summary>
    public static bool Reads(Principal caller, CommentTerms comment)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(comment);
        return !comment.Internal || caller.ReadsInternal;
    }

    /// <summary>
    /// Checks a comment: its text (1 to <see cref="MaxText"/> characters once trimmed, no control characters but line
    /// breaks and tabs), its term (one of <paramref name="terms"/>, the version's field paths, or a path above some of them
    /// such as <c>objectives[availability]</c>), and that only the provider's staff write internal ones.
    /// </summary>
    public static (CommentTerms? Comment, List<(string Field, string Message)> Problems) Check(CommentRequest request, bool readsInternal, IReadOnlyCollection<string> terms)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(terms);
        var problems = new List<(string Field, string Message)>();
        var text = request.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            problems.Add(("text", "is required: what you have to say about the version."));
        }
        else if (text.Length > MaxText)
        {
            problems.Add(("text", $"is {text.Length:N0} characters long; at most {MaxText:N0}."));
        }
        else if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            problems.Add(("text", "holds a control character; only text, line breaks and tabs."));
        }
        var term = string.IsNullOrWhiteSpace(request.Term) ? null : request.Term.Trim();
        if (term is { Length: > MaxTerm })
        {
            problems.Add(("term", $"is {term.Length:N0} characters long; at most {MaxTerm}."));
        }
        else if (term is not null && !terms.Any(t => t == term || (t.StartsWith(term, StringComparison.Ordinal) && t.Length > term.Length && t[term.Length] is '.' or '[')))
        {
            var example = terms.FirstOrDefault(t => t.StartsWith("objectives[", StringComparison.Ordinal)) ?? terms.FirstOrDefault();
            problems.Add(("term", $"'{term}' is not a term of this version: give a field's path as the comparison shows it{(example is null ? "" : $" (such as {example})")}, or none for the whole version."));
        }
        if (request.Internal == true && !readsInternal)
        {
            problems.Add(("internal", "only the provider's staff write internal comments."));
        }
        return problems.Count > 0 ? (null, problems) : (new CommentTerms(text!, term, request.Internal == true), problems);
    }
}
