using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenSlm.Interop.Json;

/// <summary>
/// The one JSON shape of every record, shared by the REST API, the database and YAML (which is read
/// into JSON first): camelCase fields, enums by name, ISO dates and instants, <c>HH:mm-HH:mm</c> ranges.
/// Unknown fields are refused, so a misspelt field is an error instead of being ignored.
/// </summary>
public static class SpecJson
{
    /// <summary>Options for reading and writing specs.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Adds OpenSLM's converters and conventions to <paramref name="options"/> (used by the host for the API).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.AllowTrailingCommas = true;
        options.RespectNullableAnnotations = true;
        options.ReadCommentHandling = JsonCommentHandling.Skip;
        // Hostile input: a key given twice is refused, not silently the last one; nesting is bounded.
        options.AllowDuplicateProperties = false;
        options.MaxDepth = 64;
        options.Converters.Add(new NamedEnumConverterFactory());
        options.Converters.Add(new LenientStringConverter());
        options.Converters.Add(new LocalDateConverter());
        options.Converters.Add(new InstantConverter());
        options.Converters.Add(new TimeRangeConverter());
        return options;
    }

    private static JsonSerializerOptions Create()
    {
        var options = Configure(new JsonSerializerOptions());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// Turns a <see cref="JsonException"/> into a dotted field path (without <c>$.</c>) and a message
    /// a person can act on.
    /// </summary>
    public static (string Path, string Message) Explain(JsonException ex)
    {
        var path = (ex.Path ?? "$").TrimStart('$').TrimStart('.');
        var message = ex.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }
        const string unmapped = "The JSON property '";
        if (message.StartsWith(unmapped, StringComparison.Ordinal) && message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var name = message[unmapped.Length..message.IndexOf('\'', unmapped.Length)];
            return (path, $"unknown field '{name}': check its spelling against docs/yaml.md.");
        }
        if (message.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal))
        {
            var type = message["The JSON value could not be converted to ".Length..].TrimEnd('.');
            return (path, $"has the wrong type: expected {Describe(type)}.");
        }
        if (message.StartsWith('\'') && message.Contains("is an invalid start of a value", StringComparison.Ordinal))
        {
            return (path, $"is not valid JSON: {message}");
        }
        return (path, message);
    }

    private static string Describe(string clrType) => clrType switch
    {
        "System.Decimal" or "System.Nullable`1[System.Decimal]" => "a number",
        "System.Int32" or "System.Nullable`1[System.Int32]" or "System.Int64" => "a whole number",
        "System.Boolean" => "true or false",
        "System.String" => "text",
        _ when clrType.StartsWith("System.Collections.Generic.IReadOnlyList", StringComparison.Ordinal) => "a list",
        _ when clrType.StartsWith("System.Collections.Generic.IReadOnlyDictionary", StringComparison.Ordinal) => "a mapping of names to text",
        _ => "a mapping with the documented fields",
    };
}
