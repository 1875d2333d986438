using SkiaSharp;

namespace OpenSlm.Reports;

/// <summary>
/// A top-to-bottom page layout written as PDF by Skia's PDF backend (SkiaSharp, MIT; the engine QuestPDF also draws
/// with): headings, wrapped paragraphs, bullets, tables whose rows never split across pages, vector drawings (charts),
/// and a footer with "page N of M" on every page. A4 portrait, 50 pt margins, set in <see cref="ReportFonts"/>; text
/// stays text (fonts embedded with their Unicode maps), so it can be searched, copied and read back.
/// </summary>
internal sealed class PdfLayout : IDisposable
{
    private const float PageWidth = 595.28f;   // A4 in points
    private const float PageHeight = 841.89f;
    private const float Margin = 50;
    private const float FooterHeight = 24;
    private const float Width = PageWidth - (2 * Margin);
    private const float Bottom = PageHeight - Margin - FooterHeight;


    private readonly string _title;
    private readonly string _subject;
    private readonly DateTime _created;
    private readonly List<SKPicture> _pages = [];
    private readonly SKFont _body;
    private readonly SKFont _bold;
    private readonly SKFont _small;
    private readonly SKPaint _ink = new() { Color = SKColors.Black, IsAntialias = true };
    private readonly SKPaint _grey = new() { Color = new SKColor(110, 110, 110), IsAntialias = true };
    private readonly SKPaint _rule = new() { Color = new SKColor(200, 200, 200), StrokeWidth = 0.5f, IsAntialias = true };
    private readonly SKPaint _strongRule = new() { Color = SKColors.Black, StrokeWidth = 0.7f, IsAntialias = true };
    private SKPictureRecorder? _recorder;
    private SKCanvas _canvas = null!;
    private float _y;

    public PdfLayout(string title, string subject, DateTime created)
    {
        (_title, _subject, _created) = (title, subject, created);
        _body = new SKFont(ReportFonts.RegularTypeface, 9.5f);
        _bold = new SKFont(ReportFonts.BoldTypeface, 9.5f);
        _small = new SKFont(ReportFonts.RegularTypeface, 7.5f);
        NewPage();
    }

    public void Heading(string text, float size)
    {
        using var font = new SKFont(ReportFonts.BoldTypeface, size);
        var lines = Wrap(text, font, Width);
        // A heading keeps at least a few lines of what follows it on its page.
        Need((lines.Count * size * 1.25f) + 60);
        _y += size * 0.5f;
        foreach (var line in lines)
        {
            _y += size * 1.25f;
            _canvas.DrawText(line, Margin, _y - (size * 0.25f), SKTextAlign.Left, font, _ink);
        }
        _y += 3;
    }

    public void Paragraph(string text, bool bold = false)
    {
        var font = bold ? _bold : _body;
        foreach (var line in Wrap(text, font, Width))
        {
            Line(line, font, Margin);
        }
        _y += 3;
    }

    public void Bullets(IEnumerable<string> items)
    {
        foreach (var item in items)
        {
            var lines = Wrap(item, _body, Width - 12);
            for (var i = 0; i < lines.Count; i++)
            {
                if (i == 0)
                {
                    Need(LineHeight(_body));
                    _canvas.DrawText("•", Margin + 2, _y + LineHeight(_body) - (_body.Size * 0.3f), SKTextAlign.Left, _body, _ink);
                }
                Line(lines[i], _body, Margin + 12);
            }
        }
        _y += 3;
    }

