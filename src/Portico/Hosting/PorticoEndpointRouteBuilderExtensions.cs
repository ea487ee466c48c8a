using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portico.Configuration;
using Portico.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Portico gateway into an ASP.NET Core app.</summary>
public static class PorticoEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the gateway as a catch-all endpoint (the app's own, more specific endpoints still win) and the admin
    /// endpoints under <c>/actuator</c>. Validates the configuration now: an invalid one throws with every problem named.
    /// </summary>
    public static IEndpointConventionBuilder MapPortico(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;

        // Resolving the manager loads and validates the configuration at start-up rather than on the first request.
        _ = services.GetRequiredService<IGatewaySnapshotProvider>();
        var handler = services.GetRequiredService<GatewayRequestHandler>();
        Portico.Management.ManagementEndpoints.Map(endpoints);
        Portico.Discovery.DiscoveryEndpoints.Map(endpoints);
        Portico.Labels.LabelEndpoints.Map(endpoints);
        foreach (var contributor in services.GetServices<Portico.Hosting.IPorticoEndpointContributor>())
        {
            contributor.Map(endpoints);
        }

        Portico.Health.InstanceHealthEndpoints.Map(endpoints);
        Portico.Routing.ForwardEndpoints.Capture(endpoints);
        return endpoints.Map("/{**portico-catch-all}", handler.InvokeAsync)
            .WithDisplayName("Portico gateway")
            .WithOrder(int.MaxValue);
    }
}
