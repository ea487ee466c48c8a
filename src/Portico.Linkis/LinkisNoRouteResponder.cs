using Microsoft.AspNetCore.Http;
using Portico.Configuration;
using Portico.Linkis.Messages;
using Portico.Routing;

namespace Portico.Linkis;

/// <summary>
/// In Linkis mode a request that matches no route (e.g. <c>GET /foo</c>) is answered as Linkis's gateway does (§1.1):
/// 404 in the framework error shape (§0.2), <c>{"method":"/foo","status":404,"message":"Not Found","data":[]}</c>.
/// </summary>
internal sealed class LinkisNoRouteResponder : INoRouteResponder
{
    public ValueTask<bool> TryRespondAsync(GatewayExchange exchange) =>
        exchange.Config.Linkis.Enabled
            ? LinkisResponseWriter.WriteFrameworkErrorAsync(exchange.HttpContext, StatusCodes.Status404NotFound, LinkisRequestContext.RawPath(exchange.HttpContext))
            : ValueTask.FromResult(false);
}
