using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Portico.Linkis.Messages;

/// <summary>Writes the answers the Linkis gateway produces itself: <see cref="LinkisMessage"/>s and framework errors.</summary>
public static class LinkisResponseWriter
{
    /// <summary>The content type of gateway-made <see cref="LinkisMessage"/> bodies.</summary>
    public const string MessageContentType = "application/json;charset=UTF-8";

    /// <summary>The content type of framework error bodies (Spring Boot's error handler).</summary>
    public const string FrameworkErrorContentType = "application/json";

    /// <summary>
    /// Writes <paramref name="message"/> with <paramref name="httpStatus"/> (200 for parser and router answers) unless the
    /// response has started; returns false when it could not.
    /// </summary>
    public static ValueTask<bool> WriteMessageAsync(HttpContext context, LinkisMessage message, int httpStatus = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WriteAsync(context, httpStatus, MessageContentType, message.ToUtf8Json());
    }

    /// <summary>
    /// Writes the framework error body (Spring's <c>CustomErrorAttributes</c>):
    /// <c>{"method":"&lt;path&gt;","status":&lt;code&gt;,"message":"&lt;reason&gt;[, with request path:&lt;path&gt;]","data":[]}</c>.
    /// Returns false when the response has already started.
    /// </summary>
    public static ValueTask<bool> WriteFrameworkErrorAsync(HttpContext context, int httpStatus, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return WriteAsync(context, httpStatus, FrameworkErrorContentType, LinkisJson.WriteFrameworkError(path, httpStatus, FrameworkErrorMessage(httpStatus, path)));
    }

    /// <summary>The <c>message</c> of a framework error: the reason phrase, plus <c>, with request path:&lt;path&gt;</c> from 500 up.</summary>
    public static string FrameworkErrorMessage(int httpStatus, string path)
    {
        var reason = ReasonPhrase(httpStatus);
        return httpStatus >= 500 ? reason + ", with request path:" + path : reason;
    }

    /// <summary>Spring's reason phrase for <paramref name="httpStatus"/> (Spring 5 names where they differ from today's RFC).</summary>
    public static string ReasonPhrase(int httpStatus) => httpStatus switch
    {
        413 => "Payload Too Large",
        416 => "Requested range not satisfiable",
        422 => "Unprocessable Entity",
        _ => ReasonPhrases.GetReasonPhrase(httpStatus) is { Length: > 0 } phrase ? phrase : "Http Status " + httpStatus,
    };

    private static async ValueTask<bool> WriteAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        if (response.HasStarted)
        {
            return false;
        }

        response.Clear();
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }

        return true;
    }
}
