using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;
using Portico.Configuration;

namespace Portico.Security.Authentication;

/// <summary>
/// JWT bearer validation with <see cref="JsonWebTokenHandler"/>: issuer, audience, lifetime with clock skew (on the
/// gateway's <see cref="TimeProvider"/>), signature by a configured key or a key of the watched JWKS file, and the
/// required claims. The validation parameters are built once per configuration; the key set is swapped when the
/// JWKS file changes. Refusals name the reason precisely (expired, wrong audience, bad signature, malformed) and never
/// quote the token.
/// </summary>
internal sealed class JwtBearerScheme : IAuthenticationScheme
{
    /// <summary>The algorithms accepted when none are configured: HMAC, RSA (PKCS#1 and PSS) and ECDSA. Never <c>none</c>.</summary>
    public static readonly IReadOnlyList<string> SupportedAlgorithms =
    [
        SecurityAlgorithms.HmacSha256, SecurityAlgorithms.HmacSha384, SecurityAlgorithms.HmacSha512,
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private const string BearerPrefix = "Bearer ";
    private const string Field = "authentication.jwt";
    private const string SubjectClaim = "sub";

    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;
    private readonly JwtKeySet _configuredKeys;
    private readonly JwksFileKeySource? _jwks;
    private readonly string[] _scopeClaims;
    private readonly string _roleClaim;
    private readonly string[] _requiredClaims;
    private readonly string? _subjectHeader;
    private readonly bool _stripCredentials;
    private readonly TimeProvider _time;
    private readonly TimeSpan _clockSkew;
    private readonly string[] _algorithms;
    private KeyRing _ring;

    private JwtBearerScheme(JwtAuthenticationConfig config, JwtKeySet configuredKeys, JwksFileKeySource? jwks, string[] algorithms, TimeProvider time)
    {
        _time = time;
        _clockSkew = config.ClockSkew;
        _algorithms = algorithms;
        _configuredKeys = configuredKeys;
        _jwks = jwks;
        _ring = new KeyRing(null, configuredKeys);
        _scopeClaims = config.ScopeClaim == "scp" ? ["scp"] : [config.ScopeClaim, "scp"];
        _roleClaim = config.RoleClaim;
        _requiredClaims = [.. config.RequiredClaims];
        _subjectHeader = string.IsNullOrWhiteSpace(config.SubjectHeader) ? null : config.SubjectHeader.Trim();
        _stripCredentials = config.StripCredentials;
        _parameters = new TokenValidationParameters
        {
            ValidIssuers = [.. config.Issuers],
            ValidAudiences = [.. config.Audiences],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = config.ClockSkew,
            ValidAlgorithms = algorithms,
            IssuerSigningKeyResolver = ResolveKeys,
            TryAllIssuerSigningKeys = false,
            AuthenticationType = AuthenticationSchemeNames.Jwt,
            NameClaimType = SubjectClaim,
            RoleClaimType = config.RoleClaim,
            LifetimeValidator = ValidateLifetime,
        };
    }

    public string Name => AuthenticationSchemeNames.Jwt;

    public string CredentialDescription => "a bearer token (Authorization: Bearer <token>)";

    public string Challenge => "Bearer";

    /// <summary>The header set to the token's subject, or null.</summary>
    public string? SubjectHeader => _subjectHeader;

    /// <summary>
    /// Compiles the settings; null when JWT is not configured at all. Problems are recorded, and a half-configured
    /// scheme (keys without issuers, say) is an error rather than silently off.
    /// </summary>
    public static JwtBearerScheme? Compile(JwtAuthenticationConfig config, JwksFileStore jwksFiles, TimeProvider time, List<ConfigError> errors)
    {
        var configured = config.SigningKeys.Count > 0 || !string.IsNullOrWhiteSpace(config.JwksFile) || config.Issuers.Count > 0 || config.Audiences.Count > 0;
        if (!configured)
        {
            return null;
        }

        var before = errors.Count;
        if (config.Issuers.Count == 0)
        {
            errors.Add(new ConfigError(null, $"{Field}.issuers", "is empty.", "List the accepted token issuers (the 'iss' claim)."));
        }

        if (config.Audiences.Count == 0)
        {
            errors.Add(new ConfigError(null, $"{Field}.audiences", "is empty.", "List the audiences ('aud') this gateway accepts, so tokens minted for other services are refused."));
        }

        if (config.ClockSkew < TimeSpan.Zero || config.ClockSkew > TimeSpan.FromHours(1))
        {
            errors.Add(new ConfigError(null, $"{Field}.clock-skew", $"'{config.ClockSkew}' is out of range.", "Use a small tolerance such as 30s or 1m (at most 1h)."));
        }

        if (string.IsNullOrWhiteSpace(config.ScopeClaim) || string.IsNullOrWhiteSpace(config.RoleClaim))
        {
            errors.Add(new ConfigError(null, $"{Field}.scope-claim", "scope-claim and role-claim must not be blank.", "Name the claims holding scopes and roles, or leave them unset."));
        }

        if (config.SubjectHeader is { } header && !string.IsNullOrWhiteSpace(header) && !HeaderValues.IsHeaderName(header.Trim()))
        {
            errors.Add(new ConfigError(null, $"{Field}.subject-header", $"'{header}' is not a valid header name.", "Write a header name such as X-Auth-Subject."));
        }

        var algorithms = new List<string>();
        foreach (var alg in config.Algorithms)
        {
            var match = SupportedAlgorithms.FirstOrDefault(a => a.Equals(alg.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                errors.Add(new ConfigError(null, $"{Field}.algorithms", $"'{alg}' is not supported.", $"Use some of: {string.Join(", ", SupportedAlgorithms)}."));
            }
            else
            {
                algorithms.Add(match);
            }
        }

        var keys = new JwtKeySet(JwtSigningKeyReader.Read(config.SigningKeys, errors));
        JwksFileKeySource? jwks = null;
        if (!string.IsNullOrWhiteSpace(config.JwksFile))
        {
            jwks = jwksFiles.Get(config.JwksFile.Trim(), out var problem);
            if (jwks is null)
            {
                errors.Add(new ConfigError(null, $"{Field}.jwks-file", $"'{config.JwksFile}' {problem}", "Point jwks-file at a readable JSON Web Key Set file."));
            }
        }
        else if (config.SigningKeys.Count == 0)
        {
            errors.Add(new ConfigError(null, $"{Field}.signing-keys", "is empty and no jwks-file is set.", "Configure signing-keys or a jwks-file to verify tokens with."));
        }

        return errors.Count > before ? null : new JwtBearerScheme(config, keys, jwks, algorithms.Count > 0 ? [.. algorithms] : [.. SupportedAlgorithms], time);
    }

    public bool HasCredential(HttpRequest request)
    {
        var authorization = request.Headers.Authorization;
        return authorization.Count > 0 && authorization[0] is { } value && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase);
    }

    public async ValueTask<AuthenticationOutcome> AuthenticateAsync(HttpRequest request)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count != 1)
        {
            return Invalid("Send one Authorization header.");
        }

