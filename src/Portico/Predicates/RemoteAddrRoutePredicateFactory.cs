using Portico.Configuration;

namespace Portico.Predicates;

/// <summary>
/// <c>RemoteAddr=&lt;source&gt;[, ...]</c>: matches when the client's socket address (the connection's remote IP, as
/// ASP.NET Core reports it) is one of the addresses or in one of the CIDR ranges (Spring's
/// <c>RemoteAddrRoutePredicateFactory</c>). Behind a proxy use <c>XForwardedRemoteAddr</c> instead.
/// </summary>
internal sealed class RemoteAddrRoutePredicateFactory : IRoutePredicateFactory
{
    public string Name => RoutePredicateNames.RemoteAddr;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.GatherList("sources");

    public IRoutePredicate Create(ComponentArgs args) => new RemoteAddrRoutePredicate(IpSourceList.Parse(args, "sources"));

    private sealed class RemoteAddrRoutePredicate(IpSourceList sources) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange) =>
            exchange.HttpContext.Connection.RemoteIpAddress is { } address && sources.Contains(address);

        public override string ToString() => $"RemoteAddrs: {sources}";
    }
}
