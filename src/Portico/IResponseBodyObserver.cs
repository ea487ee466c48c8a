namespace Portico;

/// <summary>
/// Told how relaying an upstream response body to the client ended, which the step that chose the upstream cannot see:
/// the body streams after the chain has returned to it. That step sets one on the exchange
/// (<see cref="GatewayExchange.ResponseBodyObserver"/>); the write-response filter calls it once, after the body.
/// </summary>
internal interface IResponseBodyObserver
{
    /// <summary>
    /// Called after the body of <see cref="GatewayExchange.UpstreamResponse"/> has been relayed. <paramref name="error"/>
    /// is null when the whole body was relayed, else what relaying threw: a <see cref="Errors.GatewayException"/> when the
    /// upstream failed, an <see cref="OperationCanceledException"/> when the client went away.
    /// </summary>
    void OnResponseBodyRelayed(GatewayExchange exchange, Exception? error);
}
