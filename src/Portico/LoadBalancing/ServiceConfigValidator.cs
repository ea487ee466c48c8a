using Portico.Configuration;
using Portico.Health;

namespace Portico.LoadBalancing;

/// <summary>
/// Validates <c>service-defaults</c>, every <c>services</c> entry and the load-balancer metadata of every route:
/// policy names against the registered policies, durations, thresholds, ratios, status ranges and header names.
/// </summary>
internal sealed class ServiceConfigValidator(IEnumerable<ILoadBalancingPolicy> policies) : IPorticoConfigValidator
{
    private readonly Dictionary<string, ILoadBalancingPolicy> _policies = LoadBalancingStep.PolicyMap(policies);

    public void Validate(PorticoConfig config, List<ConfigError> errors)
    {
        ValidateService(config.ServiceDefaults, "service-defaults", errors);
        foreach (var (serviceId, service) in config.Services)
        {
            ValidateService(service, $"{ServiceConfigReader.SectionName}.{serviceId}", errors);
        }

        for (var i = 0; i < config.Routes.Count; i++)
        {
            var route = config.Routes[i];
            RouteLoadBalancerSettings.Parse(route.Metadata, string.IsNullOrWhiteSpace(route.Id) ? $"routes[{i}]" : route.Id, errors);
        }
    }

    private void ValidateService(ServiceConfig service, string path, List<ConfigError> errors)
    {
        if (!_policies.ContainsKey(service.LoadBalancer))
        {
            var known = string.Join(", ", _policies.Keys.Order(StringComparer.Ordinal));
            errors.Add(new ConfigError(null, $"{path}.load-balancer", $"'{service.LoadBalancer}' is not a registered load-balancing policy.", $"Use one of: {known}."));
        }

        var active = service.Health.Active;
        var activePath = $"{path}.health.active";
        if (!string.IsNullOrEmpty(active.Path))
        {
            if (active.Path[0] != '/' || active.Path.Contains("://", StringComparison.Ordinal))
            {
                errors.Add(new ConfigError(null, $"{activePath}.path", $"'{active.Path}' is not a path.", "Write a path starting with '/', such as /actuator/health."));
            }

            Positive(active.Interval, $"{activePath}.interval", errors);
            Positive(active.Timeout, $"{activePath}.timeout", errors);
            if (active.Timeout > active.Interval)
            {
                errors.Add(new ConfigError(null, $"{activePath}.timeout", $"{Show(active.Timeout)} is longer than the interval {Show(active.Interval)}.", "Make the probe timeout at most the interval."));
            }

            AtLeastOne(active.HealthyThreshold, $"{activePath}.healthy-threshold", errors);
            AtLeastOne(active.UnhealthyThreshold, $"{activePath}.unhealthy-threshold", errors);
        }

        if (!StatusCodeRanges.TryParse(active.HealthyStatuses, out _, out var statusProblem))
        {
            errors.Add(new ConfigError(null, $"{activePath}.healthy-statuses", statusProblem, "Write codes and ranges separated by commas, such as 200-399 or 200,204."));
        }

        var passive = service.Health.Passive;
        var passivePath = $"{path}.health.passive";
        if (passive.ConsecutiveFailures < 0)
        {
            errors.Add(new ConfigError(null, $"{passivePath}.consecutive-failures", $"{passive.ConsecutiveFailures} is negative.", "Write a positive count, or 0 to turn the rule off."));
        }

        if (double.IsNaN(passive.FailureRate) || passive.FailureRate is < 0 or > 1)
        {
            errors.Add(new ConfigError(null, $"{passivePath}.failure-rate", $"{passive.FailureRate} is not between 0 and 1.", "Write a share such as 0.5 for 50%, or 0 to turn the rule off."));
        }

        Positive(passive.Window, $"{passivePath}.window", errors);
        AtLeastOne(passive.MinRequests, $"{passivePath}.min-requests", errors);
        Positive(passive.ReactivationPeriod, $"{passivePath}.reactivation-period", errors);
        if (passive.MaxReactivationPeriod < passive.ReactivationPeriod)
        {
            errors.Add(new ConfigError(null, $"{passivePath}.max-reactivation-period", $"{Show(passive.MaxReactivationPeriod)} is shorter than the reactivation period {Show(passive.ReactivationPeriod)}.", "Make it at least the reactivation period."));
        }

        var affinity = service.Affinity;
        if (!IsToken(affinity.HeaderName))
        {
            errors.Add(new ConfigError(null, $"{path}.affinity.header-name", $"'{affinity.HeaderName}' is not a valid header name.", "Use letters, digits and -_ only, such as FIXED_INSTANCE."));
        }

        if (affinity.CookieName is not null && !IsToken(affinity.CookieName))
        {
            errors.Add(new ConfigError(null, $"{path}.affinity.cookie-name", $"'{affinity.CookieName}' is not a valid cookie name.", "Use letters, digits and -_ only."));
        }

        AtLeastOne(service.Retry.Attempts, $"{path}.retry.attempts", errors);
        Positive(service.Retry.Timeout, $"{path}.retry.timeout", errors);
        LabelRoutingConfig.Validate(service.Labels, path, errors);
    }

    internal static bool IsToken(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static void Positive(TimeSpan value, string field, List<ConfigError> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add(new ConfigError(null, field, $"{Show(value)} is not a positive duration.", "Write a duration such as 500ms, 5s or 1m."));
        }
    }

    private static void AtLeastOne(int value, string field, List<ConfigError> errors)
    {
        if (value < 1)
        {
            errors.Add(new ConfigError(null, field, $"{value} is less than 1.", "Write a whole number of at least 1."));
        }
    }

    private static string Show(TimeSpan value) => value < TimeSpan.Zero ? value.ToString() : InstanceHealth.Format(value);
}
