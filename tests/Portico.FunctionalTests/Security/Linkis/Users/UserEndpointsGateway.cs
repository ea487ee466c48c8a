using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portico.Filters;
using Portico.FunctionalTests.Infrastructure;
using Portico.Linkis;
using Portico.Security.Linkis.Tokens;
using Portico.Security.Linkis.Users;

namespace Portico.FunctionalTests.Security.Linkis.Users;

/// <summary>
/// Hands every request below the user URI to <see cref="ILinkisUserEndpoints"/> at the Linkis security filter's position,
/// as the security filter does, so the endpoints can be tested over real sockets on their own. The endpoints are resolved
/// on first use: the Linkis security services read the configuration snapshot when built, and the snapshot is built from
/// the global filters.
/// </summary>
internal sealed class UserEndpointsForwardingFilter(IServiceProvider services) : IGlobalFilter
{
    private const string Prefix = "/api/rest_j/v1/user/";
    private ILinkisUserEndpoints? _endpoints;

    public int Order => LinkisFilterOrder.Security;

    public async ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        var context = exchange.GetLinkisContext();
        if (context is not null && context.Path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            _endpoints ??= services.GetRequiredService<ILinkisUserEndpoints>();
            await _endpoints.HandleAsync(context, context.Path[Prefix.Length..]);
            return;
        }

        await chain.FilterAsync(exchange);
    }
}

/// <summary>A token table of one token, <c>functional-token</c>, for <c>alice</c> from anywhere.</summary>
internal sealed class FunctionalTokens : ILinkisTokenAuthenticator
{
    public ValueTask<LinkisTokenResult> AuthenticateAsync(string? tokenCode, string? tokenUser, string? clientHost, CancellationToken cancellationToken) =>
        ValueTask.FromResult(tokenCode == "functional-token" && tokenUser == "alice"
            ? LinkisTokenResult.Success("alice")
            : LinkisTokenResult.Failure($"Token Authentication Failed, token: {tokenCode?[..Math.Min(4, tokenCode.Length)]}***，tokenUser: {tokenUser}, reason: unknown token", 15207));
}

/// <summary>Starts Linkis-mode gateways with Linkis security on and the user endpoints reachable.</summary>
internal static class UserEndpointsGateway
{
    public const string UserUri = "/api/rest_j/v1/user/";

    public static Task<TestGateway> StartAsync(string? userEndpoints = null, string? security = null, Action<IServiceCollection>? configure = null) =>
        TestGateway.StartAsync(
            $"""
            portico:
              linkis:
                enabled: true
                gateway-instance: gw-node:9001
                max-buffer-size: 1MB
              linkis-security:
                enabled: true
                crypt-key: functional-user-endpoints-key-0123
                session-persistence: memory
                admin-password: admin-pw
                session-timeout: 30m
                tokens:
                  enabled: true
            {Indent(security, 4)}
                user-endpoints:
                  cluster-name: functional
            {Indent(userEndpoints, 6)}
            """,
            services =>
            {
                services.AddSingleton<IGlobalFilter, UserEndpointsForwardingFilter>();
                services.AddSingleton<ILinkisTokenAuthenticator, FunctionalTokens>();
                configure?.Invoke(services);
            });

    public static HttpRequestMessage Request(HttpMethod method, string nameAndQuery, string? json = null, string? ticket = null)
    {
        var request = new HttpRequestMessage(method, UserUri + nameAndQuery);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (ticket is not null)
        {
            request.Headers.Add("Cookie", "linkis_user_session_ticket_id_v1=" + ticket);
        }

        return request;
    }

    public static async Task<(HttpStatusCode Status, string Json, HttpResponseMessage Response)> SendAsync(TestGateway gateway, HttpRequestMessage request)
    {
        using (request)
        {
            var response = await gateway.Client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
        }
    }

    /// <summary>The ticket a response sets, or null.</summary>
    public static string? Ticket(HttpResponseMessage response)
    {
        const string prefix = "linkis_user_session_ticket_id_v1=";
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var cookie in cookies)
            {
                if (cookie.StartsWith(prefix, StringComparison.Ordinal) && cookie.IndexOf(';', StringComparison.Ordinal) is var end and > 0 && end > prefix.Length)
                {
                    return cookie[prefix.Length..end];
                }
            }
        }

        return null;
    }

    private static string Indent(string? yaml, int spaces) =>
        yaml is null ? "" : string.Join('\n', yaml.Trim('\n').Split('\n').Select(l => new string(' ', spaces) + l.TrimEnd()));
}