        var token = authorization[0]!.AsSpan(BearerPrefix.Length).Trim();
        if (token.IsEmpty)
        {
            return Invalid("The bearer token is empty.");
        }

        // header.payload. with an empty signature: alg "none", refused before the library is asked.
        if (token[^1] == '.')
        {
            return Invalid("The token is not signed.");
        }

        var text = token.ToString();
        var result = await _handler.ValidateTokenAsync(text, _parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return Invalid(DescribeFailure(text, result.Exception));
        }

        var identity = result.ClaimsIdentity;
        foreach (var claim in _requiredClaims)
        {
            if (identity.FindFirst(claim) is null)
            {
                return Invalid($"The token lacks the required claim '{claim}'.");
            }
        }

        return AuthenticationOutcome.Success(identity);
    }

    public bool HasScope(ClaimsIdentity identity, string scope)
    {
        foreach (var claim in identity.Claims)
        {
            if (Array.IndexOf(_scopeClaims, claim.Type) >= 0 && ContainsToken(claim.Value, scope))
            {
                return true;
            }
        }

        return false;
    }

    public bool HasRole(ClaimsIdentity identity, string role)
    {
        foreach (var claim in identity.Claims)
        {
            if (claim.Type == _roleClaim && claim.Value == role)
            {
                return true;
            }
        }

        return false;
    }

    public string ForbiddenChallenge(string detail, IReadOnlyList<string> scopes) =>
        scopes.Count == 0
            ? $"Bearer error=\"insufficient_scope\", error_description=\"{detail}\""
            : $"Bearer error=\"insufficient_scope\", error_description=\"{detail}\", scope=\"{string.Join(' ', scopes)}\"";

    public void OnAuthenticated(HttpRequest request, ClaimsIdentity identity)
    {
        if (_stripCredentials)
        {
            request.Headers.Remove(HeaderNames.Authorization);
        }

        if (_subjectHeader is not null && identity.Name is { Length: > 0 } subject)
        {
            request.Headers[_subjectHeader] = HeaderValues.Safe(subject);
        }
    }

    public override string ToString() => "[Authenticate jwt]";

    /// <summary>The client-facing reason for a failed validation; never includes the token.</summary>
    internal static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException e => $"The token expired at {FormatTime(e.Expires)}.",
        SecurityTokenNotYetValidException e => $"The token is not valid before {FormatTime(e.NotBefore)}.",
        SecurityTokenNoExpirationException => "The token has no expiration time.",
        SecurityTokenInvalidLifetimeException => "The token's lifetime is invalid.",
        SecurityTokenInvalidAudienceException => "The token is not meant for this audience.",
        SecurityTokenInvalidIssuerException => "The token's issuer is not trusted.",
        SecurityTokenSignatureKeyNotFoundException => "The token is signed with an unknown key.",
        SecurityTokenInvalidAlgorithmException => "The token's signing algorithm is not accepted.",
        SecurityTokenInvalidSignatureException => "The token's signature is invalid.",
        SecurityTokenMalformedException or ArgumentException => "The token is malformed.",
        _ => "The token is invalid.",
    };

    /// <summary>
    /// The reason for a failed validation. The library reports "no key verified the signature" the same way whether the
    /// token named an unknown key, named none, or used an algorithm not accepted; the token's header tells them apart.
    /// </summary>
    private string DescribeFailure(string token, Exception? exception)
    {
        if (exception is SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidAlgorithmException)
        {
            JsonWebToken jwt;
            try
            {
                jwt = new JsonWebToken(token);
            }
            catch (ArgumentException)
            {
                return Describe(exception);
            }

            if (Array.IndexOf(_algorithms, jwt.Alg) < 0)
            {
                return "The token's signing algorithm is not accepted.";
            }

            if (exception is SecurityTokenSignatureKeyNotFoundException)
            {
                return !string.IsNullOrEmpty(jwt.Kid) && !Volatile.Read(ref _ring).Keys.HasKeyId(jwt.Kid)
                    ? "The token is signed with an unknown key."
                    : "The token's signature is invalid.";
            }
        }

        return Describe(exception);
    }

    private static AuthenticationOutcome Invalid(string reason) =>
        AuthenticationOutcome.Fail(reason, $"Bearer error=\"invalid_token\", error_description=\"{reason}\"");

    private static string FormatTime(DateTime time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool ContainsToken(string value, string token)
    {
        foreach (var range in value.AsSpan().Split(' '))
        {
            if (value.AsSpan()[range].SequenceEqual(token))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Lifetime against the gateway's <see cref="TimeProvider"/> (the library's own check reads the system clock). Throws
    /// the library's exception types so that refusals say precisely what was wrong.
    /// </summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is not { } exp)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiration time.");
        }

        if (notBefore is { } nbf && nbf > exp)
        {
            throw new SecurityTokenInvalidLifetimeException("The token's not-before time is after its expiration time.") { NotBefore = nbf, Expires = exp };
        }

        if (notBefore is { } start && start > now + _clockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = start };
        }

        if (exp < now - _clockSkew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = exp };
        }

        return true;
    }

    private SecurityKey[] ResolveKeys(string token, SecurityToken securityToken, string kid, TokenValidationParameters parameters)
    {
        var ring = Volatile.Read(ref _ring);
        if (_jwks is not null)
        {
            var current = _jwks.Keys;
            if (!ReferenceEquals(ring.JwksKeys, current))
            {
                // The file changed: merge once and keep the result until it changes again.
                ring = new KeyRing(current, JwtKeySet.Merge(_configuredKeys, current));
                Volatile.Write(ref _ring, ring);
            }
        }

        return ring.Keys.Resolve(kid);
    }

    private sealed record KeyRing(JwtKeySet? JwksKeys, JwtKeySet Keys);
}
