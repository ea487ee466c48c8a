using Portico.Discovery;

namespace Portico.LoadBalancing;

/// <summary>
/// Picks two distinct random candidates and keeps the one with fewer requests in flight (the first on a tie). Nearly
/// as even as least-requests, without every gateway herding onto the same idle instance.
/// </summary>
internal sealed class PowerOfTwoChoicesPolicy(IRandomSource random) : ILoadBalancingPolicy
{
    public string Name => LoadBalancingPolicies.PowerOfTwoChoices;

    public ServiceInstance? Pick(InstanceSelectionContext context)
    {
        var candidates = context.Candidates;
        switch (candidates.Length)
        {
            case 0:
                return null;
            case 1:
                return candidates[0];
        }

        var first = random.Next(candidates.Length);

        // Drawing from one fewer and skipping the first makes the second distinct without a retry loop.
        var second = random.Next(candidates.Length - 1);
        if (second >= first)
        {
            second++;
        }

        var a = candidates[first];
        var b = candidates[second];
        return context.GetActiveRequests(b) < context.GetActiveRequests(a) ? b : a;
    }
}
