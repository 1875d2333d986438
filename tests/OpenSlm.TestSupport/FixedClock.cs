using NodaTime;

namespace OpenSlm.TestSupport;

/// <summary>A clock that says what the test tells it; advanced by hand.</summary>
public sealed class FixedClock(Instant now) : IClock
{
    /// <summary>The instant the clock reads.</summary>
    public Instant Now { get; set; } = now;

    /// <inheritdoc />
    public Instant GetCurrentInstant() => Now;

    /// <summary>Moves the clock forward.</summary>
    public void Advance(Duration by) => Now += by;
}
