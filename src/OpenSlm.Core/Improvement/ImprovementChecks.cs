using NodaTime;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Improvement;

/// <summary>Checks the improvement records share: texts, days and references.</summary>
internal static class ImprovementChecks
{
    public static void Texts(Problems problems, params (string Field, string? Text)[] texts)
    {
        foreach (var (field, text) in texts)
        {
            if (text is not null && Limits.CheckText(text, Limits.MaxText, lines: true) is { } error)
            {
                problems.Add(field, error);
            }
        }
    }

    public static void Dates(Problems problems, params (string Field, LocalDate? Day)[] days)
    {
        foreach (var (field, day) in days)
        {
            if (day is { } d && !Limits.InRange(d))
            {
                problems.Add(field, $"{d:yyyy-MM-dd} is outside the years {Limits.MinYear} to {Limits.MaxYear}.");
            }
        }
    }

    /// <summary>References as a diagnosis takes them: at most <see cref="Diagnosis.MaxReferences"/>, each one short line.</summary>
    public static void References(Problems problems, string field, IReadOnlyList<string> references)
    {
        if (references.Count > Diagnosis.MaxReferences)
        {
            problems.Add(field, $"holds {references.Count} references: at most {Diagnosis.MaxReferences}.");
        }
        for (var i = 0; i < Math.Min(references.Count, Diagnosis.MaxReferences); i++)
        {
            if (string.IsNullOrWhiteSpace(references[i]))
            {
                problems.At(field).At(i).Add("is empty: give an incident or change id, or a link.");
            }
            else if (Limits.CheckText(references[i], Diagnosis.MaxReferenceLength, lines: false) is { } error)
            {
                problems.At(field).At(i).Add(error);
            }
        }
    }
}
