using System.Globalization;

namespace Portico.Security.Linkis.Access;

/// <summary>
/// The texts with which Linkis's security filter refuses a request (reference §4.1 and §4.5), byte for byte. Shared by
/// the security filter and the user endpoints (<c>/user/token-login</c> answers the token texts too).
/// </summary>
public static class LinkisAccessMessages
{
    /// <summary>The socket address is not in the IP whitelist (HTTP 400); {0} = the address.</summary>
    public const string NotInWhitelistFormat = "{0} is not in whitelist";

    /// <summary>The <c>Referer</c> names none of the allowed hosts (HTTP 412, status 2).</summary>
    public const string UnallowedCrossSiteRequest = "Unallowed cross-site request(不允许的跨站请求)！";

    /// <summary>A request other than a WebSocket handshake has no <c>Referer</c> (HTTP 412, status 2).</summary>
    public const string RefererEmpty = "referer为空,不能继续访问";

    /// <summary>The method is not one of GET, POST, PUT, DELETE, HEAD, TRACE, CONNECT and OPTIONS (HTTP 412, status 2).</summary>
    public const string VerbTampering = "Do not use HTTP verbs to tamper with(不可使用HTTP动词篡改)！";

    /// <summary>A token request while token authentication is off (HTTP 401).</summary>
    public const string TokenAuthenticationDisabled = "Gateway未启用token认证，请采用其他认证方式!";

    /// <summary>A token request without both values in the headers or in the cookies (HTTP 401).</summary>
    public const string TokenValuesMissing = "请在Header或Cookie中同时指定Token-Code 和 Token-User，以便完成token认证！";

    /// <summary>The per-user allow-list refuses the address (HTTP 400); {0} = user, {1} = address.</summary>
    public const string UserAddressProhibitedFormat =
        "Unauthorized access! User {0} is prohibited from accessing from the current IP {1}. (未授权的访问！用户{0}禁止在当前IP{1}访问。)";

    /// <summary>The per-IP URL list refuses the path (HTTP 400); {0} = address.</summary>
    public const string AddressUrlProhibitedFormat =
        "Unauthorized access! IP {0} is prohibited from accessing this URL. (未授权的访问！当前IP{0}禁止访问此URL。)";

    /// <summary>No user endpoint answers the name below the user URI; {0} = the name.</summary>
    public const string UnknownUserUriFormat = "unknown request URI {0}";

    internal static string NotInWhitelist(string address) => Format(NotInWhitelistFormat, address);

    internal static string UserAddressProhibited(string user, string address) => Format(UserAddressProhibitedFormat, user, address);

    internal static string AddressUrlProhibited(string address) => Format(AddressUrlProhibitedFormat, address);

    internal static string UnknownUserUri(string name) => Format(UnknownUserUriFormat, name);

    private static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
