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

/// <summary>Linkis <c>Message</c> status codes and the HTTP status the user endpoints map them to (reference §0.1).</summary>
public static class LinkisStatus
{
    /// <summary>Not logged in (HTTP 401).</summary>
    public const int NotLoggedIn = -1;

    /// <summary>Success (HTTP 200).</summary>
    public const int Success = 0;

    /// <summary>Error (HTTP 400).</summary>
    public const int Error = 1;

    /// <summary>Validation failed (HTTP 412).</summary>
    public const int ValidationFailed = 2;

    /// <summary>Authorization failed (HTTP 403).</summary>
    public const int AuthFailed = 3;

    /// <summary>Warning (HTTP 206).</summary>
    public const int Warning = 4;

    /// <summary>Linkis's <c>Message.messageToHttpStatus</c>.</summary>
    public static int ToHttpStatus(int status) => status switch
    {
        NotLoggedIn => 401,
        Success => 200,
        Error => 400,
        ValidationFailed => 412,
        AuthFailed => 403,
        Warning => 206,
        _ => 400,
    };
}
