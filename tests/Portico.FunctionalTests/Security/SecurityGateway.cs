using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Portico.Filters;
using Portico.FunctionalTests.Infrastructure;
using Portico.Security;
using Portico.Security.ClientAddress;

namespace Portico.FunctionalTests.Security;

/// <summary>
/// Starts gateways for the security tests in front of a real echo upstream (<see cref="TestUpstream"/>); every
/// response carries the client address the gateway resolved in <see cref="ClientAddressHeader"/>.
/// </summary>
internal static class SecurityGateway
{
    /// <summary>Response header carrying what <see cref="IClientAddressResolver"/> resolved.</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    public const string Issuer = "https://issuer.test";
    public const string Audience = "orders";

    /// <summary>The HMAC secret the test configurations trust, in base64.</summary>
    public static readonly string SecretBase64 = Convert.ToBase64String(Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"));

    public static Task<TestGateway> StartAsync(string yaml) =>
        TestGateway.StartAsync(yaml, services =>
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, ClientAddressEchoFilter>());
        });

    /// <summary>A token signed with the trusted secret, valid from a minute ago for <paramref name="lifetime"/>.</summary>
    public static string Token(TimeSpan lifetime, string scope = "orders.read", string? audience = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience ?? Audience,
            IssuedAt = now.AddMinutes(-1) + (lifetime < TimeSpan.Zero ? lifetime : TimeSpan.Zero),
            NotBefore = now.AddMinutes(-1) + (lifetime < TimeSpan.Zero ? lifetime : TimeSpan.Zero),
            Expires = now + lifetime,
            Claims = new Dictionary<string, object> { ["sub"] = "alice", ["scope"] = scope },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(SecretBase64)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>Puts the resolved client address on the response, after authentication and before routing.</summary>
    private sealed class ClientAddressEchoFilter(IClientAddressResolver resolver) : IGlobalFilter
    {
        public int Order => SecurityFilterOrder.Authentication + 1;

        public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
        {
            exchange.Response.Headers[ClientAddressHeader] = resolver.GetClientAddress(exchange.HttpContext)?.ToString() ?? "-";
            return chain.FilterAsync(exchange);
        }
    }
}
