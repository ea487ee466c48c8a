using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Portico.Routing;

/// <summary>
/// The app's own endpoints, kept so that <c>forward:</c> routes can invoke them (Spring's ForwardRoutingFilter hands
/// the request to the DispatcherHandler). The gateway's catch-all endpoint is excluded so a forward never loops.
/// </summary>
internal sealed class ForwardEndpoints
{
    private ICollection<EndpointDataSource>? _sources;
    private volatile Candidate[]? _candidates;

    /// <summary>Keeps <paramref name="endpoints"/>' data sources; endpoints mapped later are seen too.</summary>
    public static void Capture(IEndpointRouteBuilder endpoints)
    {
        var registry = (ForwardEndpoints?)endpoints.ServiceProvider.GetService(typeof(ForwardEndpoints));
        if (registry is not null)
        {
            registry._sources = endpoints.DataSources;
            registry._candidates = null;
        }
    }

    /// <summary>Finds the endpoint for <paramref name="path"/> and <paramref name="method"/>, filling <paramref name="values"/>.</summary>
    public Endpoint? Find(PathString path, string method, RouteValueDictionary values)
    {
        foreach (var candidate in _candidates ?? Build())
        {
            values.Clear();
            if (candidate.Methods is { } methods && !methods.Contains(method, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (candidate.Matcher.TryMatch(path, values))
            {
                return candidate.Endpoint;
            }
        }

        return null;
    }

    private Candidate[] Build()
    {
        var list = new List<Candidate>();
        foreach (var source in _sources ?? [])
        {
            foreach (var endpoint in source.Endpoints)
            {
                if (endpoint is not RouteEndpoint route || route.RoutePattern.RawText?.Contains("portico-catch-all", StringComparison.Ordinal) == true)
                {
                    continue;
                }

                var defaults = new RouteValueDictionary(route.RoutePattern.Defaults);
                var matcher = new TemplateMatcher(new RouteTemplate(route.RoutePattern), defaults);
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
                list.Add(new Candidate(route, matcher, methods is { Count: > 0 } ? methods : null, route.Order));
            }
        }

        var candidates = list.OrderBy(c => c.Order).ToArray();
        _candidates = candidates;
        return candidates;
    }

    private sealed record Candidate(RouteEndpoint Endpoint, TemplateMatcher Matcher, IReadOnlyList<string>? Methods, int Order);
}
