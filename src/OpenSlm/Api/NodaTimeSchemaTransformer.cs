using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NodaTime;
using OpenSlm.Core.Calendars;

namespace OpenSlm.Api;

/// <summary>
/// Describes the types OpenSLM writes as text (instants, dates, service-hour ranges, enums by name)
/// as the strings they are on the wire, so the OpenAPI document matches the JSON.
/// </summary>
internal sealed class NodaTimeSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var nullable = Nullable.GetUnderlyingType(type) is not null;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            // OpenSLM reads text leniently (a YAML number is text where text is expected); on the wire it is a string.
            Text(schema, nullable: false, null, null);
        }
        else if (type == typeof(Instant))
        {
            // Instants and dates are shared components (referenced, nullable or not): the component is the string itself,
            // whichever use of it the generator meets first.
            Text(schema, nullable: false, "date-time", "An instant in UTC, ISO 8601 (e.g. 2025-03-01T22:00:00Z).");
        }
        else if (type == typeof(LocalDate))
        {
            Text(schema, nullable: false, "date", "A date, yyyy-MM-dd.");
        }
        else if (type == typeof(TimeRange))
        {
            Text(schema, nullable, null, "Local service hours HH:mm-HH:mm; 24:00 ends at midnight.");
            schema.Pattern = "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?-[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$";
        }
        else if (type.IsEnum)
        {
            Text(schema, nullable, null, null);
            schema.Enum = [.. Enum.GetNames(type).Select(n => (JsonNode)JsonValue.Create(n)!)];
        }
        return Task.CompletedTask;
    }

    private static void Text(OpenApiSchema schema, bool nullable, string? format, string? description)
    {
        schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        schema.Format = format;
        schema.Properties?.Clear();
        schema.Description ??= description;
    }
}
