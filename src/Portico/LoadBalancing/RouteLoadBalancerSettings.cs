using System.Globalization;
using System.Runtime.CompilerServices;
using Portico.Configuration;
using Portico.Routing;

namespace Portico.LoadBalancing;

/// <summary>
/// The load-balancer settings a route sets in its metadata (<see cref="LoadBalancerRouteMetadata"/>), parsed once per
/// compiled route. Validation reports bad values when the configuration loads; here they are simply not applied.
/// </summary>
internal sealed record RouteLoadBalancerSettings(int? RetryAttempts, TimeSpan? RetryTimeout, string? InstanceHeader)
{
    private static readonly ConditionalWeakTable<Route, RouteLoadBalancerSettings> Cache = new();

    public static RouteLoadBalancerSettings None { get; } = new(null, null, null);

    public static RouteLoadBalancerSettings For(Route? route) =>
        route is null ? None : Cache.GetValue(route, static r => Parse(r.Metadata, r.Id, null));

    public static RouteLoadBalancerSettings Parse(IReadOnlyDictionary<string, string> metadata, string routeId, List<ConfigError>? errors)
    {
        int? attempts = null;
        TimeSpan? timeout = null;
        string? header = null;
        if (metadata.TryGetValue(LoadBalancerRouteMetadata.RetryAttempts, out var attemptsText))
        {
            if (int.TryParse(attemptsText, NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a >= 1)
            {
                attempts = a;
            }
            else
            {
                errors?.Add(new ConfigError(routeId, $"metadata.{LoadBalancerRouteMetadata.RetryAttempts}", $"'{attemptsText}' is not a whole number of at least 1.", "Write the most attempts per request, e.g. 3; 1 disables retries."));
            }
        }

        if (metadata.TryGetValue(LoadBalancerRouteMetadata.RetryTimeout, out var timeoutText))
        {
            if (DurationParser.TryParse(timeoutText, out var t) && t > TimeSpan.Zero)
            {
                timeout = t;
            }
            else
            {
                errors?.Add(new ConfigError(routeId, $"metadata.{LoadBalancerRouteMetadata.RetryTimeout}", $"'{timeoutText}' is not a positive duration.", "Write milliseconds (e.g. 5000) or a duration such as 5s."));
            }
        }

        if (metadata.TryGetValue(LoadBalancerRouteMetadata.InstanceHeader, out var headerText))
        {
            if (ServiceConfigValidator.IsToken(headerText.Trim()))
            {
                header = headerText.Trim();
            }
            else
            {
                errors?.Add(new ConfigError(routeId, $"metadata.{LoadBalancerRouteMetadata.InstanceHeader}", $"'{headerText}' is not a valid header name.", "Use letters, digits and -_ only, such as X-Portico-Instance."));
            }
        }

        return attempts is null && timeout is null && header is null ? None : new RouteLoadBalancerSettings(attempts, timeout, header);
    }
}
