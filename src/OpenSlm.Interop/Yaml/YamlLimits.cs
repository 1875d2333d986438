namespace OpenSlm.Interop.Yaml;

/// <summary>
/// How much YAML one read accepts, for the API and the command line alike (docs/limits.md). Far above any real catalogue
/// (the demo's whole catalogue is about 600 values, 6 deep), far below what could exhaust a server.
/// </summary>
public static class YamlLimits
{
    /// <summary>Characters in one text.</summary>
    public const int MaxChars = 8 * 1024 * 1024;

    /// <summary>How deep values may nest (a document's top mapping is level 1).</summary>
    public const int MaxDepth = 64;

    /// <summary>Values in one text, each alias counted as the values it repeats.</summary>
    public const int MaxNodes = 500_000;
}
