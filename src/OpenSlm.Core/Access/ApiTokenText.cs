using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpenSlm.Core.Access;

/// <summary>
/// The text of an API token, <c>slm_ID_SECRET</c>: the id finds the stored record, the secret (32 random bytes,
/// base64url) is checked against its SHA-256, which is all the store keeps. A secret of 256 random bits needs no slow
/// hash: nobody can guess it, and a stolen store gives nothing that signs in.
/// </summary>
public static class ApiTokenText
{
    /// <summary>What every token starts with, so secret scanners and logs can recognise one.</summary>
    public const string Prefix = "slm_";

    private const int SecretBytes = 32;

    /// <summary>A new token text for the record <paramref name="id"/>, with the hash to store.</summary>
    public static (string Text, string Hash) Create(long id)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        return ($"{Prefix}{id.ToString(CultureInfo.InvariantCulture)}_{secret}", Hash(secret));
    }

    /// <summary>Reads a presented token into its id and secret; false for anything that is not a token's shape.</summary>
    public static bool TryParse(string? text, out long id, out string secret)
    {
        id = 0;
        secret = string.Empty;
        if (text is null || text.Length > 200 || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = text.AsSpan(Prefix.Length);
        var cut = rest.IndexOf('_');
        if (cut <= 0 || !long.TryParse(rest[..cut], NumberStyles.None, CultureInfo.InvariantCulture, out id) || id <= 0)
        {
            return false;
        }
        secret = rest[(cut + 1)..].ToString();
        return secret.Length == 43 && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
    }

    /// <summary>The stored form of a secret: SHA-256, lower-case hex.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Whether <paramref name="secret"/> is the one <paramref name="storedHash"/> was made from, in constant time.</summary>
    public static bool Matches(string secret, string storedHash)
    {
        var presented = Encoding.ASCII.GetBytes(Hash(secret));
        var stored = Encoding.ASCII.GetBytes(storedHash);
        return CryptographicOperations.FixedTimeEquals(presented, stored);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
