using Microsoft.AspNetCore.Http;
using Portico.Configuration;
using Portico.Filters;
using Portico.Predicates;

namespace Portico.Routing;

/// <summary>A validated, compiled route: its predicates and its complete filter chain (global and route filters, sorted).</summary>
public sealed class Route
{
    internal Route(RouteConfig config, Uri uri, string? schemePrefix, IRoutePredicate[] predicates, OrderedFilter[] filters, RouteHttpSettings http)
    {
        Config = config;
        Uri = uri;
        UriText = config.Uri;
        SchemePrefix = schemePrefix;
        PredicateArray = predicates;
        OrderedFilters = filters;
        Chain = Array.ConvertAll(filters, f => f.Filter);
        Http = http;
        RequestUrlOrigin = uri.Scheme == "forward" ? null : Origin(uri.Scheme, uri);
    }

    /// <summary>The route id.</summary>
    public string Id => Config.Id;

    /// <summary>The route's order.</summary>
    public int Order => Config.Order;

    /// <summary>The route as configured.</summary>
    public RouteConfig Config { get; }

    /// <summary>The target URI with any scheme prefix removed (<c>lb:ws://svc</c> becomes <c>ws://svc</c>; <c>lb://svc</c> stays).</summary>
    public Uri Uri { get; }

    /// <summary>The target URI exactly as configured (the <c>routeUri</c> metric tag).</summary>
    public string UriText { get; }

    /// <summary>The scheme prefix (<c>lb</c> for <c>lb:ws://</c>), or null.</summary>
    public string? SchemePrefix { get; }

    /// <summary>The route metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata => Config.Metadata;

    /// <summary>The compiled predicates; all must match.</summary>
    public IReadOnlyList<IRoutePredicate> Predicates => PredicateArray;

    /// <summary>The complete filter chain in execution order, with each filter's order.</summary>
    public IReadOnlyList<OrderedFilter> OrderedFilters { get; }

    /// <summary>Upstream HTTP settings of this route (timeouts, version).</summary>
    public RouteHttpSettings Http { get; }

    internal IRoutePredicate[] PredicateArray { get; }

    internal IGatewayFilter[] Chain { get; }

    /// <summary>
    /// <c>scheme://authority</c> of <see cref="Uri"/>, computed once: every request URL of the route starts with it
    /// (null for <c>forward:</c> routes).
    /// </summary>
    internal string? RequestUrlOrigin { get; }

    /// <summary><c>scheme://host[:port]</c> of <paramref name="uri"/> under <paramref name="scheme"/>, the host encoded for a URI.</summary>
    internal static string Origin(string scheme, Uri uri)
    {
        var authority = uri.IsDefaultPort ? new HostString(uri.Host) : new HostString(uri.Host, uri.Port);
        return string.Concat(scheme, Uri.SchemeDelimiter, authority.ToUriComponent());
    }

    internal bool Matches(GatewayExchange exchange)
    {
        foreach (var predicate in PredicateArray)
        {
            if (!predicate.Test(exchange))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"Route{{id='{Id}', uri={UriText}, order={Order}}}";
}

/// <summary>A filter with its position in a chain.</summary>
/// <param name="Filter">The filter.</param>
/// <param name="Order">Its order; route filters are numbered 1, 2, ... in the order written.</param>
/// <param name="IsGlobal">Whether it is a global filter.</param>
public readonly record struct OrderedFilter(IGatewayFilter Filter, int Order, bool IsGlobal)
{
    /// <inheritdoc />
    public override string ToString() => $"{Filter}, order = {Order}";
}

/// <summary>Upstream HTTP settings resolved for one route from its metadata and the global defaults.</summary>
/// <param name="ConnectTimeout">Time allowed to connect.</param>
/// <param name="ResponseTimeout">Time allowed for response headers; null waits for as long as the client does (set explicitly, never by default).</param>
/// <param name="Version">HTTP version to use upstream.</param>
/// <param name="MaxRequestBodySize">Largest request body accepted; 0 is unlimited.</param>
public sealed record RouteHttpSettings(TimeSpan ConnectTimeout, TimeSpan? ResponseTimeout, Version Version, long MaxRequestBodySize);
