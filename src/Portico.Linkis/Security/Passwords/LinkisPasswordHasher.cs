using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portico.Security.Linkis.Passwords;

/// <summary>
/// Salted PBKDF2-HMAC-SHA256 password hashes for the local users file, written as
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;Base64 salt&gt;$&lt;Base64 hash&gt;</c>.
/// </summary>
public static class LinkisPasswordHasher
{
    /// <summary>The scheme prefix of a hash.</summary>
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>Iterations used by <see cref="Hash(string)"/> (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>The fewest iterations a stored hash may use; weaker hashes are refused when the file is read.</summary>
    public const int MinIterations = 100_000;

    private const int SaltSize = 16;
    private const int HashSize = 32;

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt and <see cref="DefaultIterations"/>.</summary>
    public static string Hash(string password) => Hash(password, DefaultIterations);

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt and <paramref name="iterations"/> (at least <see cref="MinIterations"/>).</summary>
    public static string Hash(string password, int iterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashSize);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Checks <paramref name="password"/> against <paramref name="encodedHash"/> in constant time; false for a malformed hash.</summary>
    public static bool Verify(string password, string encodedHash)
    {
        ArgumentNullException.ThrowIfNull(password);
        return TryParse(encodedHash, out var hash) && hash.Matches(password);
    }

    internal static bool TryParse(string? encoded, out ParsedHash hash)
    {
        hash = default;
        if (encoded is null)
        {
            return false;
        }

        var parts = encoded.Split('$');
        if (parts.Length != 4
            || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < MinIterations)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            if (salt.Length < 8 || expected.Length < 16)
            {
                return false;
            }

            hash = new ParsedHash(iterations, salt, expected);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A decoded hash, ready to check passwords against.</summary>
    internal readonly record struct ParsedHash(int Iterations, byte[] Salt, byte[] Expected)
    {
        public bool Matches(string password)
        {
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Salt, Iterations, HashAlgorithmName.SHA256, Expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, Expected);
        }
    }
}
