using System.Collections.Concurrent;
using Portico.Discovery;

namespace Portico.LoadBalancing;

/// <summary>
/// Picks each candidate in turn, with one counter per service. The counter advances over whatever candidates a request
/// has, so instances leaving or failing shift the rotation but never stop it.
/// </summary>
internal sealed class RoundRobinPolicy : ILoadBalancingPolicy
{
    // One counter per service id; service ids come from route URIs, never from clients, so the map stays small.
    private readonly ConcurrentDictionary<string, StrongBox> _counters = new(StringComparer.OrdinalIgnoreCase);

    public string Name => LoadBalancingPolicies.RoundRobin;

    public ServiceInstance? Pick(InstanceSelectionContext context)
    {
        var candidates = context.Candidates;
        if (candidates.Length == 0)
        {
            return null;
        }

        var counter = _counters.GetOrAdd(context.ServiceId, static _ => new StrongBox());
        var next = (uint)Interlocked.Increment(ref counter.Value) - 1;
        return candidates[(int)(next % (uint)candidates.Length)];
    }

    private sealed class StrongBox
    {
        public int Value;
    }
}
