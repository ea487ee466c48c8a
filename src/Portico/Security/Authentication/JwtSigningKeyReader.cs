using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;
using Portico.Configuration;

namespace Portico.Security.Authentication;

/// <summary>Turns configured signing keys into security keys, at configuration load.</summary>
internal static class JwtSigningKeyReader
{
    /// <summary>Shortest HMAC secret accepted: 256 bits, as RFC 7518 requires for HS256.</summary>
    public const int MinimumSecretBytes = 32;

    private const string Field = "authentication.jwt.signing-keys";

    /// <summary>Reads every key, recording an error for each one that cannot be used.</summary>
    public static List<SecurityKey> Read(IReadOnlyList<JwtSigningKeyConfig> keys, List<ConfigError> errors)
    {
        var result = new List<SecurityKey>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            if (Read(keys[i], $"{Field}[{i}]", errors) is { } key)
            {
                result.Add(key);
            }
        }

        return result;
    }

    private static SecurityKey? Read(JwtSigningKeyConfig config, string field, List<ConfigError> errors)
    {
        var sources = (string.IsNullOrWhiteSpace(config.Secret) ? 0 : 1)
            + (string.IsNullOrWhiteSpace(config.PublicKey) ? 0 : 1)
            + (string.IsNullOrWhiteSpace(config.PublicKeyFile) ? 0 : 1);
        if (sources != 1)
        {
            errors.Add(new ConfigError(null, field, sources == 0 ? "has no key." : "sets more than one of secret, public-key and public-key-file.", "Give each signing key exactly one of secret (base64), public-key (PEM) or public-key-file."));
            return null;
        }

        var key = config.Secret is { } secret && !string.IsNullOrWhiteSpace(secret)
            ? ReadSecret(secret.Trim(), field, errors)
            : ReadPem(config, field, errors);
        if (key is not null && !string.IsNullOrWhiteSpace(config.Id))
        {
            key.KeyId = config.Id.Trim();
        }

        return key;
    }

    private static SymmetricSecurityKey? ReadSecret(string text, string field, List<ConfigError> errors)
    {
        byte[] bytes;
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            bytes = buffer[..written];
        }
        else
        {
            try
            {
                bytes = Base64Url.DecodeFromChars(text);
            }
            catch (FormatException)
            {
                errors.Add(new ConfigError(null, $"{field}.secret", "is not base64.", "Write the HMAC secret in base64 or base64url (e.g. openssl rand -base64 32)."));
                return null;
            }
        }

        if (bytes.Length < MinimumSecretBytes)
        {
            errors.Add(new ConfigError(null, $"{field}.secret", $"is {bytes.Length * 8} bits; HMAC secrets must have at least {MinimumSecretBytes * 8}.", "Use a random secret of at least 32 bytes (openssl rand -base64 32)."));
            return null;
        }

        return new SymmetricSecurityKey(bytes);
    }

    private static SecurityKey? ReadPem(JwtSigningKeyConfig config, string field, List<ConfigError> errors)
    {
        string pem;
        var at = config.PublicKeyFile is null ? $"{field}.public-key" : $"{field}.public-key-file";
        if (!string.IsNullOrWhiteSpace(config.PublicKeyFile))
        {
            try
            {
                pem = File.ReadAllText(config.PublicKeyFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new ConfigError(null, at, $"'{config.PublicKeyFile}' cannot be read: {ex.Message}", "Point public-key-file at a readable PEM file."));
                return null;
            }
        }
        else
        {
            pem = config.PublicKey!;
        }

        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            errors.Add(new ConfigError(null, at, "holds a private key.", "Give the public key only (openssl pkey -pubout); the gateway verifies tokens and must not hold signing keys."));
            return null;
        }

        if (pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            try
            {
                return new X509SecurityKey(X509Certificate2.CreateFromPem(pem));
            }
            catch (CryptographicException)
            {
                errors.Add(new ConfigError(null, at, "is not a valid PEM certificate.", "Give a PEM certificate or public key."));
                return null;
            }
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            return new ECDsaSecurityKey(ecdsa);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();
        }

        errors.Add(new ConfigError(null, at, "is not a PEM RSA or EC public key.", "Give a PEM public key (BEGIN PUBLIC KEY) or certificate (BEGIN CERTIFICATE)."));
        return null;
    }
}
