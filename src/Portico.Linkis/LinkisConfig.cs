namespace Portico.Linkis;

/// <summary>
/// Linkis gateway compatibility (<c>portico.linkis</c>). When <see cref="Enabled"/>, the gateway adds Linkis's four
/// routes (<c>/api/**</c>, <c>/dws/**</c>, <c>/ws/info/**</c>, <c>/ws/**</c>) after the configured ones and parses,
/// routes and decorates their requests as the Apache Linkis gateway does. Each setting names the Linkis property it
/// replaces; defaults are Linkis's.
/// </summary>
public sealed record LinkisConfig
{
    /// <summary>Default <see cref="PublicServiceList"/> (<c>wds.linkis.gateway.conf.publicservice.list</c>).</summary>
    public static readonly IReadOnlyList<string> DefaultPublicServiceList =
    [
        "cs", "contextservice", "data-source-manager", "metadataQuery", "metadatamanager", "query", "jobhistory", "application",
        "configuration", "filesystem", "udf", "variable", "microservice", "errorcode", "bml", "datasource", "basedata-manager",
    ];

    /// <summary>Default <see cref="DataSourceList"/> (<c>linkis.gateway.conf.linkisdatasource.list</c>).</summary>
    public static readonly IReadOnlyList<string> DefaultDataSourceList =
        ["data-source-manager", "metadataquery", "datasource", "metadataQuery", "metadatamanager"];

    /// <summary>Default <see cref="ManagerList"/> (<c>wds.linkis.gateway.conf.linkismanager.list</c>).</summary>
    public static readonly IReadOnlyList<string> DefaultManagerList = ["linkisManager", "engineplugin"];

    /// <summary>Switches Linkis mode on.</summary>
    public bool Enabled { get; init; }

    /// <summary>
    /// The gateway's own application name (Spring's <c>spring.application.name</c>): the placeholder target of the Linkis
    /// routes, the <c>serviceKind</c> of error texts, and the registry application whose instances the heartbeat lists.
    /// </summary>
    public string GatewayApplication { get; init; } = "linkis-mg-gateway";

    /// <summary>The REST version accepted in <c>/api/rest_x/&lt;version&gt;/...</c> (<c>wds.linkis.server.version</c>).</summary>
    public string ServerVersion { get; init; } = "v1";

    /// <summary>The REST prefix the backends serve (<c>wds.linkis.server.restful.uri</c>).</summary>
    public string RestPrefix { get; init; } = "/api/rest_j/v1";

    /// <summary>
    /// The user endpoints' prefix (<c>wds.linkis.server.user.restful.uri</c>); non-GET bodies below it are inspected.
    /// Only paths below it match (<c>/api/rest_j/v1/user/...</c>), not every path that merely starts with it.
    /// </summary>
    public string UserUri { get; init; } = "/api/rest_j/v1/user";

    /// <summary>The WebSocket prefix (<c>wds.linkis.server.socket.uri</c>); the routes <c>ws</c> and <c>ws_http</c> derive from it.</summary>
    public string SocketUri { get; init; } = "/ws";

    /// <summary>The entrance application (<c>wds.linkis.entrance.name</c>); its requests are label-routed.</summary>
    public string EntranceName { get; init; } = "linkis-cg-entrance";

    /// <summary>The engine-conn manager application (<c>wds.linkis.engineconnmanager.name</c>).</summary>
    public string EngineConnManagerName { get; init; } = "linkis-cg-engineconnmanager";

    /// <summary>Route the ids of <see cref="PublicServiceList"/> to <see cref="PublicServiceName"/> (<c>wds.linkis.gateway.conf.enable.publicservice</c>).</summary>
    public bool PublicServiceEnabled { get; init; } = true;

    /// <summary>The public-service application (<c>wds.linkis.gateway.conf.publicservice.name</c>).</summary>
    public string PublicServiceName { get; init; } = "linkis-ps-publicservice";

    /// <summary>Service ids (case-sensitive) served by the public service (<c>wds.linkis.gateway.conf.publicservice.list</c>).</summary>
    public IReadOnlyList<string> PublicServiceList { get; init; } = DefaultPublicServiceList;

    /// <summary>The data-source application (<c>linkis.gateway.conf.linkisdatasource.name</c>).</summary>
    public string DataSourceName { get; init; } = "linkis-ps-datasource";

    /// <summary>
    /// Service ids (case-sensitive) served by the data-source application (<c>linkis.gateway.conf.linkisdatasource.list</c>).
    /// The public-service list is checked first, so with the defaults only <c>metadataquery</c> reaches it.
    /// </summary>
    public IReadOnlyList<string> DataSourceList { get; init; } = DefaultDataSourceList;

    /// <summary>The manager application (<c>wds.linkis.gateway.conf.linkismanager.name</c>).</summary>
    public string ManagerName { get; init; } = "linkis-cg-linkismanager";