    /// <summary>A table: a bold header row, repeated on each new page; its widths are shares of the width; number
    /// columns are aligned right.</summary>
    public void Table(ReportTable table)
    {
        var (headers, rows, right) = (table.Headers, table.Rows, table.Numeric);
        var total = table.Widths.Sum();
        var columns = table.Widths.Select(w => w / total * Width).ToArray();
        void Row(IReadOnlyList<string> cells, SKFont font, bool header)
        {
            var wrapped = cells.Select((c, i) => Wrap(c, font, columns[i] - 6)).ToList();
            var height = (wrapped.Max(w => Math.Max(1, w.Count)) * LineHeight(font)) + 4;
            if (_y + height > Bottom)
            {
                NewPage();
                if (!header)
                {
                    Row(headers, _bold, header: true);
                }
            }
            var x = Margin;
            for (var i = 0; i < cells.Count; i++)
            {
                var lineY = _y + 2;
                var alignRight = right.Contains(i);
                foreach (var line in wrapped[i])
                {
                    lineY += LineHeight(font);
                    _canvas.DrawText(line, alignRight ? x + columns[i] - 3 : x + 3, lineY - (font.Size * 0.3f), alignRight ? SKTextAlign.Right : SKTextAlign.Left, font, _ink);
                }
                x += columns[i];
            }
            _y += height;
            _canvas.DrawLine(Margin, _y, Margin + Width, _y, header ? _strongRule : _rule);
        }
        Need((LineHeight(_bold) * 2) + 12);
        Row(headers, _bold, header: true);
        foreach (var row in rows)
        {
            Row(row, _body, header: false);
        }
        _y += 8;
    }

    /// <summary>A drawing <paramref name="height"/> points high across the width, drawn by <paramref name="draw"/> into
    /// the given canvas and rectangle (vector, as it is drawn).</summary>
    public void Drawing(float height, Action<SKCanvas, SKRect> draw)
    {
        Need(height + 6);
        draw(_canvas, new SKRect(Margin, _y, Margin + Width, _y + height));
        _y += height + 6;
    }

    /// <summary>Starts a new page (unless the current one is still empty).</summary>
    public void PageBreak()
    {
        if (_y > Margin)
        {
            NewPage();
        }
    }

    /// <summary>Writes every page with its footer (<paramref name="footer"/> and "page N of M") and gives the PDF bytes.</summary>
    public byte[] Finish(string footer)
    {
        EndPage();
        using var output = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = _title,
            Subject = _subject,
            Creator = "OpenSLM",
            Producer = "OpenSLM (SkiaSharp)",
            Creation = _created,
            Modified = _created,
        };
        using (var document = SKDocument.CreatePdf(output, metadata))
        {
            for (var i = 0; i < _pages.Count; i++)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                canvas.DrawPicture(_pages[i]);
                var y = PageHeight - Margin + 6;
                canvas.DrawLine(Margin, y - 12, PageWidth - Margin, y - 12, _rule);
                canvas.DrawText(footer, Margin, y, SKTextAlign.Left, _small, _grey);
                canvas.DrawText($"page {i + 1} of {_pages.Count}", PageWidth - Margin, y, SKTextAlign.Right, _small, _grey);
                document.EndPage();
            }
            document.Close();
        }
        return output.ToArray();
    }

    public void Dispose()
    {
        _recorder?.Dispose();
        foreach (var page in _pages)
        {
            page.Dispose();
        }
        _body.Dispose();
        _bold.Dispose();
        _small.Dispose();
        _ink.Dispose();
        _grey.Dispose();
        _rule.Dispose();
        _strongRule.Dispose();
    }

    private static float LineHeight(SKFont font) => font.Size * 1.3f;

    private void Line(string text, SKFont font, float x)
    {
        Need(LineHeight(font));
        _y += LineHeight(font);
        _canvas.DrawText(text, x, _y - (font.Size * 0.3f), SKTextAlign.Left, font, _ink);
    }

    private void Need(float height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    private void NewPage()
    {
        EndPage();
        _recorder = new SKPictureRecorder();
        _canvas = _recorder.BeginRecording(new SKRect(0, 0, PageWidth, PageHeight));
        _y = Margin;
    }

    private void EndPage()
    {
        if (_recorder is null)
        {
            return;
        }
        _pages.Add(_recorder.EndRecording());
        _recorder.Dispose();
        _recorder = null;
    }

    /// <summary>Words wrapped to <paramref name="width"/>; a word longer than the width is cut.</summary>
    private static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = string.Empty;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (font.MeasureText(candidate) <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line);
                }
                line = word;
                while (line.Length > 1 && font.MeasureText(line) > width)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && font.MeasureText(line[..cut]) > width)
                    {
                        cut--;
                    }
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }
}
