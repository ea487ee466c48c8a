namespace Portico.Security.Linkis.Users;

/// <summary>
/// The single-sign-on interceptor in force: the registered <see cref="ILinkisSsoInterceptor"/> while
/// <see cref="LinkisUserEndpointsConfig.SsoEnabled"/> is on, else none. The security filter asks it for the user of a
/// request that is not logged in and for the login page; <c>/user/logout</c> ends the SSO session through it.
/// </summary>
internal sealed class LinkisSso
{
    private readonly ILinkisSecuritySettings _settings;
    private readonly ILinkisSsoInterceptor? _interceptor;

    /// <param name="interceptors">The application's interceptors; the last registered is the one in force, and there may be none.</param>
    /// <param name="settings">The Linkis security settings.</param>
    public LinkisSso(IEnumerable<ILinkisSsoInterceptor> interceptors, ILinkisSecuritySettings settings)
    {
        _settings = settings;
        _interceptor = interceptors.LastOrDefault();
    }

    /// <summary>The interceptor when single sign-on is on and one is registered; otherwise null.</summary>
    public ILinkisSsoInterceptor? Interceptor => _settings.Current.UserEndpoints.SsoEnabled ? _interceptor : null;
}
