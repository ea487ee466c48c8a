using Portico.Configuration;
using Portico.Discovery;
using Portico.LoadBalancing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.LoadBalancing;

public class ServiceConfigValidatorTests
{
    private static List<ConfigError> Validate(string yaml, params ILoadBalancingPolicy[] extra)
    {
        var errors = new List<ConfigError>();
        var config = ConfigText.Read(yaml, errors);
        Assert.Empty(errors);
        new ServiceConfigValidator([new RoundRobinPolicy(), new PowerOfTwoChoicesPolicy(new SequenceRandom()), .. extra]).Validate(config, errors);
        return errors;
    }

    [Fact]
    public void Defaults_AreValid() => Assert.Empty(Validate("portico:\n  routes: []\n"));

    [Fact]
    public void UnknownPolicy_ErrorListsRegisteredOnes()
    {
        var error = Assert.Single(Validate("portico:\n  services:\n    orders:\n      load-balancer: IpPriority\n"));
        Assert.Equal("services.orders.load-balancer", error.Field);
        Assert.Equal("'IpPriority' is not a registered load-balancing policy.", error.Problem);
        Assert.Equal("Use one of: PowerOfTwoChoices, RoundRobin.", error.Fix);
    }

    [Fact]
    public void CustomPolicyRegistered_IsAccepted() =>
        Assert.Empty(Validate("portico:\n  services:\n    orders:\n      load-balancer: IpPriority\n", new NamedPolicy("IpPriority")));

    [Fact]
    public void InvalidRanges_EachReportedWithItsField()
    {
        var errors = Validate("""
            portico:
              service-defaults:
                retry:
                  attempts: 0
              services:
                orders:
                  health:
                    active:
                      path: health
                      interval: 1s
                      timeout: 2s
                      healthy-statuses: 200-700
                      unhealthy-threshold: 0
                    passive:
                      consecutive-failures: -1
                      failure-rate: 1.5
                      min-requests: 0
                      reactivation-period: 30s
                      max-reactivation-period: 10s
                  affinity:
                    header-name: "FIXED INSTANCE"
                    cookie-name: "a;b"
            """);
        Assert.Equal(
            [
                "service-defaults.retry.attempts",
                "services.orders.affinity.cookie-name",
                "services.orders.affinity.header-name",
                "services.orders.health.active.healthy-statuses",
                "services.orders.health.active.path",
                "services.orders.health.active.timeout",
                "services.orders.health.active.unhealthy-threshold",
                "services.orders.health.passive.consecutive-failures",
                "services.orders.health.passive.failure-rate",
                "services.orders.health.passive.max-reactivation-period",
                "services.orders.health.passive.min-requests",
                "services.orders.retry.attempts",
            ],
            errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Contains(errors, e => e.Problem == "2s is longer than the interval 1s.");
    }

    [Fact]
    public void RouteMetadata_BadValues_ReportedWithRouteId()
    {
        var errors = Validate("""
            portico:
              routes:
                - id: orders
                  uri: lb://orders
                  metadata:
                    retry-attempts: zero
                    retry-timeout: never
                    instance-header: "X Instance"
            """);
        Assert.All(errors, e => Assert.Equal("orders", e.RouteId));
        Assert.Equal(["metadata.instance-header", "metadata.retry-attempts", "metadata.retry-timeout"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    private sealed class NamedPolicy(string name) : ILoadBalancingPolicy
    {
        public string Name => name;

        public ServiceInstance? Pick(InstanceSelectionContext context) => context.Candidates[0];
    }
}
