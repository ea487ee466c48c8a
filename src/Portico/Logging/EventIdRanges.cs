namespace Portico.Logging;

/// <summary>
/// The event-id ranges of Portico's log messages, one block per domain folder. Each folder's source-generated
/// <c>Log</c> class takes its ids from its block, so an id names both the message and where it comes from.
/// </summary>
public static class EventIdRanges
{
    /// <summary>Configuration loading, validation and reload: 1000-1099.</summary>
    public const int Configuration = 1000;

    /// <summary>Route matching and the request handler: 1100-1199.</summary>
    public const int Routing = 1100;

    /// <summary>The HTTP forwarder: 1200-1299.</summary>
    public const int Forwarding = 1200;

    /// <summary>WebSocket proxying: 1300-1399.</summary>
    public const int WebSockets = 1300;

    /// <summary>Metrics and access log: 1400-1499.</summary>
    public const int Observability = 1400;

    /// <summary>Admin endpoints: 1500-1599.</summary>
    public const int Management = 1500;

    /// <summary>Load balancing and instance selection: 1600-1699.</summary>
    public const int LoadBalancing = 1600;

    /// <summary>Error handling: 1700-1799.</summary>
    public const int Errors = 1700;

    /// <summary>Service registry: 1800-1899.</summary>
    public const int Discovery = 1800;

    /// <summary>Health checking: 1900-1999.</summary>
    public const int Health = 1900;

    /// <summary>Hosting and the server executable: 2000-2099.</summary>
    public const int Hosting = 2000;

    /// <summary>Linkis compatibility (request parsing and routing): 2100-2199.</summary>
    public const int Linkis = 2100;

    /// <summary>Linkis authentication: tickets, sessions, logins, proxy users: 2200-2299.</summary>
    public const int Security = 2200;

    /// <summary>Trusted-proxy client addresses, CORS and route authentication (JWT, API keys): 2300-2399.</summary>
    public const int Authentication = 2300;

    /// <summary>The instance-label store, its registry sync and its APIs: 2400-2499.</summary>
    public const int Labels = 2400;

    /// <summary>Linkis WebSocket multiplexing (the <c>/ws/**</c> route): 2800-2899.</summary>
    public const int LinkisWebSockets = 2800;

    /// <summary>Running out of process resources (descriptors, memory) and the limits that keep the gateway within them: 2900-2999.</summary>
    public const int Resources = 2900;
}
