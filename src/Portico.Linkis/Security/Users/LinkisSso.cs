using Microsoft.Extensions.DependencyInjection;

namespace Portico.Security.Linkis.Users;

/// <summary>
/// The single-sign-on interceptor in force: the registered <see cref="ILinkisSsoInterceptor"/> while
/// <see cref="LinkisUserEndpointsConfig.SsoEnabled"/> is on, else none. The security filter asks it for the user of a
/// request that is not logged in and for the login page; <c>/user/logout</c> ends the SSO session through it.
/// </summary>
internal sealed class LinkisSso(IServiceProvider services, ILinkisSecuritySettings settings)
{
    // Resolved on first use: the interceptor is the application's, and may depend on services built after ours.
    private ILinkisSsoInterceptor? _interceptor;
    private bool _resolved;

    /// <summary>The interceptor when single sign-on is on and one is registered; otherwise null.</summary>
    public ILinkisSsoInterceptor? Interceptor
    {
        get
        {
            if (!settings.Current.UserEndpoints.SsoEnabled)
            {
                return null;
            }

            if (!Volatile.Read(ref _resolved))
            {
                _interceptor = services.GetService<ILinkisSsoInterceptor>();
                Volatile.Write(ref _resolved, true);
            }

            return _interceptor;
        }
    }
}
