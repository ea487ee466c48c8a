namespace Portico.Linkis.Parsing;

/// <summary>
/// One parser of Linkis's parser chain (Linkis's <c>GatewayParser</c>): recognises the URLs it knows and sets
/// <see cref="LinkisRequestContext.Target"/>. Parsers run in ascending <see cref="Order"/>; a later parser may replace an
/// earlier one's target, and the chain stops as soon as one commits an answer. When none chooses a target the default
/// rules run (heartbeat, service id from the path, <c>/dws/</c>). Register implementations in DI as
/// <see cref="ILinkisRequestParser"/>.
/// </summary>
public interface ILinkisRequestParser
{
    /// <summary>The position in the chain; see <see cref="LinkisParserOrder"/> for the built-in parsers.</summary>
    int Order { get; }

    /// <summary>
    /// Whether the parser needs the request body (called only for non-GET requests, before the body is read). Bodies
    /// of URLs no parser asks for stream to the backend uninspected.
    /// </summary>
    bool WantsBody(LinkisRequestContext context);

    /// <summary>Parses the request. Runs on the request path: must not block.</summary>
    void Parse(LinkisRequestContext context);
}

/// <summary>Orders of the built-in parsers, with gaps so that a parser can be placed between any two.</summary>
public static class LinkisParserOrder
{
    /// <summary>Job submission: <c>/entrance/(execute|backgroundservice|submit|killJobs)</c>.</summary>
    public const int EntranceExecution = 100;

    /// <summary>Job operations by execID: <c>/entrance/&lt;execID&gt;/...</c> and <c>/entrance/operation/...</c>.</summary>
    public const int EntranceRequest = 200;

    /// <summary>Engine log download: <c>/engineconnManager/downloadEngineLog</c>.</summary>
    public const int EngineConnManagerRequest = 300;

    /// <summary>Result-set cache: <c>/engine/resultSetCache*/&lt;op&gt;</c>.</summary>
    public const int ResultSetCache = 400;
}
