using System.Text;
using OpenSlm.Interop.Yaml;

namespace OpenSlm.Interop.Documents;

/// <summary>
/// How large a file the command line reads (docs/limits.md). A file is read only up to its limit, whatever size it
/// claims, so a huge or endless one (a device, a file still growing) is refused, never loaded whole.
/// </summary>
public static class InputFiles
{
    /// <summary>Bytes of a YAML or iCalendar file: the characters one YAML text may hold.</summary>
    public const long MaxTextBytes = YamlLimits.MaxChars;

    /// <summary>Bytes of a CSV file of measurements or ticket updates (read as a stream; tens of millions of rows).</summary>
    public const long MaxCsvBytes = 1L << 30;

    /// <summary>What is said of a file past <paramref name="max"/> bytes.</summary>
    public static string TooLarge(long max) => $"is larger than {max:N0} bytes, the most OpenSLM reads of such a file.";

    /// <summary>Null when <paramref name="path"/> claims at most <paramref name="max"/> bytes; else what is wrong.</summary>
    public static string? Check(string path, long max) => new FileInfo(path).Length > max ? TooLarge(max) : null;

    /// <summary>The text of <paramref name="path"/> (UTF-8), read up to <see cref="MaxTextBytes"/>, or the error that stopped it.</summary>
    public static (string? Text, DocumentError? Error) ReadText(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        using var bytes = new MemoryStream();
        var buffer = new byte[1 << 16];
        int read;
        while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (bytes.Length + read > MaxTextBytes)
            {
                return (null, new DocumentError(new SourceLocation(path, 0, 0), string.Empty, TooLarge(MaxTextBytes)));
            }
            bytes.Write(buffer, 0, read);
        }
        return (new UTF8Encoding(false).GetString(bytes.GetBuffer(), 0, (int)bytes.Length) is var text && text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text, null);
    }
}

/// <summary>A reader past one of <see cref="BoundedReader"/>'s limits.</summary>
public sealed class InputTooLargeException(string message, int line) : Exception(message)
{
    /// <summary>The line it was on (1-based).</summary>
    public int Line { get; } = line;
}

/// <summary>
/// A text reader that stops a stream at a number of characters in all and in one line, so that no CSV file, however
/// large or malformed (one endless line, a device), is buffered past them by the parser reading it.
/// </summary>
public sealed class BoundedReader(TextReader inner, long maxChars, int maxLineChars) : TextReader
{
    private long _total;
    private int _line = 1;
    private int _lineChars;

    /// <summary>The most characters one line may hold.</summary>
    public const int DefaultMaxLineChars = 1 << 20;

    /// <inheritdoc />
    public override int Peek() => inner.Peek();

    /// <inheritdoc />
    public override int Read()
    {
        var c = inner.Read();
        if (c >= 0)
        {
            Count([(char)c]);
        }
        return c;
    }

    /// <inheritdoc />
    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    /// <inheritdoc />
    public override int Read(Span<char> buffer)
    {
        var read = inner.Read(buffer);
        Count(buffer[..read]);
        return read;
    }

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    /// <inheritdoc />
    public override Task<int> ReadAsync(char[] buffer, int index, int count) => Task.FromResult(Read(buffer, index, count));

    private void Count(ReadOnlySpan<char> chars)
    {
        _total += chars.Length;
        if (_total > maxChars)
        {
            throw new InputTooLargeException($"is larger than {maxChars:N0} characters, the most OpenSLM reads of such a file.", _line);
        }
        foreach (var c in chars)
        {
            if (c == '\n')
            {
                (_line, _lineChars) = (_line + 1, 0);
            }
            else if (++_lineChars > maxLineChars)
            {
                throw new InputTooLargeException($"line {_line} is longer than {maxLineChars:N0} characters.", _line);
            }
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
