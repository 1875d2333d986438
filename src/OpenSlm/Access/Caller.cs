using OpenSlm.Core.Access;

namespace OpenSlm.Access;

/// <summary>The resolved caller of a request, kept on its <see cref="HttpContext"/> by authentication.</summary>
public static class Caller
{
    private static readonly object Key = new();

    /// <summary>The caller; null when the request carries no valid identity.</summary>
    public static Principal? Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items.TryGetValue(Key, out var value) ? value as Principal : null;
    }

    /// <summary>The caller of a request that passed authorization (every handler but the public ones).</summary>
    public static Principal Required(HttpContext http) =>
        Of(http) ?? throw new InvalidOperationException("No caller on a request that passed authorization: the endpoint lacks a policy.");

    internal static void Set(HttpContext http, Principal principal) => http.Items[Key] = principal;

    /// <summary>The client's address as the log records it.</summary>
    public static string? Address(HttpContext http) => http?.Connection.RemoteIpAddress?.ToString();
}
