namespace Portico.Observability;

/// <summary>
/// Names of the gateway's meter and instruments, for exporters such as OpenTelemetry
/// (<c>AddMeter(PorticoMetrics.MeterName)</c>). Instruments follow Spring Cloud Gateway's names and tags.
/// </summary>
public static class PorticoMetrics
{
    /// <summary>The meter every gateway instrument belongs to. Meters of later features use this name as a prefix.</summary>
    public const string MeterName = "Portico";

    /// <summary>
    /// Histogram of exchange durations in seconds, tagged <c>routeId</c>, <c>routeUri</c>, <c>outcome</c>,
    /// <c>status</c>, <c>httpStatusCode</c>, <c>httpMethod</c> and, when enabled, <c>path</c>.
    /// </summary>
    public const string RequestsInstrument = "spring.cloud.gateway.requests";
}
