using System.Text.Json;
using System.Text.Json.Serialization;
using OpenSlm.Core.Evaluation;
using OpenSlm.Core.Reporting;
using OpenSlm.Hosting;

namespace OpenSlm.Reporting;

/// <summary>
/// A report kept exactly as it was published: Core's <see cref="AgreementReport"/> as JSON that reads back into the
/// same record, every decimal to its last digit, so a published report renders in any format with the numbers it was
/// published with.
/// </summary>
public static class ReportSnapshot
{
    private static readonly JsonSerializerOptions Options = Create();

    /// <summary>The report as snapshot JSON.</summary>
    public static string Write(AgreementReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>The report a snapshot holds.</summary>
    public static AgreementReport Read(string json) =>
        JsonSerializer.Deserialize<AgreementReport>(json, Options) ?? throw new JsonException("a report snapshot is empty.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(SlmServer.ApiJson) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };
        options.Converters.Insert(0, new AttainmentConverter());
        options.Converters.Insert(0, new PeriodConverter());
        return options;
    }

    /// <summary>An attainment as its ratio, or null for no data.</summary>
    private sealed class AttainmentConverter : JsonConverter<Attainment>
    {
        public override bool HandleNull => true;

        public override Attainment Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? Attainment.None : new Attainment.Measured(reader.GetDecimal());

        public override void Write(Utf8JsonWriter writer, Attainment value, JsonSerializerOptions options)
        {
            if (value is Attainment.Measured m)
            {
                writer.WriteNumberValue(m.Ratio);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    /// <summary>A period as its key (2025-03, 2025-Q1, 2025, 2025-01-06..2025-02-02).</summary>
    private sealed class PeriodConverter : JsonConverter<ReportPeriod>
    {
        public override ReportPeriod Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReportPeriod.Parse(reader.GetString(), out var error) ?? throw new JsonException(error);

        public override void Write(Utf8JsonWriter writer, ReportPeriod value, JsonSerializerOptions options) => writer.WriteStringValue(value.Key);
    }
}
