namespace Portico.Linkis.Routing;

/// <summary>
/// One router of Linkis's router chain (Linkis's <c>GatewayRouter</c>). Routers run in ascending <see cref="Order"/>
/// once a target has been parsed; the first that returns a target wins, and when all return null the parsed target is
/// used. The winner's application name is then resolved against the registry. A router may also commit an answer on
/// the context. Register implementations in DI as <see cref="ILinkisRouter"/>.
/// </summary>
public interface ILinkisRouter
{
    /// <summary>The position in the chain; see <see cref="LinkisRouterOrder"/> for the built-in routers.</summary>
    int Order { get; }

    /// <summary>Chooses a target for the request, or returns null to leave the decision to the next router.</summary>
    ValueTask<ServiceTarget?> RouteAsync(LinkisRequestContext context);
}

/// <summary>Orders of the built-in routers (Linkis's values).</summary>
public static class LinkisRouterOrder
{
    /// <summary>Context-service high availability: routes by the HA context id.</summary>
    public const int HaContext = -1;
}
