using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portico.Configuration;
using Portico.Filters;
using Portico.FunctionalTests.Infrastructure;
using Portico.Predicates;

namespace Portico.FunctionalTests.Predicates;

/// <summary>Gateways started for one scenario each: invalid predicates, weighted routes and the host-port setting.</summary>
public sealed class PredicateConfigurationTests
{
    [Fact]
    public async Task StartAsync_InvalidPredicates_ThrowsWithEveryError()
    {
        const string config = """
            spring:
              cloud:
                gateway:
                  routes:
                    - id: bad_path
                      uri: https://example.org
                      predicates:
                        - Path=/a/**/b
                    - id: bad_regex
                      uri: https://example.org
                      predicates:
                        - Header=X-Id, [0-9
                    - id: bad_cidr
                      uri: https://example.org
                      predicates:
                        - RemoteAddr=10.0.0.0/33
                    - id: bad_date
                      uri: https://example.org
                      predicates:
                        - After=tomorrow
                    - id: bad_method
                      uri: https://example.org
                      predicates:
                        - Method=GET,FETCH
                    - id: bad_weight
                      uri: https://example.org
                      predicates:
                        - Weight=group1, -1
                    - id: empty_patterns
                      uri: https://example.org
                      predicates:
                        - name: Host
                          args:
                            patterns: []
            """;

        var ex = await Assert.ThrowsAsync<PorticoConfigException>(() => TestGateway.StartAsync(config));

        Assert.Equal(7, ex.Errors.Count);
        AssertError(ex, "bad_path", "predicates[0] (Path).args.patterns", "must be the last segment");
        AssertError(ex, "bad_regex", "predicates[0] (Header).args.regexp", "not a valid regular expression");
        AssertError(ex, "bad_cidr", "predicates[0] (RemoteAddr).args.sources", "from 0 to 32");
        AssertError(ex, "bad_date", "predicates[0] (After).args.datetime", "'tomorrow' is not a date-time");
        AssertError(ex, "bad_method", "predicates[0] (Method).args.methods", "'FETCH' is not an HTTP method");
        AssertError(ex, "bad_weight", "predicates[0] (Weight).args.weight", "-1 is negative");
        AssertError(ex, "empty_patterns", "predicates[0] (Host).args.patterns", "needs at least one value");
        foreach (var id in new[] { "bad_path", "bad_regex", "bad_cidr", "bad_date", "bad_method", "bad_weight", "empty_patterns" })
        {
            Assert.Contains($"route '{id}'", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Weight_InjectedRandom_SplitsGroupDeterministically()
    {
        const string config = """
            spring:
              cloud:
                gateway:
                  routes:
                    - id: weight_high
                      uri: https://weighthigh.org
                      predicates:
                        - Path=/weighted
                        - Weight=group1, 8
                    - id: weight_low
                      uri: https://weightlow.org
                      predicates:
                        - Path=/weighted
                        - name: Weight
                          args:
                            group: group1
                            weight: 2
            """;
        var random = new FixedSequenceRandom(0.05, 0.85, 0.79, 0.8, 0.99);
        await using var gateway = await TestGateway.StartAsync(config, services =>
        {
            services.AddSingleton<IGlobalFilter, RouteEchoFilter>();
            services.AddSingleton<IWeightRandomSource>(random);
        });

        var chosen = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await gateway.Client.GetAsync(new Uri("/weighted", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            chosen.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(["route=weight_high", "route=weight_low", "route=weight_high", "route=weight_low", "route=weight_low"], chosen);
        Assert.Equal(5, random.Calls);
    }

    [Fact]
    public async Task Host_IncludePortFalse_MatchesWithoutThePort()
    {
        const string config = """
            spring:
              cloud:
                gateway:
                  predicate:
                    host:
                      include-port: false
                  routes:
                    - id: loopback_host
                      uri: https://example.org
                      predicates:
                        - Host=127.0.0.1
            """;
        await using var gateway = await TestGateway.StartAsync(config, services => services.AddSingleton<IGlobalFilter, RouteEchoFilter>());

        // The client sends Host: 127.0.0.1:<port>; without the port the pattern matches.
        using var response = await gateway.Client.GetAsync(new Uri("/any", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("route=loopback_host", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Host_DefaultIncludesPort_AsSpringDoes()
    {
        const string config = """
            spring:
              cloud:
                gateway:
                  routes:
                    - id: loopback_host
                      uri: https://example.org
                      predicates:
                        - Host=127.0.0.1
                    - id: loopback_host_any_port
                      uri: https://example.org
                      predicates:
                        - Host=127.0.0.1:*
            """;
        await using var gateway = await TestGateway.StartAsync(config, services => services.AddSingleton<IGlobalFilter, RouteEchoFilter>());

        using var response = await gateway.Client.GetAsync(new Uri("/any", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("route=loopback_host_any_port", await response.Content.ReadAsStringAsync());
    }

    private static void AssertError(PorticoConfigException ex, string routeId, string field, string problem)
    {
        var error = Assert.Single(ex.Errors, e => e.RouteId == routeId);
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.Fix));
    }

    private sealed class FixedSequenceRandom(params double[] draws) : IWeightRandomSource
    {
        private int _next;

        public int Calls => Volatile.Read(ref _next);

        public double NextDouble() => draws[Math.Min(Interlocked.Increment(ref _next) - 1, draws.Length - 1)];
    }
}
