namespace Portico.Routing;

/// <summary>
/// Answers a request that matches no route. Responders are asked in registration order and the first that answers
/// wins; when none does, the gateway answers 404 in <c>application/problem+json</c>. A compatibility mode registers one
/// to answer in the error shape its clients expect.
/// </summary>
public interface INoRouteResponder
{
    /// <summary>
    /// Answers <paramref name="exchange"/> (which has no route) and returns true, or returns false to leave the answer to
    /// the next responder.
    /// </summary>
    ValueTask<bool> TryRespondAsync(GatewayExchange exchange);
}
