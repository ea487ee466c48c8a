namespace Portico.Security.Authentication;

/// <summary>
/// The authentication schemes routes can require (<c>portico.authentication</c>): JWT bearer tokens and API keys. A
/// route chooses with its metadata, e.g. <c>auth: jwt</c>, or in full
/// <c>auth: { schemes: [jwt, api-key], scopes: [orders.read], roles: [admin] }</c> (see
/// <see cref="AuthenticationMetadata"/>); routes without <c>auth</c> are not authenticated. Keys and validation
/// parameters are compiled once per configuration load.
/// </summary>
public sealed record AuthenticationConfig
{
    /// <summary>JWT bearer token validation (<c>jwt</c>).</summary>
    public JwtAuthenticationConfig Jwt { get; init; } = new();

    /// <summary>API keys of known clients (<c>api-key</c>).</summary>
    public ApiKeyAuthenticationConfig ApiKey { get; init; } = new();
}
