using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Portico.Tests.Security.Authentication;

/// <summary>Signing keys and tokens for the JWT tests, minted with the same library the gateway validates with.</summary>
internal static class TestTokens
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "orders";

    /// <summary>The 32-byte HMAC secret the test configurations trust, in base64.</summary>
    public static readonly string SecretBase64 = Convert.ToBase64String(Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"));

    public static SymmetricSecurityKey TrustedSecret { get; } = new(Convert.FromBase64String(SecretBase64));

    public static SymmetricSecurityKey OtherSecret { get; } = new(Encoding.ASCII.GetBytes("fedcba9876543210fedcba9876543210"));

    /// <summary>A token from <see cref="Issuer"/> for <see cref="Audience"/>, valid from a minute before <paramref name="now"/> for ten minutes.</summary>
    public static string Create(DateTimeOffset now, SecurityKey? key = null, string? algorithm = null, Action<SecurityTokenDescriptor>? edit = null)
    {
        key ??= TrustedSecret;
        algorithm ??= key switch
        {
            RsaSecurityKey => SecurityAlgorithms.RsaSha256,
            ECDsaSecurityKey => SecurityAlgorithms.EcdsaSha256,
            _ => SecurityAlgorithms.HmacSha256,
        };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime.AddMinutes(-1),
            NotBefore = now.UtcDateTime.AddMinutes(-1),
            Expires = now.UtcDateTime.AddMinutes(10),
            Claims = new Dictionary<string, object> { ["sub"] = "alice", ["scope"] = "orders.read orders.write", ["roles"] = new[] { "reader", "auditor" } },
            SigningCredentials = new SigningCredentials(key, algorithm),
        };
        edit?.Invoke(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with the given signature part.</summary>
    public static string Unsigned(DateTimeOffset now, string signature = "")
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var exp = now.AddMinutes(10).ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode($$"""{"iss":"{{Issuer}}","aud":"{{Audience}}","sub":"mallory","exp":{{exp}}}""");
        return $"{header}.{payload}.{signature}";
    }

    /// <summary>A new RSA key pair.</summary>
    public static RsaSecurityKey NewRsaKey(string? kid = null) => new(RSA.Create(2048)) { KeyId = kid };

    /// <summary>A new P-256 key pair.</summary>
    public static ECDsaSecurityKey NewEcKey(string? kid = null) => new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = kid };

    /// <summary>The public half of a key as PEM.</summary>
    public static string PublicPem(SecurityKey key) => key switch
    {
        RsaSecurityKey rsa => rsa.Rsa.ExportSubjectPublicKeyInfoPem(),
        ECDsaSecurityKey ec => ec.ECDsa.ExportSubjectPublicKeyInfoPem(),
        _ => throw new ArgumentException("Not an asymmetric key.", nameof(key)),
    };

    /// <summary>A JWKS document holding the public halves of RSA keys.</summary>
    public static string Jwks(params RsaSecurityKey[] keys)
    {
        var entries = keys.Select(k =>
        {
            var p = k.Rsa.ExportParameters(false);
            return $$"""{"kty":"RSA","use":"sig","alg":"RS256","kid":"{{k.KeyId}}","n":"{{Base64UrlEncoder.Encode(p.Modulus)}}","e":"{{Base64UrlEncoder.Encode(p.Exponent)}}"}""";
        });
        return $$"""{"keys":[{{string.Join(",", entries)}}]}""";
    }

    /// <summary><paramref name="text"/> as a YAML block scalar indented by <paramref name="indent"/> spaces.</summary>
    public static string YamlBlock(string text, int indent)
    {
        var pad = new string(' ', indent);
        return "|\n" + string.Join("\n", text.TrimEnd().Split('\n').Select(l => pad + l));
    }
}
