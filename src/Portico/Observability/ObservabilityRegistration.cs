using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portico.Filters;
using Portico.Observability.Prometheus;

namespace Portico.Observability;

/// <summary>Registers request metrics, the Prometheus exposition and the access log.</summary>
internal static class ObservabilityRegistration
{
    public static void AddObservability(IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<GatewayMetrics>();
        services.TryAddSingleton<PrometheusCollector>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, MetricsFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, AccessLogFilter>());
    }
}
