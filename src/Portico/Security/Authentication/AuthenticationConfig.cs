namespace Portico.Security.Authentication;

/// <summary>
/// The authentication schemes routes can require (<c>portico.authentication</c>): JWT bearer tokens and API keys. A
/// route chooses with its metadata, e.g. <c>auth: jwt</c>, or in full
/// <c>auth: { schemes: [jwt, api-key], scopes: [orders.read], roles: [admin] }</c> (see
/// <see cref="AuthenticationMetadata"/>); routes without <c>auth</c> are not authenticated. Keys and validation
/// parameters are compiled once per configuration load.
/// </summary>
/// <example>
/// <code language="yaml">
/// portico:
///   authentication:
///     jwt:
///       issuers: [ https://login.example.com/ ]
///       audiences: [ orders-api ]
///       clock-skew: 1m
///       signing-keys:
///         - { id: hs-2026, secret: "base64 of at least 32 random bytes" }
///         - public-key-file: /etc/portico/idp.pem        # PEM public key or certificate
///       jwks-file: /etc/portico/jwks.json                # watched; rewrite it to rotate keys
///       subject-header: X-Auth-Subject                   # opt-in: the token's sub for upstreams
///       strip-credentials: false                         # true: upstreams never see the token
///     api-key:
///       header: X-Api-Key
///       client-header: X-Auth-Client                     # opt-in: the client's name for upstreams
///       clients:
///         - { name: billing, key-sha256: 9f86d081884c7d65..., scopes: [ invoices.write ] }
///   routes:
///     - id: orders
///       uri: http://orders:8080
///       predicates: [ Path=/orders/** ]
///       metadata:
///         auth: { schemes: [ jwt, api-key ], scopes: [ orders.read ] }
/// </code>
/// </example>
public sealed record AuthenticationConfig
{
    /// <summary>JWT bearer token validation (<c>jwt</c>).</summary>
    public JwtAuthenticationConfig Jwt { get; init; } = new();

    /// <summary>API keys of known clients (<c>api-key</c>).</summary>
    public ApiKeyAuthenticationConfig ApiKey { get; init; } = new();
}
