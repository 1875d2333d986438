namespace OpenSlm.Core;

/// <summary>Decimal helpers.</summary>
public static class Numbers
{
    /// <summary>
    /// The same value without trailing zeros (99.9000 → 99.9, 90.0 → 90): decimals carry a scale, and stores give back
    /// different scales for one value (SQLite keeps the text written, PostgreSQL's numeric its own), so values read back
    /// are normalised before they are shown or compared as text.
    /// </summary>
    public static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;
}
