using Portico.Discovery;

namespace Portico.LoadBalancing;

/// <summary>Picks the candidate with the fewest requests in flight through this gateway; the first of equals wins.</summary>
internal sealed class LeastRequestsPolicy : ILoadBalancingPolicy
{
    public string Name => LoadBalancingPolicies.LeastRequests;

    public ServiceInstance? Pick(InstanceSelectionContext context)
    {
        var candidates = context.Candidates;
        if (candidates.Length == 0)
        {
            return null;
        }

        var best = candidates[0];
        var bestLoad = context.GetActiveRequests(best);
        for (var i = 1; i < candidates.Length && bestLoad > 0; i++)
        {
            var load = context.GetActiveRequests(candidates[i]);
            if (load < bestLoad)
            {
                best = candidates[i];
                bestLoad = load;
            }
        }

        return best;
    }
}
