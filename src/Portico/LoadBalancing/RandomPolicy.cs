using Portico.Discovery;

namespace Portico.LoadBalancing;

/// <summary>Picks a uniformly random candidate.</summary>
internal sealed class RandomPolicy(IRandomSource random) : ILoadBalancingPolicy
{
    public string Name => LoadBalancingPolicies.Random;

    public ServiceInstance? Pick(InstanceSelectionContext context)
    {
        var candidates = context.Candidates;
        return candidates.Length == 0 ? null : candidates[random.Next(candidates.Length)];
    }
}
