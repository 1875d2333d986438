using System.Globalization;
using CsvHelper;
using NodaTime;
using NodaTime.Text;
using OpenSlm.Core.Catalogue;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Yaml;

namespace OpenSlm.Interop.Measurements;

/// <summary>One measurement row: counts for ratio indicators, or a value for threshold ones.</summary>
/// <param name="Line">The row's line in the file (the header is line 1).</param>
/// <param name="At">When it was measured.</param>
/// <param name="Indicator">The indicator's name.</param>
/// <param name="Good">Good events (given directly, or total − bad).</param>
/// <param name="Total">All events.</param>
/// <param name="Value">The measured value.</param>
public sealed record MeasurementRow(int Line, Instant At, string Indicator, long? Good, long? Total, decimal? Value);

/// <summary>The rows read, or every problem found (then no row is returned).</summary>
public sealed record MeasurementFile(IReadOnlyList<MeasurementRow> Rows, IReadOnlyList<DocumentError> Errors)
{
    /// <summary>Whether the file was read without error.</summary>
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Reads measurement CSV with a header: <c>timestamp,indicator,good,total</c>, <c>timestamp,indicator,bad,total</c>
/// or <c>timestamp,indicator,value</c> (columns in any order, names case-insensitive). Timestamps are ISO 8601
/// with Z or an offset. A file with any bad row is refused whole; every bad row is listed by line.
/// </summary>
public static class MeasurementCsv
{
    /// <summary>Reads a file.</summary>
    public static MeasurementFile ReadFile(string path)
    {
        if (Documents.InputFiles.Check(path, Documents.InputFiles.MaxCsvBytes) is { } tooLarge)
        {
            return new MeasurementFile([], [new DocumentError(new SourceLocation(path, 0, 0), string.Empty, tooLarge)]);
        }
        using var reader = new Documents.BoundedReader(new StreamReader(path), Documents.InputFiles.MaxCsvBytes, Documents.BoundedReader.DefaultMaxLineChars);
        try
        {
            return Read(reader, path);
        }
        catch (Documents.InputTooLargeException ex)
        {
            return new MeasurementFile([], [new DocumentError(new SourceLocation(path, ex.Line, 0), string.Empty, ex.Message)]);
        }
    }

    /// <summary>Reads CSV text from <paramref name="reader"/>; <paramref name="file"/> names it in errors.</summary>
    public static MeasurementFile Read(TextReader reader, string file)
    {
        var options = new CsvReaderOptions { TrackLineNumbers = true, TrimWhitespace = true, SkipEmptyLines = true, FormatProvider = CultureInfo.InvariantCulture };
        using var csv = CsvReader.Create(reader, options, false);
        var problems = new BadRows(file, "rows");
        var rows = new List<MeasurementRow>();

        csv.ReadHeader();
        var header = csv.Headers;
        if (header.Count == 0)
        {
            return new MeasurementFile([], [new DocumentError(new SourceLocation(file, 1, 0), string.Empty,
                "is empty: expected a header timestamp,indicator,good,total (or bad,total, or value).")]);
        }
        if (header.Select(name => name.Trim().ToLowerInvariant()).GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            return new MeasurementFile([], [new DocumentError(new SourceLocation(file, 1, 0), "header",
                $"names the column '{repeated.Key}' {repeated.Count()} times: each column needs its own name.")]);
        }
        var columns = header.Select((name, i) => (name.Trim().ToLowerInvariant(), i)).ToDictionary(c => c.Item1, c => c.i);
        int Column(string name) => columns.TryGetValue(name, out var i) ? i : -1;
        var (ts, ind, good, bad, total, value) = (Column("timestamp"), Column("indicator"), Column("good"), Column("bad"), Column("total"), Column("value"));
        var counts = total >= 0 && (good >= 0) != (bad >= 0) && value < 0;
        var values = value >= 0 && good < 0 && bad < 0 && total < 0;
        var (countField, count) = good >= 0 ? ("good", good) : ("bad", bad);
        if (ts < 0 || ind < 0 || !(counts || values))
        {
            return new MeasurementFile([], [new DocumentError(new SourceLocation(file, 1, 0), "header",
                $"'{string.Join(",", header)}' is not a measurement header: expected timestamp,indicator,good,total or timestamp,indicator,bad,total or timestamp,indicator,value.")]);
        }

        while (csv.Read())
        {
            var line = (int)csv.LineNumber;
            string Field(int i) => i < csv.FieldCount ? csv.GetString(i) : string.Empty;
            var before = problems.Count;
            var at = InstantText.TryParse(Field(ts));
            if (at is null)
            {
                problems.Add(line, "timestamp", $"'{Field(ts)}' is not an instant: {InstantText.Expected}.");
            }
            var indicator = Field(ind);
            if (ResourceName.Check(indicator) is { } nameError)
            {
                problems.Add(line, "indicator", nameError);
            }
            long? g = null, t = null;
            decimal? v = null;
            if (counts)
            {
                t = Count(Field(total), line, "total", problems);
                if (Count(Field(count), line, countField, problems) is { } n && t is { } all)
                {
                    g = problems.Good(line, countField, n, all);
                }
            }
            else if (decimal.TryParse(Field(value), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                v = parsed;
            }
            else
            {
                problems.Add(line, "value", $"'{Field(value)}' is not a number.");
            }
            if (problems.Count == before)
            {
                rows.Add(new MeasurementRow(line, at!.Value, indicator, g, t, v));
            }
        }
        return problems.Result(rows);
    }

    private static long? Count(string text, int line, string field, BadRows problems)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        problems.Add(line, field, $"'{text}' is not a whole number of events (0 or more).");
        return null;
    }
}
