using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portico.FunctionalTests.Infrastructure;
using Portico.Security.Linkis.Tokens;

namespace Portico.FunctionalTests.Security.Linkis.Users;

/// <summary>A token table of one token, <c>functional-token</c>, for <c>alice</c> from anywhere.</summary>
internal sealed class FunctionalTokens : ILinkisTokenAuthenticator
{
    public ValueTask<LinkisTokenResult> AuthenticateAsync(string? tokenCode, string? tokenUser, string? clientHost, CancellationToken cancellationToken) =>
        ValueTask.FromResult(tokenCode == "functional-token" && tokenUser == "alice"
            ? LinkisTokenResult.Success("alice")
            : LinkisTokenResult.Failure($"Token Authentication Failed, token: {tokenCode?[..Math.Min(4, tokenCode.Length)]}***，tokenUser: {tokenUser}, reason: unknown token", 15207));
}

/// <summary>
/// Starts Linkis-mode gateways with Linkis security on: the Linkis security filter hands every request below the user URI
/// to the user endpoints.
/// </summary>
internal static class UserEndpointsGateway
{
    public const string UserUri = "/api/rest_j/v1/user/";

    /// <summary>Starts a gateway; the token checks are <see cref="FunctionalTokens"/> unless <paramref name="realTokens"/>.</summary>
    public static Task<TestGateway> StartAsync(string? userEndpoints = null, string? security = null, Action<IServiceCollection>? configure = null, bool realTokens = false) =>
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
                  persistence: memory
            {Indent(security, 4)}
                user-endpoints:
                  cluster-name: functional
            {Indent(userEndpoints, 6)}
            """,
            services =>
            {
                if (!realTokens)
                {
                    services.AddSingleton<ILinkisTokenAuthenticator, FunctionalTokens>();
                }
                configure?.Invoke(services);
            });

    /// <summary>
    /// Starts a gateway whose OAuth login uses <paramref name="idp"/> (client <c>linkis-web</c>, user name from the field
    /// <c>login</c>); <paramref name="extra"/> adds settings under <c>oauth</c>.
    /// </summary>
    public static Task<TestGateway> StartOAuthAsync(FakeOAuthServer idp, string extra = "") =>
        StartAsync($"""
            oauth:
              enabled: true
              authentication-url: {idp.BaseUrl}/authorize
              exchange-url: {idp.BaseUrl}/token
              validate-url: {idp.BaseUrl}/user
              validate-field: login
              client-id: linkis-web
              client-secret: idp-secret-42
            {Indent(extra, 2)}
            """);

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
