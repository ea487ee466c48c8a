using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Portico.Errors;

/// <summary>Writes gateway-made errors as RFC 9457 <c>application/problem+json</c>. Never includes exception text.</summary>
public static class GatewayProblem
{
    /// <summary>The media type of gateway errors.</summary>
    public const string ContentType = "application/problem+json";

    // The body is JSON for API clients, never embedded in HTML, so quotes and apostrophes in messages stay readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes the problem unless the response has started; returns false when it could not (the caller should abort).
    /// </summary>
    public static async ValueTask<bool> WriteAsync(HttpContext context, int statusCode, string detail, string? routeId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        if (response.HasStarted)
        {
            return false;
        }

        response.Clear();
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("type", "about:blank");
            json.WriteString("title", ReasonPhrases.GetReasonPhrase(statusCode));
            json.WriteNumber("status", statusCode);
            json.WriteString("detail", detail);
            if (routeId is not null)
            {
                json.WriteString("routeId", routeId);
            }

            json.WriteString("instance", context.Request.Path.Value);
            json.WriteEndObject();
        }

        response.ContentLength = buffer.WrittenCount;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
        }

        return true;
    }
}
