namespace Portico.LoadBalancing;

/// <summary>Route metadata keys the load balancer reads from <c>lb://</c> routes.</summary>
public static class LoadBalancerRouteMetadata
{
    /// <summary>
    /// Response header naming the instance (<c>host:port</c>) that served the request, e.g. <c>X-Portico-Instance</c>.
    /// Unset by default, so instance addresses are not shown to clients unless a route asks for it.
    /// </summary>
    public const string InstanceHeader = "instance-header";

    /// <summary>Most attempts per request on this route, overriding the service's <c>retry.attempts</c>.</summary>
    public const string RetryAttempts = "retry-attempts";

    /// <summary>Time after which this route starts no new attempt, overriding the service's <c>retry.timeout</c>.</summary>
    public const string RetryTimeout = "retry-timeout";
}
