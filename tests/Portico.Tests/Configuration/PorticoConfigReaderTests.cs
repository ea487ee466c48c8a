using Portico.Configuration;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Configuration;

public class PorticoConfigReaderTests
{
    [Fact]
    public void Read_ShortcutAndExpandedNotations_BothBecomeComponents()
    {
        var config = ConfigText.Read("""
            portico:
              routes:
                - id: orders
                  uri: http://127.0.0.1:5001
                  order: 3
                  predicates:
                    - Path=/orders/**
                    - name: Header
                      args:
                        header: X-Request-Id
                        regexp: \d+
                  filters:
                    - StripPrefix=1
                  metadata:
                    response-timeout: 200
                    nested:
                      key: value
            """);
        var route = Assert.Single(config.Routes);
        Assert.Equal("orders", route.Id);
        Assert.Equal(3, route.Order);
        Assert.Equal(["/orders/**"], route.Predicates[0].ShortcutArgs);
        Assert.Equal("Header", route.Predicates[1].Name);
        Assert.Equal(["X-Request-Id"], route.Predicates[1].Args["header"]);
        Assert.Equal("StripPrefix", route.Filters[0].Name);
        Assert.Equal("200", route.Metadata["response-timeout"]);
        Assert.Equal("value", route.Metadata["nested.key"]);
    }

    [Fact]
    public void Read_SpringApplicationYaml_IsAcceptedAsAlias()
    {
        var config = ConfigText.Read("""
            spring:
              cloud:
                gateway:
                  default-filters:
                    - AddResponseHeader=X-Gateway, portico
                  routes:
                    - id: a
                      uri: lb://service-a
                      predicates:
                        - Path=/a/**
                  httpclient:
                    connect-timeout: 1500
                    response-timeout: 5s
                  x-forwarded:
                    prefix-enabled: false
                  metrics:
                    tags:
                      path:
                        enabled: true
            """);
        Assert.Equal("a", Assert.Single(config.Routes).Id);
        Assert.Equal("AddResponseHeader", Assert.Single(config.DefaultFilters).Name);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), config.HttpClient.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), config.HttpClient.ResponseTimeout);
        Assert.False(config.XForwarded.PrefixEnabled);
        Assert.True(config.XForwarded.ForEnabled);
        Assert.True(config.Metrics.PathTagEnabled);
    }

    [Fact]
    public void Read_SpringDottedKeys_AreNestedPaths()
    {
        var config = ConfigText.Read("""
            spring.cloud.gateway.routes:
              - id: dotted
                uri: http://127.0.0.1:1
            """);
        Assert.Equal("dotted", Assert.Single(config.Routes).Id);
    }

    [Fact]
    public void Read_SpringWebfluxServerSection_IsAccepted()
    {
        var config = ConfigText.Read("""
            spring:
              cloud:
                gateway:
                  server:
                    webflux:
                      routes:
                        - id: new-style
                          uri: http://127.0.0.1:1
            """);
        Assert.Equal("new-style", Assert.Single(config.Routes).Id);
    }

    [Fact]
    public void Read_MoreThanTenRoutes_KeepsWrittenOrder()
    {
        var yaml = "portico:\n  routes:\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"    - id: r{i}\n      uri: http://127.0.0.1:{1000 + i}\n"));
        var config = ConfigText.Read(yaml);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"r{i}"), config.Routes.Select(r => r.Id));
    }

    [Fact]
    public void Read_BadSettings_ReportsEveryProblemWithItsField()
    {
        var errors = new List<ConfigError>();
        ConfigText.Read("""
            portico:
              httpclient:
                connect-timeout: soon
                max-connections-per-server: many
              metrics:
                enabled: perhaps
              routes:
                - id: r
                  uri: http://127.0.0.1:1
                  order: first
                  predicates:
                    - args:
                        x: y
            """, errors);
        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.Field == "http-client.connect-timeout");
        Assert.Contains(errors, e => e.Field == "http-client.max-connections-per-server");
        Assert.Contains(errors, e => e.Field == "metrics.enabled");
        Assert.Contains(errors, e => e.RouteId == "r" && e.Field == "order");
        Assert.Contains(errors, e => e.RouteId == "r" && e.Field == "predicates[0]" && e.Problem.Contains("name", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NoResponseTimeout_DefaultIsFinite()
    {
        var config = ConfigText.Read("""
            portico:
              httpclient:
                connect-timeout: 2s
            """);
        Assert.Equal(TimeSpan.FromSeconds(30), config.HttpClient.ResponseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), new HttpClientConfig().ResponseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), new PorticoConfig().HttpClient.ResponseTimeout);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("infinite")]
    [InlineData("Infinite")]
    public void Read_ResponseTimeoutSwitchedOffExplicitly_DisablesIt(string value)
    {
        var errors = new List<ConfigError>();
        var config = ConfigText.Read($"portico:\n  httpclient:\n    response-timeout: {value}\n", errors);
        Assert.Empty(errors);
        Assert.Null(config.HttpClient.ResponseTimeout);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("never")]
    [InlineData("'-'")]
    public void Read_ResponseTimeoutNotADuration_IsAnErrorNotNoTimeout(string value)
    {
        var errors = new List<ConfigError>();
        ConfigText.Read($"portico:\n  httpclient:\n    response-timeout: {value}\n", errors);
        var error = Assert.Single(errors);
        Assert.Equal("http-client.response-timeout", error.Field);
        Assert.Contains("infinite", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NegativeResponseTimeout_DisablesIt()
    {
        var config = ConfigText.Read("""
            portico:
              httpclient:
                response-timeout: -1
            """);
        Assert.Null(config.HttpClient.ResponseTimeout);
    }

    [Fact]
    public void Equality_SameTextTwice_ConfigsAreEqual()
    {
        const string yaml = """
            portico:
              routes:
                - id: r
                  uri: http://127.0.0.1:1
                  predicates: [ "Path=/a/**" ]
                  metadata: { response-timeout: 10 }
            """;
        Assert.Equal(ConfigText.Read(yaml), ConfigText.Read(yaml));
        Assert.NotEqual(ConfigText.Read(yaml), ConfigText.Read(yaml.Replace("/a/**", "/b/**", StringComparison.Ordinal)));
    }
}
