namespace Portico.Linkis;

/// <summary>Header and cookie names of the Linkis wire protocol that the gateway reads or adds.</summary>
public static class LinkisHeaders
{
    /// <summary>Request header naming the instance (<c>host:port</c>) a request is pinned to; set by the gateway, seen by backends.</summary>
    public const string FixedInstance = "FIXED_INSTANCE";

    /// <summary>Request header telling backends how to reach the gateway.</summary>
    public const string GatewayUrl = "GATEWAY_URL";

    /// <summary>Header (and query parameter) carrying a context-service context id.</summary>
    public const string ContextId = "contextID";

    /// <summary>The "ignore-timeout" cookie the gateway appends to every forwarded request.</summary>
    public const string InnerRequestCookie = "dataworkcloud_inner_request";

    /// <summary>The value of <see cref="InnerRequestCookie"/>.</summary>
    public const string InnerRequestCookieValue = "true";
}
