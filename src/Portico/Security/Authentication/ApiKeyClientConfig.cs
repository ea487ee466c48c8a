namespace Portico.Security.Authentication;

/// <summary>One API-key client (<c>portico.authentication.api-key.clients[n]</c>).</summary>
public sealed record ApiKeyClientConfig
{
    /// <summary>The client's name: the identity later filters and upstreams see. Unique.</summary>
    public string Name { get; init; } = "";

    /// <summary>The SHA-256 of the client's key as 64 hex digits (<c>printf %s "$KEY" | sha256sum</c>).</summary>
    public string KeySha256 { get; init; } = "";

    /// <summary>Scopes granted to the client, checked against a route's <c>auth.scopes</c>.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Roles of the client, checked against a route's <c>auth.roles</c>.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(ApiKeyClientConfig? other) =>
        other is not null
        && Name == other.Name
        && KeySha256 == other.KeySha256
        && Scopes.SequenceEqual(other.Scopes)
        && Roles.SequenceEqual(other.Roles);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, KeySha256);
}
