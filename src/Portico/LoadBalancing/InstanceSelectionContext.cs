using Portico.Discovery;

namespace Portico.LoadBalancing;

/// <summary>
/// The state of one instance selection: the service's registered instances, the candidates the steps have not yet
/// removed, the instance the request is pinned to and why a requested pin was dropped. One context is reused per
/// thread, so a selection allocates nothing; steps must not keep it.
/// </summary>
public sealed class InstanceSelectionContext
{
    private ServiceInstance[] _candidates = new ServiceInstance[8];
    private ServiceInstance[] _attempted = [];
    private int _count;
    private int _attemptedCount;
    private InstanceLoadTracker? _load;

    internal InstanceSelectionContext()
    {
    }

    /// <summary>The request being routed.</summary>
    public GatewayExchange Exchange { get; private set; } = null!;

    /// <summary>The service id of the <c>lb://</c> URL.</summary>
    public string ServiceId { get; private set; } = "";

    /// <summary>The service's settings in force for this request.</summary>
    public ServiceConfig Settings { get; private set; } = null!;

    /// <summary>Every registered instance of the service, whatever its status, ordered by instance id.</summary>
    public IReadOnlyList<ServiceInstance> Registered { get; private set; } = [];

    /// <summary>The instances still in the running, in registry order.</summary>
    public ReadOnlySpan<ServiceInstance> Candidates => new(_candidates, 0, _count);

    /// <summary>Instances earlier attempts of this request failed on (empty on the first attempt).</summary>
    public ReadOnlySpan<ServiceInstance> Attempted => new(_attempted, 0, _attemptedCount);

    /// <summary>The instance the request asked for, while it is still a valid choice.</summary>
    public ServiceInstance? Pinned { get; private set; }

    /// <summary>The header or cookie value by which the request asked for an instance, or null.</summary>
    public string? RequestedInstance { get; private set; }

    /// <summary>Why the requested instance is not used, or <see cref="AffinityFailoverReason.None"/>.</summary>
    public AffinityFailoverReason FailoverReason { get; private set; }

    /// <summary>Whether every candidate was unhealthy and the service's panic mode kept them all.</summary>
    public bool Panic { get; set; }

    /// <summary>The chosen instance; set by the load-balancing step (or an earlier step that decides alone).</summary>
    public ServiceInstance? Selected { get; set; }

    /// <summary>Requests in flight to <paramref name="instance"/> through this gateway, for load-aware policies.</summary>
    public int GetActiveRequests(ServiceInstance instance) => _load?.GetActiveRequests(ServiceId, instance) ?? 0;

    /// <summary>
    /// Keeps the candidates for which <paramref name="keep"/> returns true, in order. Pass a static lambda and its
    /// state to avoid allocating. A pinned instance that is removed is unpinned with <paramref name="reasonIfPinnedRemoved"/>.
    /// </summary>
    public void RetainWhere<TState>(TState state, Func<ServiceInstance, TState, bool> keep, AffinityFailoverReason reasonIfPinnedRemoved = AffinityFailoverReason.NotAllowed)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var kept = 0;
        var pinnedKept = false;
        for (var i = 0; i < _count; i++)
        {
            var instance = _candidates[i];
            if (keep(instance, state))
            {
                _candidates[kept++] = instance;
                pinnedKept |= ReferenceEquals(instance, Pinned);
            }
        }

        Array.Clear(_candidates, kept, _count - kept);
        _count = kept;
        if (Pinned is not null && !pinnedKept)
        {
            FailOver(reasonIfPinnedRemoved);
        }
    }

    /// <summary>Removes every candidate, so the request gets no instance (503); a pinned instance is unpinned with <paramref name="reasonIfPinnedRemoved"/>.</summary>
    public void RemoveAll(AffinityFailoverReason reasonIfPinnedRemoved)
    {
        Array.Clear(_candidates, 0, _count);
        _count = 0;
        if (Pinned is not null)
        {
            FailOver(reasonIfPinnedRemoved);
        }
    }

    /// <summary>Records that the request asked for an instance by <paramref name="requested"/> (a header or cookie value).</summary>
    public void RequestInstance(string requested) => RequestedInstance = requested;

    /// <summary>Pins the request to <paramref name="instance"/>, which must be one of <see cref="Candidates"/>.</summary>
    public void Pin(ServiceInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (Candidates.IndexOf(instance) < 0)
        {
            throw new ArgumentException("Only a candidate instance can be pinned.", nameof(instance));
        }

        Pinned = instance;
        FailoverReason = AffinityFailoverReason.None;
    }

    /// <summary>Drops the pin (if any) and records why the requested instance will not serve the request.</summary>
    public void FailOver(AffinityFailoverReason reason)
    {
        Pinned = null;
        FailoverReason = reason;
    }

    internal void Initialize(
        GatewayExchange exchange,
        string serviceId,
        ServiceConfig settings,
        IReadOnlyList<ServiceInstance> registered,
        ReadOnlySpan<ServiceInstance> attempted,
        InstanceLoadTracker? load)
    {
        Exchange = exchange;
        ServiceId = serviceId;
        Settings = settings;
        Registered = registered;
        _load = load;
        if (_candidates.Length < registered.Count)
        {
            _candidates = new ServiceInstance[Math.Max(registered.Count, _candidates.Length * 2)];
        }

        for (var i = 0; i < registered.Count; i++)
        {
            _candidates[i] = registered[i];
        }

        _count = registered.Count;
        if (attempted.Length > 0)
        {
            if (_attempted.Length < attempted.Length)
            {
                _attempted = new ServiceInstance[Math.Max(attempted.Length, 4)];
            }

            attempted.CopyTo(_attempted);
        }

        _attemptedCount = attempted.Length;
    }

    /// <summary>Drops every reference so the reused context keeps nothing alive.</summary>
    internal void Reset()
    {
        Array.Clear(_candidates, 0, _count);
        Array.Clear(_attempted, 0, _attemptedCount);
        _count = 0;
        _attemptedCount = 0;
        Exchange = null!;
        Settings = null!;
        ServiceId = "";
        Registered = [];
        Pinned = null;
        RequestedInstance = null;
        FailoverReason = AffinityFailoverReason.None;
        Panic = false;
        Selected = null;
        _load = null;
    }
}
