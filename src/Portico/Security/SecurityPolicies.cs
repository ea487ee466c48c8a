using Portico.Configuration;
using Portico.Security.Authentication;
using Portico.Security.ClientAddress;
using Portico.Security.Cors;
using Portico.Security.Networks;

namespace Portico.Security;

/// <summary>Everything the security filters need from one configuration, compiled once when it is loaded.</summary>
internal sealed class SecurityPolicies
{
    private SecurityPolicies(NetworkList trustedProxies, CorsPolicies cors, AuthenticationPolicies authentication)
    {
        TrustedProxies = trustedProxies;
        Cors = cors;
        Authentication = authentication;
    }

    /// <summary>The proxies whose forwarding headers are believed.</summary>
    public NetworkList TrustedProxies { get; }

    /// <summary>The CORS policies of the routes.</summary>
    public CorsPolicies Cors { get; }

    /// <summary>The authentication of the routes.</summary>
    public AuthenticationPolicies Authentication { get; }

    /// <summary>Compiles <paramref name="config"/>; every problem is added to <paramref name="errors"/>.</summary>
    public static SecurityPolicies Compile(PorticoConfig config, JwksFileStore jwksFiles, TimeProvider time, List<ConfigError> errors) =>
        Compile(config, jwksFiles, time, [], errors);

    /// <summary>Compiles <paramref name="config"/> with the modules' CORS sources; every problem is added to <paramref name="errors"/>.</summary>
    public static SecurityPolicies Compile(PorticoConfig config, JwksFileStore jwksFiles, TimeProvider time, IReadOnlyList<IRouteCorsSource> corsSources, List<ConfigError> errors) =>
        new(
            TrustedProxyList.Parse(config.TrustedProxies, errors),
            CorsPolicies.Compile(config, corsSources, errors),
            AuthenticationPolicies.Compile(config, jwksFiles, time, errors));
}
