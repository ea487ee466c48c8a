using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Portico.Filters;

namespace Portico.Security.Cors;

/// <summary>
/// CORS for routes that have a policy. A preflight (<c>OPTIONS</c> with <c>Origin</c> and
/// <c>Access-Control-Request-Method</c>) is answered here with 204, before authentication, so browsers never need
/// credentials for it; the allow headers are sent only when origin, method and headers are all allowed. Other
/// requests go on, and the CORS headers are set just before the response starts, so they are on upstream responses
/// (replacing an upstream's own) and on the gateway's error responses alike. A disallowed origin gets no CORS headers.
/// </summary>
internal sealed partial class CorsFilter : IGlobalFilter
{
    private static readonly StringValues PreflightVary = new([HeaderNames.Origin, HeaderNames.AccessControlRequestMethod, HeaderNames.AccessControlRequestHeaders]);
    private static readonly StringValues PreflightVaryAnyOrigin = new([HeaderNames.AccessControlRequestMethod, HeaderNames.AccessControlRequestHeaders]);
    private static readonly StringValues True = new("true");
    private static readonly StringValues Wildcard = new("*");

    private readonly SecurityPolicyCache _policies;
    private readonly ILogger<CorsFilter> _logger;
    private readonly Func<object, Task> _applyResponseHeaders;

    public CorsFilter(SecurityPolicyCache policies, ILogger<CorsFilter> logger)
    {
        _policies = policies;
        _logger = logger;
        _applyResponseHeaders = ApplyResponseHeaders;
    }

    public int Order => SecurityFilterOrder.Cors;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        var cors = _policies.Get(exchange.Config).Cors;
        var policy = cors.IsEnabled ? cors.For(exchange.Route.Id) : null;
        if (policy is null)
        {
            return chain.FilterAsync(exchange);
        }

        var request = exchange.Request;
        var origin = request.Headers.Origin;
        if (origin.Count > 0 && HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod))
        {
            AnswerPreflight(exchange, policy, origin);
            return default;
        }

        if (origin.Count > 0 || policy.VaryByOrigin)
        {
            exchange.Response.OnStarting(_applyResponseHeaders, exchange);
        }

        return chain.FilterAsync(exchange);
    }

    public override string ToString() => "[Cors]";

    private void AnswerPreflight(GatewayExchange exchange, CorsPolicy policy, StringValues origin)
    {
        var request = exchange.Request;
        var response = exchange.Response;
        response.StatusCode = StatusCodes.Status204NoContent;
        var headers = response.Headers;
        headers.Vary = policy.VaryByOrigin ? PreflightVary : PreflightVaryAnyOrigin;

        var method = request.Headers.AccessControlRequestMethod;
        var requestedHeaders = request.Headers.AccessControlRequestHeaders;
        if (origin.Count != 1 || !policy.IsOriginAllowed(origin[0]))
        {
            LogPreflightRejected(_logger, exchange.Route.Id, "origin", origin);
            return;
        }

        if (method.Count != 1 || !policy.IsMethodAllowed(method[0]))
        {
            LogPreflightRejected(_logger, exchange.Route.Id, "method", method);
            return;
        }

        if (!policy.AreHeadersAllowed(requestedHeaders))
        {
            LogPreflightRejected(_logger, exchange.Route.Id, "headers", requestedHeaders);
            return;
        }

        SetOriginHeaders(headers, policy, origin);
        headers.AccessControlAllowMethods = policy.AnyMethod ? method : policy.AllowMethodsValue;
        if (requestedHeaders.Count > 0)
        {
            headers.AccessControlAllowHeaders = policy.AnyHeader ? requestedHeaders : policy.AllowHeadersValue;
        }

        headers.AccessControlMaxAge = policy.MaxAgeValue;
    }

    private Task ApplyResponseHeaders(object state)
    {
        var exchange = (GatewayExchange)state;
        var policy = _policies.Get(exchange.Config).Cors.For(exchange.Route.Id);
        if (policy is null)
        {
            return Task.CompletedTask;
        }

        var headers = exchange.Response.Headers;
        if (policy.VaryByOrigin)
        {
            AddVaryOrigin(headers);
        }

        var origin = exchange.Request.Headers.Origin;
        if (origin.Count == 1 && policy.IsOriginAllowed(origin[0]))
        {
            SetOriginHeaders(headers, policy, origin);
            if (policy.ExposedHeadersValue is { } exposed)
            {
                headers.AccessControlExposeHeaders = exposed;
            }
        }

        return Task.CompletedTask;
    }

    private static void SetOriginHeaders(IHeaderDictionary headers, CorsPolicy policy, StringValues origin)
    {
        headers.AccessControlAllowOrigin = policy.AnyOrigin ? Wildcard : origin;
        if (policy.AllowCredentials)
        {
            headers.AccessControlAllowCredentials = True;
        }
        else
        {
            // An upstream's own "true" must not reach the browser next to a wildcard origin.
            headers.Remove(HeaderNames.AccessControlAllowCredentials);
        }
    }

    private static void AddVaryOrigin(IHeaderDictionary headers)
    {
        var vary = headers.Vary;
        foreach (var line in vary)
        {
            var span = line.AsSpan();
            foreach (var range in span.Split(','))
            {
                var token = span[range].Trim();
                if (token.Equals(HeaderNames.Origin, StringComparison.OrdinalIgnoreCase) || token.SequenceEqual("*"))
                {
                    return;
                }
            }
        }

        headers.Vary = StringValues.Concat(vary, HeaderNames.Origin);
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Authentication + 20, Level = LogLevel.Debug, Message = "Route {RouteId}: CORS preflight not allowed by its {Part}: {Value}")]
    private static partial void LogPreflightRejected(ILogger logger, string routeId, string part, StringValues value);
}
