namespace Portico.Labels;

/// <summary>
/// What a protocol module knows of the requests it parsed, for the label step of instance selection: the labels such
/// a request asks for when no filter attached any, and the instance its parser chose. Registered in DI; the first
/// source that speaks for a request is used, and requests no source speaks for are read by the core
/// (<c>?labels=</c>, else <c>?labelsRoute=</c>, as <c>route</c> values).
/// </summary>
public interface IRequestLabelSource
{
    /// <summary>
    /// Returns true when this source speaks for <paramref name="exchange"/>, with the labels it asks of
    /// <paramref name="serviceId"/> in <paramref name="labels"/> (null when it asks for none).
    /// </summary>
    bool TryReadLabels(GatewayExchange exchange, string serviceId, out RequestLabels? labels);

    /// <summary>
    /// The instance (<c>host:port</c>) of <paramref name="serviceId"/> the request's parser chose, which stays allowed
    /// whatever labels the request carries; null when the parser chose none.
    /// </summary>
    string? PinnedInstance(GatewayExchange exchange, string serviceId);
}
