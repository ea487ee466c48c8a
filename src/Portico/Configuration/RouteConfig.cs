namespace Portico.Configuration;

/// <summary>A route as written in configuration (Spring's <c>RouteDefinition</c>).</summary>
public sealed record RouteConfig
{
    /// <summary>Unique route id.</summary>
    public string Id { get; init; } = "";

    /// <summary>Target: <c>http(s)://host:port</c>, <c>ws(s)://</c>, <c>lb://service</c>, <c>lb:ws://service</c> or <c>forward:/path</c>.</summary>
    public string Uri { get; init; } = "";

    /// <summary>Routes are tried in ascending order, then in the order they were written.</summary>
    public int Order { get; init; }

    /// <summary>Predicates; all must match.</summary>
    public IReadOnlyList<ComponentConfig> Predicates { get; init; } = [];

    /// <summary>Route filters, applied in the order written (after the default filters).</summary>
    public IReadOnlyList<ComponentConfig> Filters { get; init; } = [];

    /// <summary>
    /// Free-form metadata. Recognised keys: <c>response-timeout</c> and <c>connect-timeout</c> (milliseconds, or a
    /// duration such as <c>5s</c>; a negative response timeout disables it), <c>http-version</c> (<c>1.1</c> or <c>2</c>) and
    /// <c>max-request-body-size</c> (bytes or a size such as <c>10MB</c>; 0 is unlimited).
    /// </summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public bool Equals(RouteConfig? other) =>
        other is not null && Id == other.Id && Uri == other.Uri && Order == other.Order
        && Predicates.SequenceEqual(other.Predicates) && Filters.SequenceEqual(other.Filters)
        && Metadata.Count == other.Metadata.Count
        && Metadata.All(m => other.Metadata.TryGetValue(m.Key, out var v) && v == m.Value);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Uri, Order);
}
