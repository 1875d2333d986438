namespace OpenSlm.Reports;

/// <summary>
/// Text cells of every CSV OpenSLM writes, made safe to open in a spreadsheet: a cell that starts with <c>=</c>,
/// <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return would be read as a formula (CSV injection), so it is written
/// with a leading apostrophe, as OWASP recommends. Numbers OpenSLM formats itself (a negative budget left) are not text
/// cells and are written as they are.
/// </summary>
public static class CsvCell
{
    /// <summary><paramref name="text"/> as a cell no spreadsheet runs as a formula.</summary>
    public static string Text(string? text) =>
        text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text ?? string.Empty;
}
