using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Portico.Security.Linkis.Access;

/// <summary>
/// Recognises and reads a Linkis token request (§4.5): both <c>Token-Code</c> and <c>Token-User</c> as headers (names
/// matched case-insensitively, D11) or as cookies. Values come from the headers, or from the cookies when a header
/// value is blank; <c>Token-Alive: true</c> (header, else cookie) asks for the issued ticket to be kept as a session.
/// </summary>
internal static class LinkisTokenRequest
{
    /// <summary>The token header and cookie.</summary>
    public const string CodeName = "Token-Code";

    /// <summary>The user header and cookie.</summary>
    public const string UserName = "Token-User";

    /// <summary>The header and cookie asking to keep the session.</summary>
    public const string AliveName = "Token-Alive";

    /// <summary>
    /// Whether the request carries both token values as headers, or both as cookies; <paramref name="codeHeader"/> and
    /// <paramref name="userHeader"/> are the headers' values, for <see cref="TryRead(StringValues, StringValues, StringValues, out string, out string)"/>
    /// (each header is looked up once per request).
    /// </summary>
    public static bool IsTokenRequest(IHeaderDictionary headers, out StringValues codeHeader, out StringValues userHeader)
    {
        codeHeader = headers[CodeName];
        userHeader = headers[UserName];
        return (codeHeader.Count > 0 && userHeader.Count > 0)
            || (LinkisRequestCookies.Contains(headers.Cookie, CodeName) && LinkisRequestCookies.Contains(headers.Cookie, UserName));
    }

    /// <summary>Reads both values; false when neither the headers nor the cookies carry both non-blank.</summary>
    public static bool TryRead(IHeaderDictionary headers, out string code, out string user) =>
        TryRead(headers[CodeName], headers[UserName], headers.Cookie, out code, out user);

    /// <summary>Reads both values from the token headers' values and the cookie header.</summary>
    public static bool TryRead(StringValues codeHeader, StringValues userHeader, StringValues cookies, out string code, out string user)
    {
        code = First(codeHeader);
        user = First(userHeader);
        if (!string.IsNullOrWhiteSpace(code) && !string.IsNullOrWhiteSpace(user))
        {
            return true;
        }

        var cookieCode = LinkisRequestCookies.Find(cookies, CodeName);
        var cookieUser = LinkisRequestCookies.Find(cookies, UserName);
        if (string.IsNullOrWhiteSpace(cookieCode) || string.IsNullOrWhiteSpace(cookieUser))
        {
            return false;
        }

        code = cookieCode;
        user = cookieUser;
        return true;
    }

    /// <summary>Whether the request says <c>Token-Alive: true</c> (case-insensitive), in a header or else a cookie.</summary>
    public static bool IsAlive(IHeaderDictionary headers)
    {
        var header = headers[AliveName];
        var text = header.Count > 0 ? header[0] : LinkisRequestCookies.Find(headers.Cookie, AliveName);
        return string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
    }

    private static string First(StringValues values) => values.Count > 0 ? values[0] ?? "" : "";
}
