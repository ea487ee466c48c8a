using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Portico.Linkis.Messages;
using Portico.Security.Linkis.Throttling;

namespace Portico.Security.Linkis.Users;

/// <summary>
/// The answer of a user endpoint: a Linkis <c>Message</c>, the HTTP status Linkis pairs with it (§0.1; 429 when throttled),
/// and the cookies and <c>Retry-After</c> to send with it.
/// </summary>
internal sealed record LinkisUserAnswer(LinkisMessage Message, int HttpStatus)
{
    private static readonly CompositeFormat TooManyFailedLoginsFormat = CompositeFormat.Parse(LinkisUserMessages.TooManyFailedLogins);

    /// <summary>Raw <c>Set-Cookie</c> values (the ticket is Base64 and must reach Java backends unencoded).</summary>
    public IReadOnlyList<string> SetCookies { get; init; } = [];

    /// <summary>Seconds for <c>Retry-After</c>, when throttled.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>A message with the HTTP status Linkis maps its status to.</summary>
    public static LinkisUserAnswer Of(LinkisMessage message) => new(message, LinkisMessage.ToHttpStatus(message.Status));

    /// <summary>A success (<c>status 0</c>, HTTP 200) with no <c>method</c>.</summary>
    public static LinkisUserAnswer Ok(string message, IReadOnlyList<KeyValuePair<string, object?>>? data = null) =>
        Of(new LinkisMessage(null, LinkisMessageStatus.Success, message, data));

    /// <summary>An error (<c>status 1</c>, HTTP 400) tagged with <paramref name="method"/> (null for an endpoint's normal answers).</summary>
    public static LinkisUserAnswer Error(string message, string? method = null) =>
        Of(new LinkisMessage(method, LinkisMessageStatus.Error, message));

    /// <summary>A not-logged-in answer (<c>status -1</c>, HTTP 401) tagged with <paramref name="method"/>.</summary>
    public static LinkisUserAnswer NotLoggedIn(string message, string? method = null) =>
        Of(new LinkisMessage(method, LinkisMessageStatus.NotLoggedIn, message));

    /// <summary>
    /// A request the endpoint could not read: HTTP 400, <c>status 1</c>, <c>method</c> = the path and
    /// <c>login failed! reason: &lt;reason&gt;</c>, the shape of Linkis's answer when a user endpoint fails.
    /// </summary>
    public static LinkisUserAnswer Failed(string path, string reason) =>
        Error(LinkisUserEndpointMessages.RequestFailedPrefix + reason, path);

    /// <summary>The answer to a login while the request's ticket is already logged in.</summary>
    public static LinkisUserAnswer AlreadyLoggedIn(string userName) =>
        Ok(userName + LinkisUserMessages.AlreadyLoggedInSuffix, [new("userName", userName)]);

    /// <summary>Failed logins are being throttled: HTTP 429 with <c>Retry-After</c>.</summary>
    public static LinkisUserAnswer Throttled(LoginThrottleDecision decision) =>
        new(new LinkisMessage(null, LinkisMessageStatus.Error, string.Format(CultureInfo.InvariantCulture, TooManyFailedLoginsFormat, decision.RetryAfterSeconds)), LoginThrottleDecision.StatusCode)
        {
            RetryAfterSeconds = decision.RetryAfterSeconds,
        };

    /// <summary>A result of the login service, as it is.</summary>
    public static LinkisUserAnswer From(LinkisUserResult result) =>
        new(new LinkisMessage(null, result.Status, result.Message, result.Data), result.HttpStatus)
        {
            SetCookies = result.SetCookies,
            RetryAfterSeconds = result.RetryAfterSeconds,
        };

    /// <summary>
    /// Adds <c>sessionTimeOut</c> (milliseconds) and <c>enableWatermark</c> to the data, as Linkis does for every answer of
    /// its credential check, success or not.
    /// </summary>
    public LinkisUserAnswer WithLoginData(LinkisSecurityConfig config) => this with
    {
        Message = Message
            .WithData("sessionTimeOut", (long)config.SessionTimeout.TotalMilliseconds)
            .WithData("enableWatermark", config.EnableWatermark),
    };

    /// <summary>
    /// Writes the answer unless the response has started. Headers already set (the security layer's decorations, an SSO
    /// interceptor's cookies) are kept; the answer is never cached, since it is about one user's session.
    /// </summary>
    public async ValueTask<bool> WriteAsync(HttpContext context)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return false;
        }

        var body = Message.ToUtf8Json();
        response.StatusCode = HttpStatus;
        response.ContentType = LinkisResponseWriter.MessageContentType;
        response.ContentLength = body.Length;
        var headers = response.Headers;
        headers.CacheControl = "no-store";
        foreach (var cookie in SetCookies)
        {
            headers.Append(HeaderNames.SetCookie, cookie);
        }

        if (RetryAfterSeconds is { } seconds)
        {
            headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }

        return true;
    }
}
