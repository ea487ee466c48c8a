using System.Diagnostics.Metrics;

namespace Portico.LoadBalancing;

/// <summary>
/// Load-balancer instruments on the <c>Portico</c> meter: affinity failovers (tagged <c>service</c> and <c>reason</c>),
/// retries (tagged <c>service</c>) and panic-mode selections (tagged <c>service</c>).
/// </summary>
internal sealed class LoadBalancingMetrics
{
    private readonly Counter<long>? _failovers;
    private readonly Counter<long>? _retries;
    private readonly Counter<long>? _panics;

    public LoadBalancingMetrics(IMeterFactory? meterFactory = null)
    {
        if (meterFactory is null)
        {
            return;
        }

        Meter = meterFactory.Create(Observability.PorticoMetrics.MeterName);
        _failovers = Meter.CreateCounter<long>(
            "portico.loadbalancer.affinity.failovers",
            unit: "{request}",
            description: "Requests that asked for an instance (FIXED_INSTANCE header or sticky cookie) and were served by another.");
        _retries = Meter.CreateCounter<long>(
            "portico.loadbalancer.retries",
            unit: "{retry}",
            description: "Requests sent again to another instance after their instance could not be reached.");
        _panics = Meter.CreateCounter<long>(
            "portico.loadbalancer.panic",
            unit: "{request}",
            description: "Requests balanced over unhealthy instances because every instance was unhealthy (panic mode).");
    }

    public Meter? Meter { get; }

    /// <summary>Counts a failover; <paramref name="reasonTag"/> comes from <see cref="ReasonTag"/>.</summary>
    public void RecordFailover(string serviceId, string reasonTag) =>
        _failovers?.Add(1, new KeyValuePair<string, object?>("service", serviceId), new KeyValuePair<string, object?>("reason", reasonTag));

    public void RecordRetry(string serviceId) => _retries?.Add(1, new KeyValuePair<string, object?>("service", serviceId));

    public void RecordPanic(string serviceId) => _panics?.Add(1, new KeyValuePair<string, object?>("service", serviceId));

    /// <summary>Cached tag values, so recording a failover allocates no string.</summary>
    internal static string ReasonTag(AffinityFailoverReason reason) => reason switch
    {
        AffinityFailoverReason.Malformed => "malformed",
        AffinityFailoverReason.Unknown => "unknown",
        AffinityFailoverReason.NotUp => "not_up",
        AffinityFailoverReason.NotAllowed => "not_allowed",
        AffinityFailoverReason.Unhealthy => "unhealthy",
        AffinityFailoverReason.AttemptFailed => "attempt_failed",
        _ => "none",
    };
}
