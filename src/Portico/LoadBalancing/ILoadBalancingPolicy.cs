using Portico.Discovery;

namespace Portico.LoadBalancing;

/// <summary>
/// Picks one instance among the candidates that survived the selection steps. Register implementations in DI as
/// <see cref="ILoadBalancingPolicy"/>; a service chooses one by <see cref="Name"/> (<c>services.&lt;id&gt;.load-balancer</c>),
/// and a registration with the name of a built-in policy replaces it.
/// </summary>
public interface ILoadBalancingPolicy
{
    /// <summary>The name configuration refers to, compared case-insensitively.</summary>
    string Name { get; }

    /// <summary>
    /// Picks one of <see cref="InstanceSelectionContext.Candidates"/> (never empty when called), or returns null to
    /// answer that no instance is available. Called on the request path: must not block and should not allocate.
    /// </summary>
    ServiceInstance? Pick(InstanceSelectionContext context);
}
