using System.Text;
using System.Text.Json;
using OpenSlm.Core.Reporting;
using OpenSlm.Hosting;
using OpenSlm.Reports;

namespace OpenSlm.Reporting;

/// <summary>A report written as a file: its bytes, media type and name (SUBJECT-PERIOD.FORMAT).</summary>
public sealed record ReportFile(byte[] Content, string ContentType, string FileName);

/// <summary>Reports as files in each format (pdf, html, csv, json), for the API, the CLI and scheduled e-mails.</summary>
public static class ReportFiles
{
    /// <summary>An agreement's report in <paramref name="format"/>.</summary>
    public static ReportFile Of(AgreementReport report, string format)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Make(format, $"{report.Agreement}-{report.Period.Key}", () => ReportHtml.Write(report), () => ReportCsv.Write(report),
            () => JsonSerializer.SerializeToUtf8Bytes(AgreementReportDto.Of(report), SlmServer.ApiJson), () => ReportPdf.Write(report));
    }

    /// <summary>A customer's report in <paramref name="format"/>.</summary>
    public static ReportFile Of(CustomerReport report, string format)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Make(format, $"{report.Customer}-{report.Period.Key}", () => ReportHtml.Write(report), () => ReportCsv.Write(report),
            () => JsonSerializer.SerializeToUtf8Bytes(CustomerReportDto.Of(report), SlmServer.ApiJson), () => ReportPdf.Write(report));
    }

    private static ReportFile Make(string format, string name, Func<string> html, Func<string> csv, Func<byte[]> json, Func<byte[]> pdf) => format switch
    {
        "html" => new(Encoding.UTF8.GetBytes(html()), "text/html; charset=utf-8", $"{name}.html"),
        "csv" => new(Encoding.UTF8.GetBytes(csv()), "text/csv; charset=utf-8", $"{name}.csv"),
        "json" => new(json(), "application/json; charset=utf-8", $"{name}.json"),
        _ => new(pdf(), "application/pdf", $"{name}.pdf"),
    };
}
