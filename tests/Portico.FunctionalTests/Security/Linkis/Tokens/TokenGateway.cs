using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.Filters;
using Portico.FunctionalTests.Infrastructure;
using Portico.FunctionalTests.Linkis;
using Portico.Linkis;
using Portico.Security.Linkis;

namespace Portico.FunctionalTests.Security.Linkis.Tokens;

/// <summary>
/// Stands in for the Linkis security filter in these tests: takes the caller from test headers and records it as the
/// request's <see cref="LinkisIdentity"/>. It runs just after the security slot, so that where the real filter lets a
/// pass-auth path through anonymously, the test identity still applies.
/// </summary>
internal sealed class TestIdentityFilter : IGlobalFilter
{
    public const string UserHeader = "X-Test-Linkis-User";
    public const string AdminHeader = "X-Test-Linkis-Admin";

    public int Order => LinkisFilterOrder.Security + 1;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        var headers = exchange.Request.Headers;
        if (headers.TryGetValue(UserHeader, out var user) && user.Count == 1)
        {
            var admin = string.Equals(headers[AdminHeader], "true", StringComparison.Ordinal);
            exchange.HttpContext.SetLinkisIdentity(new LinkisIdentity(user[0], LinkisAuthenticationMethod.Session, admin, null));
            headers.Remove(UserHeader);
            headers.Remove(AdminHeader);
        }

        return chain.FilterAsync(exchange);
    }
}

/// <summary>Starts Linkis-mode gateways with Linkis authentication and tokens on, over an in-memory registry.</summary>
internal static class TokenGateway
{
    public const string CryptKey = "functional-test-crypt-key-0123";
    public const string Api = "/api/rest_j/v1/basedata-manager/gateway-auth-token";
    public const long Now = 1_740_816_000_000;

    public static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(Now);

    public static string Yaml(bool securityEnabled = true, string persistence = "memory", string? dataDirectory = null, string? discoveryAccess = null) =>
        "portico:\n"
        + (dataDirectory is null ? "" : $"  data-directory: '{dataDirectory}'\n")
        + "  linkis:\n    enabled: true\n"
        + "  linkis-security:\n"
        + $"    enabled: {(securityEnabled ? "true" : "false")}\n"
        + $"    crypt-key: {CryptKey}\n"
        + "    tokens:\n      enabled: true\n"
        + $"      persistence: {persistence}\n"
        + "    access:\n      pass-auth-prefixes: [/api/rest_j/v1/basedata-manager/]\n"
        + (discoveryAccess is null ? "" : "  discovery:\n    access:\n" + string.Concat(discoveryAccess.Trim().Split('\n').Select(l => "      " + l.Trim() + "\n")));

    public static Task<TestGateway> StartAsync(TimeProvider time, string? yaml = null, InMemoryRegistry? registry = null) =>
        TestGateway.StartAsync(yaml ?? Yaml(), services =>
        {
            services.AddSingleton(time);
            services.AddSingleton<IServiceRegistry>(registry ?? new InMemoryRegistry());
            services.AddSingleton<IGlobalFilter, LinkisProbeFilter>();
            services.AddSingleton<IGlobalFilter, TestIdentityFilter>();
        });

    public static HttpRequestMessage As(this HttpRequestMessage request, string user, bool admin = false)
    {
        request.Headers.Add(TestIdentityFilter.UserHeader, user);
        if (admin)
        {
            request.Headers.Add(TestIdentityFilter.AdminHeader, "true");
        }

        return request;
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? json = null) =>
        new(method, path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") };

    public static async Task<(int Status, string Body)> SendAsync(this TestGateway gateway, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await gateway.Client.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    public static Task<(int Status, string Body)> AdminAsync(this TestGateway gateway, HttpMethod method, string path, string? json = null) =>
        gateway.SendAsync(Request(method, path, json).As("hadoop", admin: true));
}
