namespace Portico.Security.Authentication;

/// <summary>
/// One JWT signing key (<c>portico.authentication.jwt.signing-keys[n]</c>): exactly one of <see cref="Secret"/>,
/// <see cref="PublicKey"/> or <see cref="PublicKeyFile"/>. Only public keys are accepted for RSA and EC: the gateway
/// verifies tokens and never needs to sign them.
/// </summary>
public sealed record JwtSigningKeyConfig
{
    /// <summary>The key id (<c>kid</c>) tokens name it by; optional, a key without one is tried for every token.</summary>
    public string? Id { get; init; }

    /// <summary>An HMAC secret in base64 or base64url, at least 32 bytes (HS256, HS384, HS512).</summary>
    public string? Secret { get; init; }

    /// <summary>A PEM public key (<c>BEGIN PUBLIC KEY</c>, <c>BEGIN RSA PUBLIC KEY</c>) or certificate (<c>BEGIN CERTIFICATE</c>).</summary>
    public string? PublicKey { get; init; }

    /// <summary>A file holding such a PEM public key or certificate.</summary>
    public string? PublicKeyFile { get; init; }
}
