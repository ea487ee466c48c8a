using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Portico.Discovery;

/// <summary>HTTP helpers shared by the registry APIs: bounded body reads, content negotiation and problem responses.</summary>
internal static class RegistryHttp
{
    /// <summary>Largest registration body accepted; a Eureka instance with generous metadata is a few KiB.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Reads the request body up to <see cref="MaxBodyBytes"/>; null when it is larger.</summary>
    public static async ValueTask<byte[]?> ReadBodyAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Whether the client prefers XML to JSON (by media type and quality); JSON when it expressed no preference.</summary>
    public static bool WantsXml(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var types))
        {
            return false;
        }

        double json = -1, xml = -1;
        foreach (var type in types)
        {
            var quality = type.Quality ?? 1.0;
            var subType = type.SubType.Value ?? "";
            if (subType.Equals("json", StringComparison.OrdinalIgnoreCase) || subType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            {
                json = Math.Max(json, quality);
            }
            else if (subType.Equals("xml", StringComparison.OrdinalIgnoreCase) || subType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase))
            {
                xml = Math.Max(xml, quality);
            }
        }

        return xml > 0 && xml > json;
    }

    /// <summary>The body's media kind: json, xml, or null for anything else.</summary>
    public static string? BodyKind(HttpRequest request)
    {
        var type = request.ContentType;
        if (string.IsNullOrEmpty(type) || type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return "json";
        }

        return type.Contains("xml", StringComparison.OrdinalIgnoreCase) ? "xml" : null;
    }

    /// <summary>Writes an RFC 9457 problem; <paramref name="field"/> names the offending request field when there is one.</summary>
    public static async Task WriteProblemAsync(HttpContext context, int status, string detail, string? field)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = status;
        response.ContentType = Errors.GatewayProblem.ContentType;
        response.Headers.CacheControl = "no-store";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "about:blank");
            json.WriteString("title", ReasonPhrases.GetReasonPhrase(status));
            json.WriteNumber("status", status);
            json.WriteString("detail", detail);
            if (field is not null)
            {
                json.WriteString("field", field);
            }

            json.WriteString("instance", context.Request.Path.Value);
            json.WriteEndObject();
        }

        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    /// <summary>Writes JSON produced by <paramref name="write"/>.</summary>
    public static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-store";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    /// <summary>Writes a body of <paramref name="contentType"/>.</summary>
    public static async Task WriteBytesAsync(HttpContext context, int status, string contentType, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-store";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>A route value as a string (empty when absent).</summary>
    public static string Route(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? "";
}
