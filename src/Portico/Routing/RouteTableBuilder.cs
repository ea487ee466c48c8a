using Portico.Configuration;
using Portico.Filters;
using Portico.Predicates;

namespace Portico.Routing;

/// <summary>
/// Compiles a <see cref="PorticoConfig"/> into the <see cref="RouteTable"/> the gateway runs: the routes of a
/// <see cref="RouteCompiler"/> with the global filters sorted into every route's chain.
/// </summary>
internal sealed class RouteTableBuilder
{
    private readonly RouteCompiler _compiler;
    private readonly IGlobalFilter[] _globalFilters;

    public RouteTableBuilder(RouteCompiler compiler, IEnumerable<IGlobalFilter> globalFilters)
    {
        _compiler = compiler;

        // A stable sort keeps registration order among equal orders.
        _globalFilters = [.. globalFilters.Select((f, i) => (f, i)).OrderBy(x => x.f.Order).ThenBy(x => x.i).Select(x => x.f)];
    }

    /// <summary>A builder over its own compiler (tests, and hosts that build the pieces themselves).</summary>
    internal RouteTableBuilder(IEnumerable<IRoutePredicateFactory> predicates, IEnumerable<IGatewayFilterFactory> filters, IEnumerable<IGlobalFilter> globalFilters)
        : this(new RouteCompiler(predicates, filters), globalFilters)
    {
    }

    public IReadOnlyCollection<IRoutePredicateFactory> PredicateFactories => _compiler.PredicateFactories;

    public IReadOnlyCollection<IGatewayFilterFactory> FilterFactories => _compiler.FilterFactories;

    public IReadOnlyList<IGlobalFilter> GlobalFilters => _globalFilters;

    /// <summary>Builds the table; on any error returns null and the complete list of problems.</summary>
    public (RouteTable? Table, IReadOnlyList<ConfigError> Errors) Build(PorticoConfig config)
    {
        var (table, errors) = _compiler.Build(config);
        return (table is null ? null : WithGlobalFilters(table), errors);
    }

    /// <summary>The table of a <see cref="RouteCompiler"/> with the global filters in every route's chain.</summary>
    public RouteTable WithGlobalFilters(RouteTable compiled)
    {
        var routes = new Route[compiled.Routes.Count];
        for (var r = 0; r < routes.Length; r++)
        {
            var route = compiled.Routes[r];
            var filters = new List<OrderedFilter>(_globalFilters.Length + route.OrderedFilters.Count);
            foreach (var g in _globalFilters)
            {
                filters.Add(new OrderedFilter(g, g.Order, IsGlobal: true));
            }

            filters.AddRange(route.OrderedFilters);

            // Stable: among equal orders global filters come first, as in Spring's combined chain.
            var sorted = filters.Select((f, idx) => (f, idx)).OrderBy(x => x.f.Order).ThenBy(x => x.idx).Select(x => x.f).ToArray();
            routes[r] = new Route(route.Config, route.Uri, route.SchemePrefix, route.PredicateArray, sorted, route.Http);
        }

        return new RouteTable(routes);
    }
}
