using Microsoft.AspNetCore.Http;
using Portico.Security.ClientAddress;

namespace Portico.Security.Linkis.Users;

/// <summary>What the user endpoints read from a request besides its parameters: cookies, the host and the client.</summary>
internal static class LinkisUserRequest
{
    /// <summary>The raw value of the first cookie named <paramref name="name"/> (as Linkis reads it), or null when absent or empty.</summary>
    public static string? Cookie(HttpContext context, string name) =>
        LinkisRequestCookies.Find(context.Request.Headers.Cookie, name) is { Length: > 0 } value ? value : null;

    /// <summary>The first value of the header <paramref name="name"/> (matched case-insensitively, D11), or null.</summary>
    public static string? Header(HttpContext context, string name) =>
        context.Request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>The <c>Host</c> the client asked for, from which the cookie domain is derived; null when absent.</summary>
    public static string? Host(HttpContext context) => context.Request.Host.HasValue ? context.Request.Host.Value : null;

    /// <summary>The client's address after trusted-proxy resolution (D8), for throttling, token host checks and logs.</summary>
    public static string? ClientAddress(HttpContext context, IClientAddressResolver resolver) => resolver.GetClientAddress(context)?.ToString();
}
