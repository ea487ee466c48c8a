using Portico.Linkis.Messages;

namespace Portico.Security.Linkis;

/// <summary>
/// The decisions behind Linkis's <c>/user/login</c>, <c>/user/logout</c> and <c>/user/proxy</c> endpoints, returned as
/// results that carry the Linkis status, message text, <c>data</c> fields and cookies, so the endpoints only render them.
/// </summary>
public interface ILinkisLoginService
{
    /// <summary>A password login (§4.3 <c>login</c>).</summary>
    ValueTask<LinkisUserResult> LoginAsync(LinkisLoginRequest request, CancellationToken cancellationToken);

    /// <summary>A logout: ends the session and deletes both ticket cookies; succeeds even when not logged in.</summary>
    ValueTask<LinkisUserResult> LogoutAsync(string? ticket, string? host, CancellationToken cancellationToken);

    /// <summary>A proxy login (§4.3 <c>proxy</c>): allowed when the proxy-user file lets <paramref name="validationCode"/> act as <paramref name="proxyUser"/>.</summary>
    ValueTask<LinkisUserResult> ProxyLoginAsync(string? proxyUser, string? validationCode, string? host, CancellationToken cancellationToken);
}

/// <summary>A login attempt as the endpoint read it.</summary>
/// <param name="UserName">The <c>userName</c> parameter.</param>
/// <param name="Password">The <c>password</c> (or <c>passwdEncrypt</c>) parameter.</param>
/// <param name="ClientAddress">The client's address for throttling and logs (after trusted-proxy resolution).</param>
/// <param name="Host">The request's <c>Host</c>, for the cookie domain.</param>
/// <param name="WebLogin">Whether the request carried <c>webLogin: true</c> (system users may be refused).</param>
/// <param name="CurrentTicket">The ticket cookie the request already carries, if any.</param>
public sealed record LinkisLoginRequest(string? UserName, string? Password, string? ClientAddress, string? Host, bool WebLogin = false, string? CurrentTicket = null);

/// <summary>The answer of a user endpoint, ready to render as a Linkis <c>Message</c>.</summary>
public sealed record LinkisUserResult
{
    /// <summary>The Linkis status (<see cref="LinkisMessageStatus"/>).</summary>
    public required int Status { get; init; }

    /// <summary>The HTTP status: the Linkis mapping of <see cref="Status"/>, or 429 when throttled.</summary>
    public required int HttpStatus { get; init; }

    /// <summary>The message text.</summary>
    public required string Message { get; init; }

    /// <summary>The <c>data</c> entries in the order Linkis inserts them.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Data { get; init; } = [];

    /// <summary>Raw <c>Set-Cookie</c> values to add to the response.</summary>
    public IReadOnlyList<string> SetCookies { get; init; } = [];

    /// <summary>Seconds for a <c>Retry-After</c> header when throttled.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>The session's user when a session was created or found.</summary>
    public string? SessionUser { get; init; }

    internal static LinkisUserResult Of(int status, string message, IReadOnlyList<KeyValuePair<string, object?>>? data = null) => new()
    {
        Status = status,
        HttpStatus = LinkisMessage.ToHttpStatus(status),
        Message = message,
        Data = data ?? [],
    };
}
