namespace Portico.Security.Linkis.Users;

/// <summary>
/// The texts of the user endpoints (reference §4.3, §4.8) beside the login texts of <see cref="LinkisUserMessages"/> and
/// the token texts of <see cref="Access.LinkisAccessMessages"/>, byte for byte as Linkis writes them, plus Portico's own
/// texts where Linkis answers with an exception dump.
/// </summary>
public static class LinkisUserEndpointMessages
{
    /// <summary><c>/user/publicKey</c> answered.</summary>
    public const string PublicKeySucceeded = "Gain success(获取成功)！";

    /// <summary><c>/user/baseinfo</c> answered.</summary>
    public const string BaseInfoSucceeded = "get baseinfo success(获取成功)！";

    /// <summary><c>/user/register</c>: registration is not part of the gateway.</summary>
    public const string RegisterNotImplemented = "请自行实现注册方法！";

    /// <summary>The answer of every <c>/user/sso-login…</c> path.</summary>
    public const string SsoLoginSucceeded = "succeed";

    /// <summary><c>/user/token-login</c> with a method other than POST.</summary>
    public const string TokenLoginPostOnly = "Only support method POST";

    /// <summary>The description of error 11002, as <c>/user/userInfo</c> and <c>/user/heartbeat</c> report it.</summary>
    public const string NotLoggedInDescription = "You are not logged in, please login first(您尚未登录，请先登录!)";

    /// <summary>The Linkis error code of <see cref="NotLoggedInDescription"/>.</summary>
    public const int NotLoggedInCode = 11002;

    /// <summary>OAuth login is switched off.</summary>
    public const string OAuthDisabled = "Gateway 未启用 OAuth 认证，请采用其他认证方式!";

    /// <summary><c>/user/oauth-redirect</c> answered with the authorize URL.</summary>
    public const string OAuthRedirectCreated = "创建链接成功！";

    /// <summary>
    /// <c>/user/oauth-login</c> whose <c>state</c> is missing or not the one its browser was given (with
    /// <see cref="LinkisOAuthConfig.RequireState"/>).
    /// </summary>
    public const string OAuthStateMismatch = "The OAuth state does not match the login this browser started; start the login again(OAuth state 校验失败，请重新登录)!";

    /// <summary><c>/user/oauth-login</c> without a <c>code</c> query parameter.</summary>
    public const string OAuthCodeMissing = "请在回调查询参数中返回code，以便完成OAuth认证！";

    /// <summary>The authorization server refused the code; {0} = the code, masked.</summary>
    public const string OAuthExchangeFailedFormat = "无效的访问令牌 {0}，无法完成 OAuth 认证!";

    /// <summary>
    /// Portico's answer when the code was exchanged but the user-info endpoint named no user (Linkis logs in a user called
    /// <c>null</c> instead).
    /// </summary>
    public const string OAuthUserLookupFailed = "The OAuth user information names no user, so OAuth authentication cannot complete(无法获取 OAuth 用户信息，无法完成 OAuth 认证)!";

    /// <summary>
    /// Prefix of the answers to a request the endpoint could not read (Linkis's prefix for failures of the user
    /// endpoints); the precise reason follows.
    /// </summary>
    public const string RequestFailedPrefix = "login failed! reason: ";

    /// <summary><c>/user/proxy</c> without <c>proxyUser</c> or <c>validationCode</c> (Linkis fails with a NullPointerException).</summary>
    public const string ProxyParametersMissing = "the query parameters proxyUser and validationCode are both required.";

    /// <summary>An unexpected failure; the details are logged, never sent.</summary>
    public const string InternalError = "the gateway could not complete the request; the failure has been logged.";
}
