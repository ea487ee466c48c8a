namespace Portico.Forwarding;

/// <summary>
/// The settings that need their own upstream connection pool. Requests with equal options share one client, kept
/// across configuration reloads.
/// </summary>
public readonly record struct UpstreamClientOptions
{
    /// <summary>Time allowed to open a connection; past it the client gets 504.</summary>
    public TimeSpan ConnectTimeout { get; init; }

    /// <summary>How long an idle pooled connection is kept.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; init; }

    /// <summary>Maximum lifetime of a pooled connection, so that DNS changes are eventually seen.</summary>
    public TimeSpan PooledConnectionLifetime { get; init; }

    /// <summary>Maximum concurrent connections per upstream authority; 0 is unlimited.</summary>
    public int MaxConnectionsPerServer { get; init; }

    /// <summary>Accept any upstream TLS certificate (testing only).</summary>
    public bool DangerousAcceptAnyServerCertificate { get; init; }

    /// <summary>The options of <paramref name="config"/> with the connect timeout of a route.</summary>
    public static UpstreamClientOptions From(Configuration.HttpClientConfig config, TimeSpan connectTimeout)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new UpstreamClientOptions
        {
            ConnectTimeout = connectTimeout,
            PooledConnectionIdleTimeout = config.PooledConnectionIdleTimeout,
            PooledConnectionLifetime = config.PooledConnectionLifetime,
            MaxConnectionsPerServer = config.MaxConnectionsPerServer,
            DangerousAcceptAnyServerCertificate = config.DangerousAcceptAnyServerCertificate,
        };
    }
}
