using Portico.Linkis;

namespace Portico.Security.Linkis.Users;

/// <summary>
/// The user endpoints under <c>/api/rest_j/v1/user/</c> (§4.3), handled by the gateway itself and never forwarded. The
/// Linkis security filter hands every request below the user URI to it, body already read (§2.2).
/// </summary>
internal interface ILinkisUserEndpoints
{
    /// <summary>Answers the request; <paramref name="name"/> is the path after the user URI and its slash (<c>login</c>, <c>token-login</c>, ...).</summary>
    Task HandleAsync(LinkisRequestContext context, string name);
}
