using Microsoft.AspNetCore.Http;
using Portico.Configuration;
using Portico.Filters;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Filters.GatewayFilters;

/// <summary>Builds filters from configuration text the way the route table builder does, for the filter unit tests.</summary>
internal static class FilterFactoryTests
{
    /// <summary>Creates a filter from the shortcut notation (<c>StripPrefix=2</c>) and asserts it is valid.</summary>
    public static IGatewayFilter Create(IGatewayFilterFactory factory, string shortcut)
    {
        var errors = new List<ConfigError>();
        var filter = factory.Create(ComponentArgs.Bind(ComponentConfig.Parse(shortcut), factory.Shortcut, "test-route", "filters[0]", errors));
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        return filter;
    }

    /// <summary>Creates a filter from the expanded notation and asserts it is valid.</summary>
    public static IGatewayFilter Create(IGatewayFilterFactory factory, params (string Key, string Value)[] args)
    {
        var errors = new List<ConfigError>();
        var filter = factory.Create(ComponentArgs.Bind(Expanded(factory, args), factory.Shortcut, "test-route", "filters[0]", errors));
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        return filter;
    }

    /// <summary>The configuration errors of the shortcut notation.</summary>
    public static List<ConfigError> ConfigErrors(IGatewayFilterFactory factory, string shortcut)
    {
        var errors = new List<ConfigError>();
        factory.Create(ComponentArgs.Bind(ComponentConfig.Parse(shortcut), factory.Shortcut, "test-route", "filters[0]", errors));
        return errors;
    }

    /// <summary>The configuration errors of the expanded notation.</summary>
    public static List<ConfigError> ConfigErrors(IGatewayFilterFactory factory, params (string Key, string Value)[] args)
    {
        var errors = new List<ConfigError>();
        factory.Create(ComponentArgs.Bind(Expanded(factory, args), factory.Shortcut, "test-route", "filters[0]", errors));
        return errors;
    }

    /// <summary>
    /// Runs a filter followed by a terminal step that plays the upstream: it records the request as it would be
    /// forwarded and then sets the response status and headers, as the routing filter does before the post phase.
    /// </summary>
    public static async Task<ForwardedRequest?> RunAsync(IGatewayFilter filter, GatewayExchange exchange, int upstreamStatus = 200, params (string Name, string Value)[] upstreamHeaders)
    {
        ForwardedRequest? forwarded = null;
        await TestExchange.RunAsync(filter, exchange, e =>
        {
            forwarded = new ForwardedRequest(
                e.Request.Path.Value ?? "",
                e.Request.QueryString.Value ?? "",
                new HeaderDictionary(e.Request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase)));
            e.Response.StatusCode = upstreamStatus;
            foreach (var (name, value) in upstreamHeaders)
            {
                e.Response.Headers.Append(name, value);
            }

            return default;
        });
        return forwarded;
    }

    /// <summary>Header values as a plain array, for comparisons.</summary>
    public static string[] Values(Microsoft.Extensions.Primitives.StringValues values)
    {
        var result = new string[values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = values[i] ?? "";
        }

        return result;
    }

    /// <summary>Makes the exchange's response report that it has started, as once the body is on the wire.</summary>
    public static void MarkResponseStarted(GatewayExchange exchange)
    {
        var features = exchange.HttpContext.Features;
        var current = features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>()!;
        features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>(new StartedResponseFeature { StatusCode = current.StatusCode, Headers = current.Headers });
    }

    private static ComponentConfig Expanded(IGatewayFilterFactory factory, (string Key, string Value)[] args)
    {
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in args)
        {
            map[key] = map.TryGetValue(key, out var existing) ? [.. existing, value] : [value];
        }

        return new ComponentConfig(factory.Name, [], map);
    }
}

internal sealed class StartedResponseFeature : Microsoft.AspNetCore.Http.Features.HttpResponseFeature
{
    public override bool HasStarted => true;
}

/// <summary>What the terminal step saw: the request as the routing filter would forward it.</summary>
internal sealed record ForwardedRequest(string Path, string Query, IHeaderDictionary Headers);