    /// <summary>Service ids (case-sensitive) served by the manager (<c>wds.linkis.gateway.conf.linkismanager.list</c>).</summary>
    public IReadOnlyList<string> ManagerList { get; init; } = DefaultManagerList;

    /// <summary>
    /// The context-service application used when the public service does not serve <c>contextservice</c>
    /// (<c>wds.linkis.gateway.conf.contextservice.name</c>).
    /// </summary>
    public string ContextServiceName { get; init; } = "linkis-ps-cs";

    /// <summary>
    /// Applications besides the entrance whose requests carry their route labels to the load balancer's label step.
    /// </summary>
    public IReadOnlyList<string> LabelRoutedServices { get; init; } = [];

    /// <summary>
    /// Largest request body inspected on the URLs that need one (<c>wds.linkis.gateway.max.buffer.size</c>); larger
    /// bodies are refused with 413. Bytes, or a size such as <c>128MB</c>.
    /// </summary>
    public long MaxBufferSize { get; init; } = 128L * 1024 * 1024;

    /// <summary>The <c>GATEWAY_URL</c> header sent to backends; empty derives it from the node (<c>wds.linkis.gateway.this.url</c>).</summary>
    public string ThisUrl { get; init; } = "";

    /// <summary>The scheme of the derived <c>GATEWAY_URL</c>; empty uses the request's (<c>wds.linkis.gateway.this.schema</c>).</summary>
    public string ThisSchema { get; init; } = "";

    /// <summary>
    /// The <c>host:port</c> this node announces (Linkis's registered instance): listed in heartbeats, used in
    /// <c>GATEWAY_URL</c> and error texts. Empty uses the local address the request arrived on.
    /// </summary>
    public string GatewayInstance { get; init; } = "";

    /// <summary>
    /// When a service or a requested instance is unknown, wait for the registry to learn it before answering 10050 or
    /// 10051 (<c>wds.linkis.gateway.server.reflesh.enabled</c>).
    /// </summary>
    public bool RegistryRefreshEnabled { get; init; }

    /// <summary>The longest such wait (<c>linkis.rpc.client.refresh.wait.time.max</c>).</summary>
    public TimeSpan RegistryRefreshWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Largest payload of one WebSocket frame a client may send on the <c>ws</c> route
    /// (<c>wds.linkis.gateway.conf.max.frame.length</c>); a larger frame closes the socket with 1009. Bytes, or a size.
    /// </summary>
    public int WebSocketMaxFrameLength { get; init; } = 655350;

    /// <summary>
    /// Largest WebSocket message (its frames together) relayed on the <c>ws</c> route, in either direction
    /// (<c>wds.linkis.server.socket.text.message.size.max</c>); a larger one closes the socket with 1009. Bytes, or a size.
    /// </summary>
    public int WebSocketMaxMessageSize { get; init; } = 1024000;

    /// <summary>
    /// Period of the multiplexed WebSockets' heartbeat (<c>wds.linkis.gateway.websocket.heartbeat</c>): backend
    /// connections are pinged at this interval, must answer within it, and dead ones are evicted.
    /// </summary>
    public TimeSpan WebSocketHeartbeat { get; init; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public bool Equals(LinkisConfig? other) =>
        other is not null
        && Enabled == other.Enabled
        && GatewayApplication == other.GatewayApplication
        && ServerVersion == other.ServerVersion
        && RestPrefix == other.RestPrefix
        && UserUri == other.UserUri
        && SocketUri == other.SocketUri
        && EntranceName == other.EntranceName
        && EngineConnManagerName == other.EngineConnManagerName
        && PublicServiceEnabled == other.PublicServiceEnabled
        && PublicServiceName == other.PublicServiceName
        && PublicServiceList.SequenceEqual(other.PublicServiceList)
        && DataSourceName == other.DataSourceName
        && DataSourceList.SequenceEqual(other.DataSourceList)
        && ManagerName == other.ManagerName
        && ManagerList.SequenceEqual(other.ManagerList)
        && ContextServiceName == other.ContextServiceName
        && LabelRoutedServices.SequenceEqual(other.LabelRoutedServices)
        && MaxBufferSize == other.MaxBufferSize
        && ThisUrl == other.ThisUrl
        && ThisSchema == other.ThisSchema
        && GatewayInstance == other.GatewayInstance
        && RegistryRefreshEnabled == other.RegistryRefreshEnabled
        && RegistryRefreshWait == other.RegistryRefreshWait
        && WebSocketMaxFrameLength == other.WebSocketMaxFrameLength
        && WebSocketMaxMessageSize == other.WebSocketMaxMessageSize
        && WebSocketHeartbeat == other.WebSocketHeartbeat;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Enabled, GatewayApplication, ServerVersion, EntranceName);
}
