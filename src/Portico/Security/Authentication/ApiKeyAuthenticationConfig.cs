namespace Portico.Security.Authentication;

/// <summary>
/// API keys (<c>portico.authentication.api-key</c>): each client is configured with the SHA-256 of its key, so the
/// configuration holds no usable key (<see cref="ApiKeyHash.Compute"/> makes the hash). Keys are read from a header,
/// or from a query parameter when one is named.
/// </summary>
public sealed record ApiKeyAuthenticationConfig
{
    /// <summary>The request header carrying the key.</summary>
    public string Header { get; init; } = "X-Api-Key";

    /// <summary>A query parameter also accepted for the key (e.g. <c>api_key</c>); off when unset, since URLs end up in logs.</summary>
    public string? QueryParameter { get; init; }

    /// <summary>
    /// A request header set to the client's name for the upstream (e.g. <c>X-Auth-Client</c>); off when unset. Any value
    /// a client sends in this header is removed, on every route.
    /// </summary>
    public string? ClientHeader { get; init; }

    /// <summary>Remove the key (header or query parameter) before forwarding, so upstreams never see it. On by default.</summary>
    public bool StripCredentials { get; init; } = true;

    /// <summary>The clients and their key hashes.</summary>
    public IReadOnlyList<ApiKeyClientConfig> Clients { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(ApiKeyAuthenticationConfig? other) =>
        other is not null
        && Header == other.Header
        && QueryParameter == other.QueryParameter
        && ClientHeader == other.ClientHeader
        && StripCredentials == other.StripCredentials
        && Clients.SequenceEqual(other.Clients);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Header, Clients.Count);
}
