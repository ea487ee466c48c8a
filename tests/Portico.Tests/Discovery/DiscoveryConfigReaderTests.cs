using Microsoft.Extensions.Configuration;
using Portico.Configuration;
using Portico.Discovery;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Discovery;

public sealed class DiscoveryConfigReaderTests
{
    private static (PorticoConfig Config, List<ConfigError> Errors) Read(string yaml)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(yaml));
        var data = PorticoFileConfigurationProvider.ParseYaml(stream);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(data).Build();
        var errors = new List<ConfigError>();
        return (PorticoConfigReader.Read(configuration, errors, LinkisModule.ConfigSections), errors);
    }

    [Fact]
    public void Read_StaticMapAndServicesList_AllInstances()
    {
        var (config, errors) = Read("""
            portico:
              discovery:
                static:
                  orders:
                    - host: 10.0.0.1
                      port: 8080
                      weight: 3
                      metadata:
                        route: et1
                    - uri: https://10.0.0.2:8443
                      id: orders-b
                services:
                  - app: billing
                    host: billing.local
                    port: 80
                    status: OUT_OF_SERVICE
            """);

        Assert.Empty(errors);
        var instances = config.Discovery.Instances;
        Assert.Equal(3, instances.Count);
        Assert.Equal(("orders", "10.0.0.1", 8080, 3, "et1"), (instances[0].App, instances[0].Host, instances[0].Port, instances[0].Weight, instances[0].Metadata["route"]));
        Assert.Equal(("orders-b", "https", 8443), (instances[1].Id, instances[1].Scheme, instances[1].Port));
        Assert.Equal(("billing", InstanceStatus.OutOfService), (instances[2].App, instances[2].Status));
    }

    [Fact]
    public void Read_ScalarSettings_Bound()
    {
        var (config, errors) = Read("""
            portico:
              discovery:
                lease-renewal-interval: 10s
                lease-duration: 30s
                eviction-interval: 5s
                access:
                  trusted-networks: [10.0.0.0/8, 192.168.1.10]
                  username: eureka
                  password: secret
                eureka:
                  enabled: false
                eureka-client:
                  server-urls: http://a:8761/eureka/,http://b:8761/eureka/
                  fetch-interval: 5s
                  apps: [ORDERS]
                store:
                  directory: /var/lib/portico
            """);

        Assert.Empty(errors);
        var d = config.Discovery;
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)), (d.LeaseRenewalInterval, d.LeaseDuration, d.EvictionInterval));
        Assert.Equal(["10.0.0.0/8", "192.168.1.10"], d.Access.TrustedNetworks);
        Assert.Equal("eureka", d.Access.Username);
        Assert.False(d.Eureka.Enabled);
        Assert.Equal(2, d.EurekaClient.ServerUrls.Count);
        Assert.Equal(["ORDERS"], d.EurekaClient.Apps);
        Assert.Equal("/var/lib/portico", d.Store.Directory);
        Assert.DoesNotContain("secret", d.Access.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SameYamlTwice_ConfigsEqual()
    {
        const string yaml = """
            portico:
              discovery:
                static:
                  orders: [ { host: 10.0.0.1, port: 8080, metadata: { a: b } } ]
                access: { trusted-networks: [10.0.0.0/8] }
            """;

        Assert.Equal(Read(yaml).Config, Read(yaml).Config);
    }

    [Theory]
    [InlineData("static: { orders: [ { host: 10.0.0.1, port: 0 } ] }", "discovery.static.orders[0].port")]
    [InlineData("static: { orders: [ { host: 'bad/host', port: 80 } ] }", "discovery.static.orders[0].host")]
    [InlineData("static: { orders: [ { host: 10.0.0.1, port: eighty } ] }", "discovery.static.orders[0].port")]
    [InlineData("services: [ { host: 10.0.0.1, port: 80 } ]", "discovery.services[0].app")]
    [InlineData("static: { orders: [ { host: 10.0.0.1, port: 80 }, { host: 10.0.0.1, port: 80 } ] }", "discovery.static.orders[1].id")]
    [InlineData("access: { trusted-networks: [ 10.0.0.0/99 ] }", "discovery.access.trusted-networks[0]")]
    [InlineData("access: { username: u }", "discovery.access")]
    [InlineData("lease-duration: 10s", "discovery.lease-duration")]
    [InlineData("eureka-client: { server-urls: [ 'ftp://x' ] }", "discovery.eureka-client.server-urls[0]")]
    [InlineData("eviction-interval: soon", "discovery.eviction-interval")]
    public void Read_BadValue_ErrorNamesField(string discovery, string field)
    {
        var (_, errors) = Read("portico:\n  discovery:\n    " + discovery + "\n");

        Assert.Contains(errors, e => e.Field == field);
    }
}
