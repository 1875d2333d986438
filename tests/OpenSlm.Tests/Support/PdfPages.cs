using System.Diagnostics;
using SkiaSharp;
using UglyToad.PdfPig;

namespace OpenSlm.Tests.Support;

/// <summary>Reads a PDF back as a reader would: its text (PdfPig), and a page rendered to an image by Debian's poppler
/// (pdftoppm), for tests that check what a person would see.</summary>
internal static class PdfPages
{
    /// <summary>The text of each page, words separated by spaces.</summary>
    public static IReadOnlyList<string> Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return [.. document.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text)))];
    }

    /// <summary>Page <paramref name="page"/> (1-based) rendered at <paramref name="dpi"/> to a PNG file beside the PDF, decoded.</summary>
    public static async Task<SKBitmap> RenderAsync(byte[] pdf, string directory, string name, int page = 1, int dpi = 50)
    {
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"{name}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var prefix = Path.Combine(directory, $"{name}-page{page}");
        OpenSlm.TestSupport.ServerProcess.Require(File.Exists("/usr/bin/pdftoppm"), "OPENSLM_REQUIRE_POPPLER", "pdftoppm is not installed (Debian package poppler-utils).");
        var info = new ProcessStartInfo("/usr/bin/pdftoppm")
        {
            ArgumentList = { "-png", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", $"{page}", "-l", $"{page}", "-singlefile", file, prefix },
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pdftoppm failed: {error}");
        return SKBitmap.Decode($"{prefix}.png");
    }

    /// <summary>The share of pixels that are not (near) white.</summary>
    public static double Inked(SKBitmap image)
    {
        long inked = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var c = image.GetPixel(x, y);
                if (c.Red < 200 || c.Green < 200 || c.Blue < 200)
                {
                    inked++;
                }
            }
        }
        return (double)inked / (image.Width * image.Height);
    }
}
