using NodaTime;
using NodaTime.Text;

namespace OpenSlm.Interop;

/// <summary>Instants as OpenSLM reads them everywhere: ISO 8601 with <c>Z</c> or an offset, kept in UTC.</summary>
public static class InstantText
{
    /// <summary>What a person is told when a text is not an instant.</summary>
    public const string Expected = "expected ISO 8601 with Z or an offset, e.g. 2025-03-31T23:59:00Z, " + Core.Limits.InstantRange;

    /// <summary>Reads an instant; null when the text is not one, or is one outside <see cref="Core.Limits.InstantRange"/>.</summary>
    public static Instant? TryParse(string? text)
    {
        if (text is null)
        {
            return null;
        }
        Instant? read = InstantPattern.ExtendedIso.Parse(text) is { Success: true } utc ? utc.Value
            : OffsetDateTimePattern.ExtendedIso.Parse(text) is { Success: true } offset ? offset.Value.ToInstant() : null;
        return read is { } at && Core.Limits.InRange(at) ? at : null;
    }
}
