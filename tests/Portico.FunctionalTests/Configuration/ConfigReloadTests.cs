using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portico.Configuration;
using Portico.Filters;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Configuration;

public class ConfigReloadTests
{
    private const string RouteA = """
        portico:
          routes:
            - id: route-a
              uri: http://127.0.0.1:9
        """;

    private static Task<TestGateway> StartAsync(string yaml) =>
        TestGateway.StartAsync(yaml, s => s.AddSingleton<IGlobalFilter, RouteIdResponder>());

    [Fact]
    public async Task ValidChange_IsSwappedIn()
    {
        await using var gateway = await StartAsync(RouteA);
        Assert.StartsWith("route=route-a", await gateway.Client.GetStringAsync("/x"), StringComparison.Ordinal);

        var status = await gateway.RewriteConfigAsync(RouteA.Replace("route-a", "route-b", StringComparison.Ordinal));

        Assert.True(status.Succeeded);
        Assert.Equal(2, status.Generation);
        Assert.StartsWith("route=route-b", await gateway.Client.GetStringAsync("/x"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenYaml_KeepsLastGoodConfigAndReportsIt()
    {
        await using var gateway = await StartAsync(RouteA);

        var status = await gateway.RewriteConfigAsync("portico:\n  routes: [ unclosed\n");

        Assert.False(status.Succeeded);
        Assert.Equal(1, status.Generation);
        Assert.Contains(status.Errors, e => e.Field.EndsWith("portico.yml", StringComparison.Ordinal));
        Assert.StartsWith("route=route-a", await gateway.Client.GetStringAsync("/x"), StringComparison.Ordinal);
        Assert.Contains(gateway.Logs.Entries, e => e.Message.Contains("reload rejected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvalidRoutes_KeepLastGoodConfig_ThenAFixedFileIsAccepted()
    {
        await using var gateway = await StartAsync(RouteA);

        var bad = await gateway.RewriteConfigAsync("""
            portico:
              routes:
                - id: broken
                  uri: nowhere
                  predicates: [ "NoSuchPredicate=1" ]
            """);
        Assert.False(bad.Succeeded);
        Assert.Equal(2, bad.Errors.Count);
        Assert.All(bad.Errors, e => Assert.Equal("broken", e.RouteId));
        Assert.StartsWith("route=route-a", await gateway.Client.GetStringAsync("/x"), StringComparison.Ordinal);
        var provider = gateway.Services.GetRequiredService<IGatewaySnapshotProvider>();
        Assert.False(provider.Status.Succeeded);

        var good = await gateway.RewriteConfigAsync(RouteA.Replace("route-a", "route-c", StringComparison.Ordinal));
        Assert.True(good.Succeeded);
        Assert.StartsWith("route=route-c", await gateway.Client.GetStringAsync("/x"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidConfigAtStartup_ThrowsWithEveryError()
    {
        var ex = await Assert.ThrowsAsync<PorticoConfigException>(() => StartAsync("""
            portico:
              routes:
                - id: one
                  uri: ftp://x
                - id: two
                  uri: http://127.0.0.1:1
                  filters: [ "Nope=1" ]
            """));
        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains("route 'one', uri", ex.Message, StringComparison.Ordinal);
        Assert.Contains("route 'two', filters[0]", ex.Message, StringComparison.Ordinal);
    }
}
