namespace Portico.Security.Cors;

/// <summary>
/// Cross-origin resource sharing answered by the gateway (<c>portico.cors</c>). Off until
/// <see cref="AllowedOrigins"/> is set. A route can override any field, or switch CORS off, with route metadata under
/// <c>cors</c> (<c>cors.allowed-origins</c>, <c>cors.enabled: false</c>, ...). Preflight requests are matched to routes
/// like any request, so a route restricted by a <c>Method</c> predicate must also accept <c>OPTIONS</c>.
/// </summary>
/// <example>
/// <code language="yaml">
/// portico:
///   cors:
///     allowed-origins: [ https://app.example.com, https://*.example.org ]   # echoed, with credentials
///     allowed-methods: [ GET, POST, PUT ]
///     allowed-headers: [ Authorization, Content-Type ]
///     exposed-headers: [ X-Request-Id ]
///     max-age: 30m
///   routes:
///     - id: partner-api
///       uri: http://partner:8080
///       metadata:
///         cors: { allowed-origins: https://partner.example.net, allow-credentials: false }
///     - id: internal
///       uri: http://internal:8080
///       metadata:
///         cors: false
/// </code>
/// </example>
public sealed record CorsConfig
{
    /// <summary>
    /// Origins allowed to call, such as <c>https://app.example.com</c>, or <c>https://*.example.com</c> for its
    /// subdomains; the request's <c>Origin</c> is echoed when listed. <c>*</c> allows every origin without credentials.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Methods allowed in preflight requests; <c>*</c> allows any. Empty means GET, HEAD and POST.</summary>
    public IReadOnlyList<string> AllowedMethods { get; init; } = [];

    /// <summary>Request headers allowed in preflight requests; <c>*</c> allows any. Empty means any.</summary>
    public IReadOnlyList<string> AllowedHeaders { get; init; } = [];

    /// <summary>Response headers that browsers may show to scripts (<c>Access-Control-Expose-Headers</c>).</summary>
    public IReadOnlyList<string> ExposedHeaders { get; init; } = [];

    /// <summary>
    /// Whether browsers may send cookies and credentials. Unset means true for a list of origins and false for
    /// <c>*</c>; true together with <c>*</c> is refused, since browsers reject that pair.
    /// </summary>
    public bool? AllowCredentials { get; init; }

    /// <summary>
    /// How long browsers may cache a preflight answer: seconds (<c>1800</c>, as in the header) or a duration such as
    /// <c>30m</c>. Unset means 30 minutes.
    /// </summary>
    public string? MaxAge { get; init; }

    /// <inheritdoc />
    public bool Equals(CorsConfig? other) =>
        other is not null
        && AllowedOrigins.SequenceEqual(other.AllowedOrigins)
        && AllowedMethods.SequenceEqual(other.AllowedMethods)
        && AllowedHeaders.SequenceEqual(other.AllowedHeaders)
        && ExposedHeaders.SequenceEqual(other.ExposedHeaders)
        && AllowCredentials == other.AllowCredentials
        && MaxAge == other.MaxAge;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(AllowedOrigins.Count, AllowCredentials, MaxAge);
}
