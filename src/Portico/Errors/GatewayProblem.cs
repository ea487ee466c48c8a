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
        await WriteBodyAsync(context, statusCode, detail, "routeId", routeId, WriterOptions);
        return true;
    }

    /// <summary>
    /// Writes a problem about the request itself, as the admin APIs answer: <paramref name="field"/> names the offending
    /// request field when there is one, and headers already set (a <c>WWW-Authenticate</c> challenge) are kept.
    /// </summary>
    internal static Task WriteForFieldAsync(HttpContext context, int statusCode, string detail, string? field) =>
        context.Response.HasStarted ? Task.CompletedTask : WriteBodyAsync(context, statusCode, detail, "field", field, default);

    // The admin APIs have always escaped their answers with the default encoder; they keep doing so byte for byte.
    private static Task WriteBodyAsync(HttpContext context, int statusCode, string detail, string extraName, string? extraValue, JsonWriterOptions options)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            json.WriteString("type", "about:blank");
            json.WriteString("title", ReasonPhrases.GetReasonPhrase(statusCode));
            json.WriteNumber("status", statusCode);
            json.WriteString("detail", detail);
            if (extraValue is not null)
            {
                json.WriteString(extraName, extraValue);
            }

            json.WriteString("instance", context.Request.Path.Value);
            json.WriteEndObject();
        }

        response.ContentLength = buffer.WrittenCount;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).AsTask();
    }
}
