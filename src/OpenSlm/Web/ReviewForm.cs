using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Core.Agreements;

namespace OpenSlm.Web;

/// <summary>The review form's fields read into a <see cref="ReviewRequest"/>: one attendee, decision or action a line
/// (an action as <c>what | owner | due</c>), days as yyyy-MM-dd; and Core's field paths mapped back to the form's fields.</summary>
public static partial class ReviewForm
{
    /// <summary>The request the form's values make; what cannot be read (a day that is not one) goes to <paramref name="errors"/>.</summary>
    public static ReviewRequest Read(FormState state, FormErrors errors)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(errors);
        var actions = new List<ReviewActionRequest?>();
        var lines = Lines(state["actions"]);
        for (var i = 0; i < lines.Count; i++)
        {
            var parts = lines[i].Split('|', StringSplitOptions.TrimEntries);
            if (parts.Length > 3)
            {
                errors.Add("actions", $"line {i + 1}: has {parts.Length} parts; expected what | owner | due.");
                continue;
            }
            LocalDate? due = null;
            if (parts.Length == 3 && parts[2].Length > 0)
            {
                due = Day(parts[2], "actions", $"line {i + 1}: due", errors);
            }
            actions.Add(new ReviewActionRequest(parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null, due));
        }
        return new ReviewRequest(
            Day(state["heldOn"], "heldOn", "Held on", errors),
            state["period"]?.Trim() is { Length: > 0 } period ? period : null,
            Lines(state["attendees"]),
            Lines(state["decisions"]),
            actions,
            state["notes"]?.Trim() is { Length: > 0 } notes ? notes : null,
            Day(state["nextReview"], "nextReview", "Next review", errors));
    }

    /// <summary>The form field a Core field path belongs to (<c>actions[2].due</c> → <c>actions</c>).</summary>
    public static string FieldOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var cut = path.IndexOfAny(['[', '.']);
        return cut < 0 ? path : path[..cut];
    }

    /// <summary>A Core message said for the form: a list entry's by its line (<c>actions[2].due</c> → "line 3, due: …").</summary>
    public static string Describe(string path, string message)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Indexed().Match(path) is { Success: true } m)
        {
            var line = int.Parse(m.Groups["i"].Value, CultureInfo.InvariantCulture) + 1;
            var part = m.Groups["part"].Success ? $", {m.Groups["part"].Value}" : "";
            return $"line {line}{part}: {message}";
        }
        return message;
    }

    private static List<string> Lines(string? text) =>
        [.. (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static LocalDate? Day(string? text, string field, string label, FormErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (LocalDatePattern.Iso.Parse(text.Trim()).TryGetValue(default, out var day))
        {
            return day;
        }
        errors.Add(field, $"{label}: '{text.Trim()}' is not a day (expected yyyy-MM-dd).");
        return null;
    }

    [GeneratedRegex(@"^\w+\[(?<i>\d+)\](\.(?<part>\w+))?$")]
    private static partial Regex Indexed();
}
