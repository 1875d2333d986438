using System.Reflection;

namespace OpenSlm.Reports;

/// <summary>
/// The typeface every report is set in: DejaVu Sans (regular and bold, under the DejaVu fonts licence, see
/// Fonts/LICENSE-DejaVu.txt), carried inside the assembly so that a PDF or chart looks the same on a server with no
/// fonts installed.
/// </summary>
public static class ReportFonts
{
    /// <summary>The family name reports ask for.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<byte[]> RegularBytes = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<byte[]> BoldBytes = new(() => Load("DejaVuSans-Bold.ttf"));

    private static readonly Lazy<SkiaSharp.SKTypeface> RegularFace = new(() => SkiaSharp.SKTypeface.FromData(SkiaSharp.SKData.CreateCopy(Regular)));
    private static readonly Lazy<SkiaSharp.SKTypeface> BoldFace = new(() => SkiaSharp.SKTypeface.FromData(SkiaSharp.SKData.CreateCopy(Bold)));

    /// <summary>The regular face for drawing; one instance, so a PDF embeds it once for text and charts alike.</summary>
    public static SkiaSharp.SKTypeface RegularTypeface => RegularFace.Value;

    /// <summary>The bold face for drawing.</summary>
    public static SkiaSharp.SKTypeface BoldTypeface => BoldFace.Value;

    /// <summary>The regular face's TrueType bytes.</summary>
    public static byte[] Regular => RegularBytes.Value;

    /// <summary>The bold face's TrueType bytes.</summary>
    public static byte[] Bold => BoldBytes.Value;

    private static byte[] Load(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"OpenSlm.Reports.Fonts.{file}")
            ?? throw new InvalidOperationException($"The font {file} is missing from the OpenSlm.Reports assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
