using NodaTime;

namespace OpenSlm.Cli;

/// <summary>What the offline commands (<c>slm evaluate</c>, <c>slm clocks</c>) share: reading --at, checking input files, printing errors.</summary>
internal static class OfflineInput
{
    /// <summary>The instant in <paramref name="text"/> (now when null), or null after printing why it is not one.</summary>
    public static Instant? At(string? text)
    {
        if (text is null)
        {
            return SystemClock.Instance.GetCurrentInstant();
        }
        if (Interop.InstantText.TryParse(text) is { } parsed)
        {
            return parsed;
        }
        Console.Error.WriteLine($"error: --at: '{text}' is not an instant: {Interop.InstantText.Expected}.");
        return null;
    }

    /// <summary>Whether <paramref name="path"/>, given as <paramref name="option"/>, is a file; prints why not.</summary>
    public static bool IsFile(string option, string path)
    {
        if (File.Exists(path))
        {
            return true;
        }
        Console.Error.WriteLine($"error: {option}: no file at '{Path.GetFullPath(path)}'.");
        return false;
    }

    /// <summary>Prints each error; the exit code for refused input.</summary>
    public static int Refused(IReadOnlyList<string> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"error: {error}");
        }
        return 1;
    }
}
