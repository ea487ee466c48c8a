using Microsoft.Extensions.Hosting;

namespace Portico.Management;

/// <summary>When the host started and whether it is shutting down, for the info and readiness endpoints.</summary>
internal sealed class GatewayLifecycle
{
    private readonly IHostApplicationLifetime? _lifetime;
    private DateTimeOffset _startedAt;

    public GatewayLifecycle(TimeProvider time, IHostApplicationLifetime? lifetime = null)
    {
        _lifetime = lifetime;
        _startedAt = time.GetUtcNow();
        lifetime?.ApplicationStarted.Register(() => _startedAt = time.GetUtcNow());
    }

    /// <summary>When the host finished starting (until then, when the gateway was set up).</summary>
    public DateTimeOffset StartedAt => _startedAt;

    /// <summary>Whether shutdown has begun: readiness reports DOWN so load balancers stop sending traffic.</summary>
    public bool IsStopping => _lifetime?.ApplicationStopping.IsCancellationRequested == true;
}
