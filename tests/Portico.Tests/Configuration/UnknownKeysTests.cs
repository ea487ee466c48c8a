using Portico.Configuration;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Configuration;

public sealed class UnknownKeysTests
{
    [Fact]
    public void Read_RouteWithMisspeltFilters_IsAnErrorNamingTheKeyAndTheNearestValidOne()
    {
        var errors = new List<ConfigError>();

        ConfigText.Read("""
            portico:
              routes:
                - id: orders
                  uri: http://127.0.0.1:5001
                  predicates:
                    - Path=/orders/**
                  filtres:
                    - StripPrefix=1
            """, errors);

        var error = Assert.Single(errors);
        Assert.Equal("orders", error.RouteId);
        Assert.Equal("filtres", error.Field);
        Assert.Equal("'filtres' is not a setting Portico knows.", error.Problem);
        Assert.Equal("Did you mean 'filters'?", error.Fix);
    }

    [Fact]
    public void Read_SpringRouteWithMisspeltPredicates_IsAnErrorToo()
    {
        var errors = new List<ConfigError>();

        ConfigText.Read("""
            spring:
              cloud:
                gateway:
                  routes:
                    - id: orders
                      uri: http://127.0.0.1:5001
                      predicate:
                        - Path=/orders/**
            """, errors);

        var error = Assert.Single(errors);
        Assert.Equal("predicate", error.Field);
        Assert.Equal("Did you mean 'predicates'?", error.Fix);
    }

    [Fact]
    public void Read_ExpandedComponentWithMisspeltArgs_IsAnError()
    {
        var errors = new List<ConfigError>();

        ConfigText.Read("""
            portico:
              routes:
                - id: legacy
                  uri: http://127.0.0.1:5002
                  predicates:
                    - name: Path
                      agrs:
                        patterns: /legacy/**
            """, errors);

        Assert.Contains(errors, e => e.Field == "predicates[0].agrs" && e.Fix == "Did you mean 'args'?");
    }

    [Theory]
    [InlineData("htttp-client:\n    connect-timeout: 2s", "htttp-client", "Did you mean 'http-client'?")]
    [InlineData("http-client:\n    respons-timeout: 2s", "http-client.respons-timeout", "Did you mean 'response-timeout'?")]
    [InlineData("xyzzy: 1", "xyzzy", "Remove it, or check its spelling against docs/configuration.md.")]
    public void Read_UnknownPorticoSetting_IsAnError(string yaml, string field, string fix)
    {
        var errors = new List<ConfigError>();

        ConfigText.Read("portico:\n  " + yaml + "\n", errors);

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(fix, error.Fix);
    }

    [Fact]
    public void Read_SettingsOfOtherSectionsAndSpringsOwnKeys_StayFree()
    {
        var errors = new List<ConfigError>();

        ConfigText.Read("""
            Logging:
              LogLevel:
                Default: Warning
            Kestrel:
              Limits:
                MaxConcurrentConnections: 100
            portico:
              management:
                allowed-networks: 127.0.0.1
            spring:
              cloud:
                gateway:
                  httpclient:
                    pool:
                      type: fixed
                  routes:
                    - id: a
                      uri: http://127.0.0.1:5001
                      predicates:
                        - Path=/a/**
            """, errors);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("filtres", "filters")]
    [InlineData("FILTERS", "filters")]
    [InlineData("respnse-timeout", "response-timeout")]
    [InlineData("metdata", "metadata")]
    public void Nearest_Typo_FindsTheIntendedKey(string typo, string intended)
    {
        Assert.Equal(intended, UnknownKeys.Nearest(typo, ["filters", "predicates", "metadata", "response-timeout", "connect-timeout"]));
    }

    [Fact]
    public void Nearest_NothingClose_IsNull()
    {
        Assert.Null(UnknownKeys.Nearest("banana", ["filters", "predicates"]));
    }
}
