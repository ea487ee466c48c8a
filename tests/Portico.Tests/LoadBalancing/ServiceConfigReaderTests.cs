using Portico.Configuration;
using Portico.Health;
using Portico.LoadBalancing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.LoadBalancing;

public class ServiceConfigReaderTests
{
    [Fact]
    public void Read_FullServiceEntry_BindsEverySetting()
    {
        var errors = new List<ConfigError>();
        var config = ConfigText.Read("""
            portico:
              services:
                orders:
                  load-balancer: RoundRobin
                  health:
                    active:
                      path: /actuator/health
                      interval: 5s
                      timeout: 1s
                      healthy-statuses: 200-299
                      healthy-threshold: 1
                      unhealthy-threshold: 2
                    passive:
                      consecutive-failures: 3
                      failure-rate: 0.25
                      window: 30s
                      min-requests: 20
                      reactivation-period: 5s
                      max-reactivation-period: 2m
                    all-unhealthy: Panic
                  affinity:
                    mode: Cookie
                    header-name: X-Instance
                    cookie-name: ORDERS_NODE
                  retry:
                    attempts: 2
                    timeout: 3s
            """, errors);
        Assert.Empty(errors);
        var orders = config.Services["ORDERS"];
        Assert.Equal(LoadBalancingPolicies.RoundRobin, orders.LoadBalancer);
        Assert.Equal(new ActiveHealthCheckConfig
        {
            Path = "/actuator/health",
            Interval = TimeSpan.FromSeconds(5),
            Timeout = TimeSpan.FromSeconds(1),
            HealthyStatuses = "200-299",
            HealthyThreshold = 1,
            UnhealthyThreshold = 2,
        }, orders.Health.Active);
        Assert.Equal(new PassiveHealthCheckConfig
        {
            ConsecutiveFailures = 3,
            FailureRate = 0.25,
            Window = TimeSpan.FromSeconds(30),
            MinRequests = 20,
            ReactivationPeriod = TimeSpan.FromSeconds(5),
            MaxReactivationPeriod = TimeSpan.FromMinutes(2),
        }, orders.Health.Passive);
        Assert.Equal(AllUnhealthyBehavior.Panic, orders.Health.AllUnhealthy);
        Assert.Equal(new AffinityConfig { Mode = AffinityMode.Cookie, HeaderName = "X-Instance", CookieName = "ORDERS_NODE" }, orders.Affinity);
        Assert.Equal(new RetryConfig { Attempts = 2, Timeout = TimeSpan.FromSeconds(3) }, orders.Retry);
    }

    [Fact]
    public void Read_EntriesStartFromServiceDefaults()
    {
        var config = ConfigText.Read("""
            portico:
              service-defaults:
                load-balancer: LeastRequests
                retry:
                  attempts: 5
              services:
                orders:
                  retry:
                    timeout: 2s
            """);
        Assert.Equal(LoadBalancingPolicies.LeastRequests, config.ServiceDefaults.LoadBalancer);
        var orders = config.Services["orders"];
        Assert.Equal(LoadBalancingPolicies.LeastRequests, orders.LoadBalancer);
        Assert.Equal(new RetryConfig { Attempts = 5, Timeout = TimeSpan.FromSeconds(2) }, orders.Retry);
        Assert.Equal(new RetryConfig { Attempts = 5 }, config.ServiceDefaults.Retry);
    }

    [Fact]
    public void Read_NoServices_BuiltInDefaults()
    {
        var config = ConfigText.Read("portico:\n  routes: []\n");
        Assert.Empty(config.Services);
        Assert.Equal(new ServiceConfig(), config.ServiceDefaults);
        Assert.Equal(LoadBalancingPolicies.PowerOfTwoChoices, ServiceConfigLookup.For(config, "anything").LoadBalancer);
    }

    [Fact]
    public void Read_SpringAliasSection_Works()
    {
        var config = ConfigText.Read("""
            spring:
              cloud:
                gateway:
                  services:
                    orders:
                      affinity:
                        mode: none
            """);
        Assert.Equal(AffinityMode.None, config.Services["orders"].Affinity.Mode);
    }

    [Fact]
    public void Read_BadValues_ErrorsNameTheField()
    {
        var errors = new List<ConfigError>();
        ConfigText.Read("""
            portico:
              services:
                orders:
                  health:
                    active:
                      interval: soon
                    all-unhealthy: Sometimes
                  retry:
                    attempts: many
            """, errors);
        Assert.Equal(
            ["services.orders.health.active.interval", "services.orders.health.all-unhealthy", "services.orders.retry.attempts"],
            errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Contains(errors, e => e.Problem == "'Sometimes' is not one of Fail, Panic.");
    }

    [Fact]
    public void Read_UnknownKey_IsAnErrorListingKnownOnes()
    {
        var errors = new List<ConfigError>();
        ConfigText.Read("""
            portico:
              services:
                orders:
                  load-balancr: RoundRobin
                  health:
                    pasive:
                      window: 5s
            """, errors);
        Assert.Equal(["services.orders.health.pasive", "services.orders.load-balancr"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Contains("load-balancer", errors.Single(e => e.Field.EndsWith("load-balancr", StringComparison.Ordinal)).Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ServiceWithScalarValue_IsAnError()
    {
        var errors = new List<ConfigError>();
        ConfigText.Read("portico:\n  services:\n    orders: RoundRobin\n", errors);
        Assert.Equal("services.orders", Assert.Single(errors).Field);
    }

    [Fact]
    public void Equals_ServicesCompareByValue()
    {
        const string Yaml = "portico:\n  services:\n    orders:\n      load-balancer: Random\n";
        Assert.Equal(ConfigText.Read(Yaml), ConfigText.Read(Yaml));
        Assert.NotEqual(ConfigText.Read(Yaml), ConfigText.Read(Yaml.Replace("Random", "RoundRobin", StringComparison.Ordinal)));
    }
}
