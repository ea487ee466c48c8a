using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Hosting;

/// <summary><c>AddPortico()</c> alone: a Spring-style gateway that registers nothing of the Linkis mode.</summary>
public sealed class CoreWithoutLinkisTests
{
    private const string LinkisAssembly = "Portico.Linkis";

    [Fact]
    public async Task AddPorticoAlone_ServesSpringRoutes_WithNoLinkisService()
    {
        await using var upstream = await TestUpstream.StartAsync();
        List<ServiceDescriptor> registered = [];
        await using var gateway = await TestGateway.StartAsync(
            $"""
            spring:
              cloud:
                gateway:
                  routes:
                    - id: orders
                      uri: {upstream.BaseAddress.GetLeftPart(UriPartial.Authority)}
                      predicates:
                        - Path=/api/orders/**
                      filters:
                        - StripPrefix=1
                        - AddResponseHeader=X-Served-By, orders
            """,
            configureServices: services => registered = [.. services],
            linkis: false);

        var response = await gateway.Client.GetAsync("/api/orders/7?x=1");
        var echo = await EchoResponse.ReadAsync(response);
        var missing = await gateway.Client.GetAsync("/api/rest_j/v1/entrance/submit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/orders/7", echo.Path);
        Assert.Equal("orders", Assert.Single(response.Headers.GetValues("X-Served-By")));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Empty(registered.Where(FromLinkis).Select(d => d.ToString()));
    }

    /// <summary>Whether the service, its implementation or the factory that makes it comes from the Linkis assembly.</summary>
    private static bool FromLinkis(ServiceDescriptor descriptor) =>
        new[]
        {
            descriptor.ServiceType,
            descriptor.IsKeyedService ? descriptor.KeyedImplementationType : descriptor.ImplementationType,
            (descriptor.IsKeyedService ? descriptor.KeyedImplementationInstance : descriptor.ImplementationInstance)?.GetType(),
            (descriptor.IsKeyedService ? (Delegate?)descriptor.KeyedImplementationFactory : descriptor.ImplementationFactory)?.Method.DeclaringType,
        }.Any(t => t?.Assembly.GetName().Name == LinkisAssembly);
}
