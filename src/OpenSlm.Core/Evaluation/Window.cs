using NodaTime;

namespace OpenSlm.Core.Evaluation;

/// <summary>
/// The window (Start, End]: start excluded, end included. A window of length w ending at t covers
/// (t − w, t], so a measurement stamped exactly at a window's start belongs to the window before.
/// </summary>
/// <remarks>Not NodaTime's <see cref="Interval"/>, which is [start, end): never use one for the other.
/// <c>default(Window)</c> is invalid (empty); use a constructor.</remarks>
public readonly record struct Window
{
    /// <summary>The window of <paramref name="length"/> ending at <paramref name="end"/>.</summary>
    public Window(Instant end, Duration length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, Duration.Zero);
        End = end;
        Start = end - length;
    }

    private Window(Instant start, Instant end, bool _)
    {
        Start = start;
        End = end;
    }

    /// <summary>The window (<paramref name="start"/>, <paramref name="end"/>]; <paramref name="end"/> must be after <paramref name="start"/>.</summary>
    public static Window Between(Instant start, Instant end)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(end, start);
        return new Window(start, end, true);
    }

    /// <summary>The excluded first instant.</summary>
    public Instant Start { get; }

    /// <summary>The included last instant.</summary>
    public Instant End { get; }

    /// <summary>End − Start.</summary>
    public Duration Length => End - Start;

    /// <summary>Whether <paramref name="t"/> lies in (Start, End].</summary>
    public bool Contains(Instant t) => t > Start && t <= End;

    /// <inheritdoc />
    public override string ToString() => $"({Start}, {End}]";
}
