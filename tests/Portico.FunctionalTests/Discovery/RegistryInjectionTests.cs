using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.Filters;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Discovery;

/// <summary>
/// A user's global filter takes <see cref="IServiceRegistry"/> in its constructor: the registry must not need the
/// route table (which holds the global filters) to be built, or the gateway could not start.
/// </summary>
public sealed class RegistryInjectionTests
{
    [Fact]
    public async Task GlobalFilter_InjectsServiceRegistry_GatewayStartsAndServes()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(
            $$"""
            portico:
              routes:
                - id: orders
                  uri: lb://orders
                  predicates: [ Path=/orders/** ]
              discovery:
                static:
                  orders:
                    - { id: orders-1, host: 127.0.0.1, port: {{upstream.Port}} }
            """,
            services => services.AddSingleton<IGlobalFilter, RegisteredCountFilter>());

        using var response = await gateway.Client.GetAsync("/orders/1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues(RegisteredCountFilter.Header).Single());
        Assert.Same(gateway.Services.GetRequiredService<IServiceRegistry>(), gateway.Services.GetServices<IGlobalFilter>().OfType<RegisteredCountFilter>().Single().Registry);
    }

    /// <summary>Answers how many instances of the matched route's service the registry lists.</summary>
    private sealed class RegisteredCountFilter(IServiceRegistry registry) : IGlobalFilter
    {
        public const string Header = "X-Registered";

        public IServiceRegistry Registry => registry;

        public int Order => 0;

        public async ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
        {
            await chain.FilterAsync(exchange);

            // The post phase of order 0 runs before WriteResponse (-1) starts the response.
            var count = registry.Current.GetInstances(exchange.Route.Uri.Host).Count;
            exchange.Response.Headers[Header] = count.ToString(CultureInfo.InvariantCulture);
        }
    }
}
