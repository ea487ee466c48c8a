using System.Globalization;

namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// The codes and texts of Linkis's token checks (§4.5, §8.2), exactly as Linkis writes them, and the 401 text that wraps
/// them. Tokens appear masked wherever Linkis echoes them (D10). Linkis's 15200 and 15206 (the token database failed)
/// cannot occur: the checks read the table from memory.
/// </summary>
public static class LinkisTokenErrors
{
    /// <summary>15201: the token has expired.</summary>
    public const int ExpiredCode = 15201;

    /// <summary>15202: the user may not use the token.</summary>
    public const int IllegalUserCode = 15202;

    /// <summary>15203: the token may not be used from the client's address.</summary>
    public const int IllegalHostCode = 15203;

    /// <summary>15204: the token is unknown (the cause inside 15207).</summary>
    public const int InvalidTokenCode = 15204;

    /// <summary>15205: no token was given.</summary>
    public const int TokenIsNullCode = 15205;

    /// <summary>15207: the token is unknown.</summary>
    public const int NotExistCode = 15207;

    /// <summary>15201 text; {0} = the masked token.</summary>
    public const string ExpiredFormat = "Token is not valid or stale({0} 令牌已过期)!";

    /// <summary>15202 text; {0} = the token user.</summary>
    public const string IllegalUserFormat = "Illegal TokenUser for Token(Token非法用户: {0})!";

    /// <summary>15203 text; {0} = the client address.</summary>
    public const string IllegalHostFormat = "Illegal Host for Token(非法ip: {0})!";

    /// <summary>15204 text.</summary>
    public const string InvalidToken = "Invalid Token(数据库中未配置的无效令牌)";

    /// <summary>15205 text; {0} = the token (always <c>null</c> in practice).</summary>
    public const string TokenIsNullFormat = "token is null({0} 令牌参数为空)!";

    /// <summary>15207 text; {0} = the masked token, {1} = the 15204 exception text.</summary>
    public const string NotExistFormat = "Token:{0} does not exist in the table(Token:{0} 表中不存在)!, Caused by:{1}";

    /// <summary>
    /// The 401 message of a failed token authentication; {0} = masked token, {1} = token user, {2} = the failed check's
    /// exception text. Note the full-width comma after the token, as in Linkis.
    /// </summary>
    public const string FailureFormat = "Token Authentication Failed, token: {0}，tokenUser: {1}, reason: {2}";

    /// <summary>
    /// The exception text of a failed check, as Linkis's <c>LinkisException.getMessage</c> starts it:
    /// <c>errCode: &lt;code&gt; ,desc: &lt;desc&gt;</c>. Linkis goes on with <c> ,ip: ,port: ,serviceKind:</c> of the
    /// node; Portico leaves the node out, since it tells the client nothing and names internal hosts.
    /// </summary>
    public static string ExceptionText(int code, string description) =>
        string.Create(CultureInfo.InvariantCulture, $"errCode: {code} ,desc: {description}");

    /// <summary>The whole 401 text for <paramref name="code"/> with <paramref name="description"/>.</summary>
    public static string Failure(string maskedToken, string? tokenUser, int code, string description) =>
        Format(FailureFormat, maskedToken, tokenUser ?? "null", ExceptionText(code, description));

    /// <summary>15201's description for <paramref name="maskedToken"/>.</summary>
    public static string Expired(string maskedToken) => Format(ExpiredFormat, maskedToken);

    /// <summary>15202's description for <paramref name="tokenUser"/>.</summary>
    public static string IllegalUser(string? tokenUser) => Format(IllegalUserFormat, tokenUser ?? "null");

    /// <summary>15203's description for <paramref name="host"/>.</summary>
    public static string IllegalHost(string? host) => Format(IllegalHostFormat, host ?? "null");

    /// <summary>15205's description (Java's <c>MessageFormat</c> writes a null argument as <c>null</c>).</summary>
    public static string TokenIsNull(string? token) => Format(TokenIsNullFormat, token ?? "null");

    /// <summary>15207's description for <paramref name="maskedToken"/>, wrapping 15204's exception text.</summary>
    public static string NotExist(string maskedToken) =>
        Format(NotExistFormat, maskedToken, ExceptionText(InvalidTokenCode, InvalidToken));

    private static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
