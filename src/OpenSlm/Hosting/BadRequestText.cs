using System.Text.RegularExpressions;

namespace OpenSlm.Hosting;

/// <summary>The framework's words for a request it could not read, said as OpenSLM says the rest: the parameter, the value, what was expected.</summary>
internal static partial class BadRequestText
{
    public static string Explain(BadHttpRequestException bad)
    {
        if (Bind().Match(bad.Message) is { Success: true } m)
        {
            var name = char.ToLowerInvariant(m.Groups["name"].Value[0]) + m.Groups["name"].Value[1..];
            var expected = m.Groups["type"].Value switch
            {
                "Nullable<int>" or "int" or "Nullable<long>" or "long" => "a whole number",
                "Nullable<bool>" or "bool" => "true or false",
                "Nullable<decimal>" or "decimal" or "Nullable<double>" or "double" => "a number",
                var other => $"a {other}",
            };
            return $"{name}: '{m.Groups["value"].Value}' is not {expected}.";
        }
        return bad.InnerException is System.Text.Json.JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
    }

    [GeneratedRegex("""^Failed to bind parameter "(?<type>\S+) (?<name>\w+)" from "(?<value>.*)"\.$""")]
    private static partial Regex Bind();
}
