namespace Portico.LoadBalancing;

/// <summary>Why a request that asked for an instance was served by another one.</summary>
public enum AffinityFailoverReason
{
    /// <summary>No failover: the request asked for no instance, or got the one it asked for.</summary>
    None,

    /// <summary>The header or cookie value could not be read as an instance (e.g. not <c>host:port</c>).</summary>
    Malformed,

    /// <summary>No registered instance of the service matches.</summary>
    Unknown,

    /// <summary>The instance is registered but its registry status is not UP.</summary>
    NotUp,

    /// <summary>The instance is UP but not among those this request may reach (e.g. excluded by labels).</summary>
    NotAllowed,

    /// <summary>The instance failed its health checks.</summary>
    Unhealthy,

    /// <summary>The instance could not be reached by an earlier attempt of this request.</summary>
    AttemptFailed,
}
