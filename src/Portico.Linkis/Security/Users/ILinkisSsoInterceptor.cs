using Microsoft.AspNetCore.Http;

namespace Portico.Security.Linkis.Users;

/// <summary>
/// A single-sign-on system in front of Linkis (Linkis's <c>SSOInterceptor</c>, §4.8). When
/// <see cref="LinkisUserEndpointsConfig.SsoEnabled"/> is on, a request that is not logged in asks it for its user, a browser
/// it does not know is sent to its login page, and <c>/user/logout</c> ends its session too. Register one with
/// <see cref="LinkisSsoServiceCollectionExtensions.AddLinkisSsoInterceptor{TInterceptor}"/>.
/// </summary>
public interface ILinkisSsoInterceptor
{
    /// <summary>The user the single-sign-on system has logged in for this request (from its own cookie or header), or null.</summary>
    ValueTask<string?> GetUserAsync(HttpContext context, CancellationToken cancellationToken);

    /// <summary>The login page to send a browser to, given the URL it asked for (absolute, query included).</summary>
    string RedirectTo(Uri requestUrl);

    /// <summary>
    /// Ends the single-sign-on session of this request, after the gateway has ended its own. Cookies to delete are added
    /// to <see cref="HttpContext.Response"/>: the logout answer is written after this returns and keeps them.
    /// </summary>
    ValueTask LogoutAsync(HttpContext context, CancellationToken cancellationToken);
}
