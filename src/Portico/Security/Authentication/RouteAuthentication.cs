using System.Security.Claims;
using Microsoft.Extensions.Primitives;

namespace Portico.Security.Authentication;

/// <summary>What one route requires: the accepted schemes, the scopes the caller must all hold, the roles of which it must hold one.</summary>
internal sealed class RouteAuthentication
{
    public RouteAuthentication(IAuthenticationScheme[] schemes, string[] scopes, string[] roles)
    {
        Schemes = schemes;
        Scopes = scopes;
        Roles = roles;
        var challenges = new string[schemes.Length];
        var wanted = new string[schemes.Length];
        for (var i = 0; i < schemes.Length; i++)
        {
            challenges[i] = schemes[i].Challenge;
            wanted[i] = schemes[i].CredentialDescription;
        }

        MissingChallenges = new StringValues(challenges);
        MissingDetail = $"This route requires {string.Join(" or ", wanted)}.";
    }

    /// <summary>The schemes, tried in order; the first whose kind of credential the request carries decides.</summary>
    public IAuthenticationScheme[] Schemes { get; }

    /// <summary>Scopes the caller must all hold.</summary>
    public string[] Scopes { get; }

    /// <summary>Roles of which the caller must hold one (none: no role check).</summary>
    public string[] Roles { get; }

    /// <summary>The <c>WWW-Authenticate</c> challenges of a 401 for a request without any credential.</summary>
    public StringValues MissingChallenges { get; }

    /// <summary>The 401 message for a request without any credential.</summary>
    public string MissingDetail { get; }

    /// <summary>Null when <paramref name="identity"/> satisfies the scopes and roles, else the 403 message.</summary>
    public string? Forbidden(IAuthenticationScheme scheme, ClaimsIdentity identity)
    {
        foreach (var scope in Scopes)
        {
            if (!scheme.HasScope(identity, scope))
            {
                return $"The caller lacks the scope '{scope}' this route requires.";
            }
        }

        if (Roles.Length == 0)
        {
            return null;
        }

        foreach (var role in Roles)
        {
            if (scheme.HasRole(identity, role))
            {
                return null;
            }
        }

        return Roles.Length == 1
            ? $"The caller lacks the role '{Roles[0]}' this route requires."
            : $"The caller has none of the roles this route accepts ({string.Join(", ", Roles)}).";
    }
}
