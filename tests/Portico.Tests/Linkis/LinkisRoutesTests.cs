using Microsoft.Extensions.DependencyInjection;
using Portico.Configuration;
using Portico.Filters;
using Portico.Predicates;
using Portico.Linkis;
using Portico.Routing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Linkis;

public sealed class LinkisRoutesTests
{
    private const string Enabled = """
        portico:
          linkis:
            enabled: true
        """;

    [Fact]
    public void Read_Disabled_NoLinkisRoutes()
    {
        var config = ConfigText.Read("portico:\n  routes:\n    - id: a\n      uri: http://a:1\n      predicates: [Path=/a/**]\n");

        Assert.False(config.Linkis.Enabled);
        Assert.Equal(["a"], config.Routes.Select(r => r.Id));
    }

    [Fact]
    public void Read_Enabled_AddsFourRoutesAfterConfiguredOnes()
    {
        var config = ConfigText.Read("""
            portico:
              linkis:
                enabled: true
              routes:
                - id: mine
                  uri: http://a:1
                  predicates: [Path=/api/special/**]
            """);

        Assert.Equal(["mine", "api", "dws", "ws_http", "ws"], config.Routes.Select(r => r.Id));
        var api = config.Routes[1];
        Assert.Equal("lb://linkis-mg-gateway", api.Uri);
        Assert.Equal("Path=/api/**", api.Predicates.Single().ToString());
        Assert.Equal("api", api.Metadata[LinkisRoutes.MetadataKey]);
        Assert.Equal("Path=/dws/**", config.Routes[2].Predicates.Single().ToString());
        Assert.Equal("Path=/ws/info/**", config.Routes[3].Predicates.Single().ToString());
        Assert.Equal("lb:ws://linkis-mg-gateway", config.Routes[4].Uri);
        Assert.Equal("Path=/ws/**", config.Routes[4].Predicates.Single().ToString());
    }

    [Fact]
    public void Read_CustomSocketUriAndApplication_DerivedRoutes()
    {
        var config = ConfigText.Read("""
            portico:
              linkis:
                enabled: true
                gateway-application: my-gw
                socket-uri: /socket/
            """);

        Assert.Equal("lb://my-gw", config.Routes[0].Uri);
        Assert.Equal("Path=/socket/info/**", config.Routes[2].Predicates.Single().ToString());
        Assert.Equal("Path=/socket/**", config.Routes[3].Predicates.Single().ToString());
    }

    [Fact]
    public void Read_LinkisSettings_BoundWithLinkisFormats()
    {
        var config = ConfigText.Read("""
            portico:
              linkis:
                enabled: true
                server-version: v2
                max-buffer-size: 10MB
                public-service-list: cs,jobhistory
                manager-list: [linkisManager]
                public-service-enabled: false
                registry-refresh-wait: 2s
                this-url: http://gw.example.org:9001
            """);

        var linkis = config.Linkis;
        Assert.Equal("v2", linkis.ServerVersion);
        Assert.Equal(10L * 1024 * 1024, linkis.MaxBufferSize);
        Assert.Equal(["cs", "jobhistory"], linkis.PublicServiceList);
        Assert.Equal(["linkisManager"], linkis.ManagerList);
        Assert.False(linkis.PublicServiceEnabled);
        Assert.Equal(TimeSpan.FromSeconds(2), linkis.RegistryRefreshWait);
        Assert.Equal("http://gw.example.org:9001", linkis.ThisUrl);
        Assert.Equal(128L * 1024 * 1024, new LinkisConfig().MaxBufferSize);
    }

    [Fact]
    public void Read_SameYamlTwice_EqualConfigs()
    {
        var yaml = Enabled + "\n    public-service-list: a,b\n";

        Assert.Equal(ConfigText.Read(yaml), ConfigText.Read(yaml));
        Assert.NotEqual(ConfigText.Read(yaml), ConfigText.Read(yaml.Replace("a,b", "a,c", StringComparison.Ordinal)));
        Assert.NotEqual(ConfigText.Read(Enabled), ConfigText.Read(Enabled + "\n    server-version: v2\n"));
    }

    [Theory]
    [InlineData("server-version: 1", "linkis.server-version")]
    [InlineData("gateway-application: \"my gw\"", "linkis.gateway-application")]
    [InlineData("user-uri: api/user", "linkis.user-uri")]
    [InlineData("socket-uri: /ws/**", "linkis.socket-uri")]
    [InlineData("max-buffer-size: 0", "linkis.max-buffer-size")]
    [InlineData("this-url: ftp://x", "linkis.this-url")]
    [InlineData("this-schema: ftp", "linkis.this-schema")]
    [InlineData("gateway-instance: nohostport", "linkis.gateway-instance")]
    [InlineData("entrance-name: \"\"", "linkis.entrance-name")]
    public void Read_InvalidSetting_NamedErrorAndNoRoutes(string setting, string field)
    {
        var errors = new List<ConfigError>();

        var config = ConfigText.Read(Enabled + "\n    " + setting + "\n", errors);

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Null(error.RouteId);
        Assert.Empty(config.Routes);
    }

    private static RouteTableBuilder Builder()
    {
        using var services = new ServiceCollection().AddLogging().AddPortico().AddLinkis().BuildServiceProvider();
        return new RouteTableBuilder(services.GetServices<IRoutePredicateFactory>(), services.GetServices<IGatewayFilterFactory>(), []);
    }

    [Fact]
    public void Build_LinkisRoutes_CompileWithBuiltInPathPredicate()
    {
        var builder = Builder();

        var (table, errors) = builder.Build(ConfigText.Read(Enabled));

        Assert.Empty(errors);
        Assert.Equal(["api", "dws", "ws_http", "ws"], table!.Routes.Select(r => r.Id));
        Assert.Equal("lb", table.Routes[3].SchemePrefix);
    }

    [Fact]
    public void Build_UserRouteNamedApi_DuplicateIdError()
    {
        var builder = Builder();

        var (table, errors) = builder.Build(ConfigText.Read(Enabled + "\n  routes:\n    - id: api\n      uri: http://a:1\n      predicates: [Path=/x/**]\n"));

        Assert.Null(table);
        Assert.Contains(errors, e => e.RouteId == "api" && e.Field == "id");
    }
}
