namespace Portico.Security.Linkis;

/// <summary>The texts Linkis's user endpoints answer with (reference §4.3), byte for byte.</summary>
public static class LinkisUserMessages
{
    /// <summary>Login, token login or proxy login succeeded.</summary>
    public const string LoginSucceeded = "login successful(登录成功)！";

    /// <summary>No store accepted the credentials.</summary>
    public const string WrongCredentials = "wrong user name or password(用户名或密码错误)！";

    /// <summary>The user name is blank.</summary>
    public const string UserNameEmpty = "Username can not be empty(用户名不能为空)！";

    /// <summary>The password is blank.</summary>
    public const string PasswordBlank = "Password can not be blank(密码不能为空)！";

    /// <summary>A system user tried a web login while that is prohibited.</summary>
    public const string SystemUserProhibited = "System users are prohibited from logging in（系统用户禁止登录）！";

    /// <summary>Suffix of the answer to a login while already logged in (prefixed by the user name).</summary>
    public const string AlreadyLoggedInSuffix = " already logged in, please log out before signing in(已经登录，请先退出再进行登录)！";

    /// <summary>Logout done.</summary>
    public const string LogoutSucceeded = "Logout successful(退出登录成功)！";

    /// <summary>Proxy login done.</summary>
    public const string ProxySucceeded = "代理成功";

    /// <summary>Proxy login refused.</summary>
    public const string ProxyValidationFailed = "Validation failed";

    /// <summary>Not logged in (401 on the security filter's path).</summary>
    public const string NotLoggedIn = "You are not logged in, please login first(您尚未登录，请先登录)!";

    /// <summary>Heartbeat answered.</summary>
    public const string HeartbeatSucceeded = "Maintain heartbeat success(维系心跳成功)";

    /// <summary>User information answered.</summary>
    public const string UserInfoSucceeded = "get user information succeed!";

    /// <summary>Portico's answer when failed logins are being throttled (HTTP 429); Linkis has no such limit.</summary>
    public const string TooManyFailedLogins = "Too many failed logins, please try again in {0} seconds(登录失败次数过多，请 {0} 秒后重试)！";
}
