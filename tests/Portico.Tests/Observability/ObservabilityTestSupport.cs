using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portico.Configuration;
using Portico.Filters;
using Portico.Routing;

namespace Portico.Tests.Observability;

/// <summary>Builders shared by the observability unit tests.</summary>
public static class ObservabilityTestSupport
{
    /// <summary>A real meter factory, as the host registers it.</summary>
    public static ServiceProvider CreateMetricsServices() => new ServiceCollection().AddMetrics().BuildServiceProvider();

    public static IMeterFactory MeterFactory(this ServiceProvider services) => services.GetRequiredService<IMeterFactory>();

    /// <summary>A compiled route with no predicates or filters.</summary>
    internal static Route CreateRoute(string id = "orders", string uri = "http://orders.internal:8080") =>
        new(
            new RouteConfig { Id = id, Uri = uri },
            new Uri(uri),
            null,
            [],
            Array.Empty<OrderedFilter>(),
            new RouteHttpSettings(TimeSpan.FromSeconds(5), null, HttpVersion.Version11, 0));
}
