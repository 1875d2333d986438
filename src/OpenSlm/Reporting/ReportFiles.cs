using System.Text;
using System.Text.Json;
using OpenSlm.Core.Reporting;
using OpenSlm.Hosting;
using OpenSlm.Reports;

namespace OpenSlm.Reporting;

/// <summary>A report written as a file: its bytes and media type.</summary>
public sealed record ReportFile(byte[] Content, string ContentType);

/// <summary>Reports as files in each format (pdf, html, csv, json), for the CLI and scheduled e-mails.</summary>
public static class ReportFiles
{
    /// <summary>An agreement's report in <paramref name="format"/>.</summary>
    public static ReportFile Of(AgreementReport report, string format) => format switch
    {
        "html" => new(Encoding.UTF8.GetBytes(ReportHtml.Write(report)), "text/html"),
        "csv" => new(Encoding.UTF8.GetBytes(ReportCsv.Write(report)), "text/csv"),
        "json" => new(JsonSerializer.SerializeToUtf8Bytes(AgreementReportDto.Of(report), SlmServer.ApiJson), "application/json"),
        _ => new(ReportPdf.Write(report), "application/pdf"),
    };

    /// <summary>A customer's report in <paramref name="format"/>.</summary>
    public static ReportFile Of(CustomerReport report, string format) => format switch
    {
        "html" => new(Encoding.UTF8.GetBytes(ReportHtml.Write(report)), "text/html"),
        "csv" => new(Encoding.UTF8.GetBytes(ReportCsv.Write(report)), "text/csv"),
        "json" => new(JsonSerializer.SerializeToUtf8Bytes(CustomerReportDto.Of(report), SlmServer.ApiJson), "application/json"),
        _ => new(ReportPdf.Write(report), "application/pdf"),
    };
}
