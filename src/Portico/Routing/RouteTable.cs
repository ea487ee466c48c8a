namespace Portico.Routing;

/// <summary>An immutable, ordered set of routes. Matching walks the routes in order and returns the first match.</summary>
public sealed class RouteTable
{
    private readonly Route[] _routes;
    private readonly Dictionary<string, Route> _byId;

    internal RouteTable(Route[] routes)
    {
        _routes = routes;
        _byId = routes.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>An empty table.</summary>
    public static RouteTable Empty { get; } = new([]);

    /// <summary>The routes in matching order.</summary>
    public IReadOnlyList<Route> Routes => _routes;

    /// <summary>Finds a route by id.</summary>
    public Route? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The first route whose predicates all match the exchange, or null.</summary>
    public Route? Match(GatewayExchange exchange)
    {
        foreach (var route in _routes)
        {
            if (route.Matches(exchange))
            {
                return route;
            }

            // Variables captured by a route that did not match in the end must not leak into the next one.
            if (exchange.HasUriVariables)
            {
                exchange.UriVariables.Clear();
            }
        }

        return null;
    }
}
