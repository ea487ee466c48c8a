using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portico.Observability.Prometheus;

namespace Portico.Management;

/// <summary>
/// Maps the admin endpoints under <c>/actuator</c> (Spring Boot actuator and Spring Cloud Gateway's
/// <c>/actuator/gateway</c>). Their literal paths outrank the gateway's catch-all route; with a management port they
/// exist only on that port, and <c>/actuator</c> paths on other ports are ordinary gateway traffic.
/// </summary>
internal static class ManagementEndpoints
{
    /// <summary>The base path of the admin endpoints.</summary>
    public const string BasePath = "/actuator";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var policy = services.GetRequiredService<ManagementAccessPolicy>();
        var guard = services.GetRequiredService<ManagementGuard>();
        var gateway = services.GetRequiredService<GatewayEndpointHandlers>();
        var health = services.GetRequiredService<HealthEndpointHandlers>();
        var info = services.GetRequiredService<InfoEndpointHandler>();

        // Resolved now so that the collector listens before the first request is measured.
        var prometheus = services.GetRequiredService<PrometheusCollector>();

        var group = endpoints.MapGroup(BasePath);
        if (policy.Port is { } port)
        {
            group.RequireHost("*:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        group.MapGet("/gateway/routes", guard.Wrap(ManagementAccess.Read, gateway.RoutesAsync)).WithDisplayName("Actuator gateway routes");
        group.MapGet("/gateway/routes/{id}", guard.Wrap(ManagementAccess.Read, gateway.RouteAsync)).WithDisplayName("Actuator gateway route");
        group.MapGet("/gateway/routedefinitions", guard.Wrap(ManagementAccess.Read, gateway.RouteDefinitionsAsync)).WithDisplayName("Actuator gateway route definitions");
        group.MapGet("/gateway/globalfilters", guard.Wrap(ManagementAccess.Read, gateway.GlobalFiltersAsync)).WithDisplayName("Actuator gateway global filters");
        group.MapGet("/gateway/globalfilters/orders", guard.Wrap(ManagementAccess.Read, GatewayEndpointHandlers.GlobalFilterOrdersAsync)).WithDisplayName("Actuator gateway global filter orders");
        group.MapGet("/gateway/routefilters", guard.Wrap(ManagementAccess.Read, gateway.RouteFiltersAsync)).WithDisplayName("Actuator gateway route filters");
        group.MapGet("/gateway/routepredicates", guard.Wrap(ManagementAccess.Read, gateway.RoutePredicatesAsync)).WithDisplayName("Actuator gateway route predicates");
        group.MapGet("/gateway/config-status", guard.Wrap(ManagementAccess.Read, gateway.ConfigStatusAsync)).WithDisplayName("Actuator gateway configuration status");
        group.MapPost("/gateway/refresh", guard.Wrap(ManagementAccess.Write, gateway.RefreshAsync)).WithDisplayName("Actuator gateway refresh");
        group.MapGet("/health", guard.Wrap(ManagementAccess.Health, health.HealthAsync)).WithDisplayName("Actuator health");
        group.MapGet("/health/liveness", guard.Wrap(ManagementAccess.Health, health.LivenessAsync)).WithDisplayName("Actuator liveness");
        group.MapGet("/health/readiness", guard.Wrap(ManagementAccess.Health, health.ReadinessAsync)).WithDisplayName("Actuator readiness");
        group.MapGet("/info", guard.Wrap(ManagementAccess.Read, info.InfoAsync)).WithDisplayName("Actuator info");
        group.MapGet("/prometheus", guard.Wrap(ManagementAccess.Read, context => ScrapeAsync(context, prometheus))).WithDisplayName("Actuator Prometheus");
        guard.LogMapped(BasePath);
    }

    private static async Task ScrapeAsync(HttpContext context, PrometheusCollector collector)
    {
        var response = context.Response;
        response.ContentType = PrometheusCollector.ContentType;
        response.Headers.CacheControl = "no-store";
        collector.WriteTo(response.BodyWriter);
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
