using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Portico.Security.Authentication;

/// <summary>One compiled way of authenticating a request (JWT bearer, API key).</summary>
internal interface IAuthenticationScheme
{
    /// <summary>The scheme's name in route metadata.</summary>
    string Name { get; }

    /// <summary>What the client must send, for the 401 message (e.g. <c>a bearer token</c>).</summary>
    string CredentialDescription { get; }

    /// <summary>The <c>WWW-Authenticate</c> challenge when no credential was sent.</summary>
    string Challenge { get; }

    /// <summary>Whether the request carries this scheme's kind of credential (valid or not).</summary>
    bool HasCredential(HttpRequest request);

    /// <summary>Checks the credential; the outcome carries the identity or why it was refused.</summary>
    ValueTask<AuthenticationOutcome> AuthenticateAsync(HttpRequest request);

    /// <summary>Whether the identity holds <paramref name="scope"/>.</summary>
    bool HasScope(ClaimsIdentity identity, string scope);

    /// <summary>Whether the identity holds <paramref name="role"/>.</summary>
    bool HasRole(ClaimsIdentity identity, string role);

    /// <summary>The <c>WWW-Authenticate</c> challenge sent with a 403 for missing scopes or roles.</summary>
    string ForbiddenChallenge(string detail, IReadOnlyList<string> scopes);

    /// <summary>Prepares the request for the upstream once authenticated: strips the credential, adds identity headers.</summary>
    void OnAuthenticated(HttpRequest request, ClaimsIdentity identity);
}

/// <summary>The result of checking a credential: an identity, or the reason and challenge for a 401.</summary>
internal sealed class AuthenticationOutcome
{
    private AuthenticationOutcome(ClaimsIdentity? identity, string? failure, string? challenge)
    {
        Identity = identity;
        Failure = failure;
        Challenge = challenge;
    }

    /// <summary>The authenticated identity, or null when refused.</summary>
    public ClaimsIdentity? Identity { get; }

    /// <summary>Why the credential was refused, for the client (never the credential itself).</summary>
    public string? Failure { get; }

    /// <summary>The <c>WWW-Authenticate</c> challenge for the refusal.</summary>
    public string? Challenge { get; }

    /// <summary>An accepted credential.</summary>
    public static AuthenticationOutcome Success(ClaimsIdentity identity) => new(identity, null, null);

    /// <summary>A refused credential.</summary>
    public static AuthenticationOutcome Fail(string failure, string challenge) => new(null, failure, challenge);
}
