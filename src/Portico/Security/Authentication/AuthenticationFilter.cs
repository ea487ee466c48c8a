using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Portico.Errors;
using Portico.Filters;
using Portico.Logging;
using Portico.Security.ClientAddress;

namespace Portico.Security.Authentication;

/// <summary>
/// Authenticates requests to routes whose metadata asks for it, before any route filter runs. The first accepted
/// scheme whose kind of credential the request carries decides (a bad token is refused, not retried as an API key).
/// Missing or refused credentials get 401 with <c>WWW-Authenticate</c>; missing scopes or roles get 403; both as
/// problem JSON. On success the identity becomes <see cref="HttpContext.User"/>, and the scheme strips the credential
/// or adds identity headers as configured. Identity headers a client sends are removed on every route.
/// </summary>
internal sealed partial class AuthenticationFilter(SecurityPolicyCache policies, TimeProvider time, ILogger<AuthenticationFilter> logger) : IGlobalFilter
{
    // A refused or forbidden caller can repeat itself at will: one line per route and outcome per interval.
    private readonly LogRateLimiter _refusalLog = new(time);

    public int Order => SecurityFilterOrder.Authentication;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        var authentication = policies.Get(exchange.Config).Authentication;
        foreach (var header in authentication.IdentityHeaders)
        {
            exchange.Request.Headers.Remove(header);
        }

        var requirement = authentication.HasRoutes ? authentication.For(exchange.Route.Id) : null;
        return requirement is null ? chain.FilterAsync(exchange) : AuthenticateAsync(exchange, chain, requirement);
    }

    public override string ToString() => "[Authentication]";

    private async ValueTask AuthenticateAsync(GatewayExchange exchange, GatewayFilterChain chain, RouteAuthentication requirement)
    {
        var request = exchange.Request;
        IAuthenticationScheme? scheme = null;
        foreach (var candidate in requirement.Schemes)
        {
            if (candidate.HasCredential(request))
            {
                scheme = candidate;
                break;
            }
        }

        if (scheme is null)
        {
            LogMissingCredential(exchange);
            await RefuseAsync(exchange, StatusCodes.Status401Unauthorized, requirement.MissingDetail, requirement.MissingChallenges);
            return;
        }

        var outcome = await scheme.AuthenticateAsync(request);
        if (outcome.Identity is not { } identity)
        {
            LogRefusedCredential(exchange, scheme, outcome.Failure!);
            await RefuseAsync(exchange, StatusCodes.Status401Unauthorized, outcome.Failure!, outcome.Challenge);
            return;
        }

        if (requirement.Forbidden(scheme, identity) is { } forbidden)
        {
            if (logger.IsEnabled(LogLevel.Information) && _refusalLog.TryAcquire("forbidden " + exchange.Route.Id, out var heldBack))
            {
                LogForbidden(logger, exchange.Route.Id, scheme.Name, identity.Name, forbidden, heldBack);
            }

            await RefuseAsync(exchange, StatusCodes.Status403Forbidden, forbidden, scheme.ForbiddenChallenge(forbidden, requirement.Scopes));
            return;
        }

        exchange.HttpContext.User = new ClaimsPrincipal(identity);
        scheme.OnAuthenticated(request, identity);
        LogAuthenticated(logger, exchange.Route.Id, scheme.Name, identity.Name);
        await chain.FilterAsync(exchange);
    }

    private static ValueTask<bool> RefuseAsync(GatewayExchange exchange, int status, string detail, StringValues challenges)
    {
        // The problem writer clears the response headers first, so the challenge is added as the response starts.
        exchange.Response.OnStarting(
            static state =>
            {
                var (response, values) = ((HttpResponse, StringValues))state;
                response.Headers.WWWAuthenticate = values;
                return Task.CompletedTask;
            },
            (exchange.Response, challenges));
        return GatewayProblem.WriteAsync(exchange.HttpContext, status, detail, exchange.Route.Id);
    }

    private void LogMissingCredential(GatewayExchange exchange)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var client = ClientAddressResolver.Resolve(exchange.HttpContext, policies.Get(exchange.Config).TrustedProxies);
            LogMissing(logger, exchange.Route.Id, client);
        }
    }

    private void LogRefusedCredential(GatewayExchange exchange, IAuthenticationScheme scheme, string reason)
    {
        if (logger.IsEnabled(LogLevel.Information) && _refusalLog.TryAcquire("refused " + exchange.Route.Id, out var heldBack))
        {
            var client = ClientAddressResolver.Resolve(exchange.HttpContext, policies.Get(exchange.Config).TrustedProxies);
            LogRefused(logger, exchange.Route.Id, scheme.Name, reason, client, heldBack);
        }
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Authentication + 30, Level = LogLevel.Debug, Message = "Route {RouteId}: no credential from {ClientAddress}")]
    private static partial void LogMissing(ILogger logger, string routeId, System.Net.IPAddress? clientAddress);

    [LoggerMessage(EventId = Logging.EventIdRanges.Authentication + 31, Level = LogLevel.Information, Message = "Route {RouteId}: {Scheme} credential from {ClientAddress} refused: {Reason} ({HeldBack} more not logged since the last)")]
    private static partial void LogRefused(ILogger logger, string routeId, string scheme, string reason, System.Net.IPAddress? clientAddress, long heldBack);

    [LoggerMessage(EventId = Logging.EventIdRanges.Authentication + 32, Level = LogLevel.Information, Message = "Route {RouteId}: {Scheme} caller {Caller} forbidden: {Reason} ({HeldBack} more not logged since the last)")]
    private static partial void LogForbidden(ILogger logger, string routeId, string scheme, string? caller, string reason, long heldBack);

    [LoggerMessage(EventId = Logging.EventIdRanges.Authentication + 33, Level = LogLevel.Debug, Message = "Route {RouteId}: {Scheme} caller {Caller} authenticated")]
    private static partial void LogAuthenticated(ILogger logger, string routeId, string scheme, string? caller);
}
