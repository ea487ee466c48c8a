namespace Portico.Labels;

/// <summary>
/// The errors the label step throws when labels leave no instance, for the requests of a protocol module that answers
/// them in its own format (Linkis's envelope). Registered in DI; the first non-null answer wins, and without one the
/// core answers 503 with a message naming the service and the labels.
/// </summary>
public interface ILabelRoutingErrors
{
    /// <summary>
    /// The error for a request without routing labels to <paramref name="serviceId"/>, all of whose available instances
    /// are labelled; null leaves it to the next, or to the core.
    /// </summary>
    Exception? NoUnlabelledInstance(GatewayExchange exchange, string serviceId);

    /// <summary>The error for a request whose routing labels no available instance carries; null leaves it to the next, or to the core.</summary>
    Exception? NoLabelledInstance(GatewayExchange exchange, LabelRoutingFailure failure);
}

/// <summary>Why the label step found no instance for a request's routing labels.</summary>
/// <param name="ServiceId">The service the request goes to.</param>
/// <param name="Requested">The labels the request asks for.</param>
/// <param name="RoutingKeys">The label keys that route (<c>labels.routing-keys</c>).</param>
/// <param name="LabelledAnywhere">Whether any instance, of any application, carries the labels.</param>
/// <param name="LabelledInstance">The labels of an instance of the service that carries them but is not available, or null.</param>
public sealed record LabelRoutingFailure(
    string ServiceId,
    RequestLabels Requested,
    IReadOnlyList<string> RoutingKeys,
    bool LabelledAnywhere,
    InstanceLabels? LabelledInstance);
