using System.Security.Cryptography;
using System.Text;

namespace Portico.Security.Authentication;

/// <summary>Hashes API keys the way <see cref="ApiKeyClientConfig.KeySha256"/> expects.</summary>
public static class ApiKeyHash
{
    /// <summary>The SHA-256 of the key's UTF-8 bytes as 64 lower-case hex digits.</summary>
    public static string Compute(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
