namespace Portico.Security.Authentication;

/// <summary>
/// JWT bearer validation (<c>portico.authentication.jwt</c>): tokens from <c>Authorization: Bearer</c>, signed with one
/// of the configured keys or a key of the JWKS file, from a listed issuer, for a listed audience, within their
/// lifetime (with clock skew). Unsigned tokens (<c>alg: none</c>) are always refused.
/// </summary>
public sealed record JwtAuthenticationConfig
{
    /// <summary>Accepted <c>iss</c> values; at least one is required.</summary>
    public IReadOnlyList<string> Issuers { get; init; } = [];

    /// <summary>Accepted <c>aud</c> values; at least one is required, so a token minted for another API is refused.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>Tolerated difference between the issuer's clock and the gateway's when checking <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Signing keys: base64 secrets (HMAC) or PEM public keys and certificates (RSA, EC).</summary>
    public IReadOnlyList<JwtSigningKeyConfig> SigningKeys { get; init; } = [];

    /// <summary>A JSON Web Key Set file; watched, so keys can be rotated by rewriting it.</summary>
    public string? JwksFile { get; init; }

    /// <summary>Accepted <c>alg</c> values (e.g. <c>RS256</c>); empty accepts every HMAC, RSA and ECDSA algorithm the keys support.</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = [];

    /// <summary>Claims every token must carry (e.g. <c>sub</c>).</summary>
    public IReadOnlyList<string> RequiredClaims { get; init; } = [];

    /// <summary>The claim holding the token's scopes, space-separated (OAuth's <c>scope</c>); <c>scp</c> is read too.</summary>
    public string ScopeClaim { get; init; } = "scope";

    /// <summary>The claim holding the caller's roles (a string or an array).</summary>
    public string RoleClaim { get; init; } = "roles";

    /// <summary>
    /// A request header set to the token's <c>sub</c> for the upstream (e.g. <c>X-Auth-Subject</c>); off when unset.
    /// Any value a client sends in this header is removed, on every route.
    /// </summary>
    public string? SubjectHeader { get; init; }

    /// <summary>Remove the <c>Authorization</c> header before forwarding a request authenticated by a token.</summary>
    public bool StripCredentials { get; init; }

    /// <inheritdoc />
    public bool Equals(JwtAuthenticationConfig? other) =>
        other is not null
        && Issuers.SequenceEqual(other.Issuers)
        && Audiences.SequenceEqual(other.Audiences)
        && ClockSkew == other.ClockSkew
        && SigningKeys.SequenceEqual(other.SigningKeys)
        && JwksFile == other.JwksFile
        && Algorithms.SequenceEqual(other.Algorithms)
        && RequiredClaims.SequenceEqual(other.RequiredClaims)
        && ScopeClaim == other.ScopeClaim
        && RoleClaim == other.RoleClaim
        && SubjectHeader == other.SubjectHeader
        && StripCredentials == other.StripCredentials;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Issuers.Count, Audiences.Count, SigningKeys.Count, JwksFile);
}
