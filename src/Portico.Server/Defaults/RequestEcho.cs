using System.Text;
using System.Text.Json;

namespace Portico.Server.Defaults;

/// <summary>Answers with the request it received, as JSON: what a route's filters did becomes visible.</summary>
internal static class RequestEcho
{
    private const int MaxEchoedBody = 64 * 1024;

    public static async Task WriteAsync(HttpContext context, string service)
    {
        var request = context.Request;
        var body = await ReadBodyAsync(request, context.RequestAborted);
        var exchange = context.Features.Get<GatewayExchange>();

        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("service", service);
        json.WriteString("method", request.Method);
        json.WriteString("path", request.Path.Value);
        if (exchange is not null && exchange.OriginalPath != request.Path)
        {
            json.WriteString("originalPath", exchange.OriginalPath.Value);
        }

        json.WriteString("query", request.QueryString.Value);
        json.WriteStartObject("headers");
        foreach (var header in request.Headers)
        {
            json.WriteString(header.Key, header.Value.ToString());
        }

        json.WriteEndObject();
        if (body is not null)
        {
            json.WriteString("body", body);
        }

        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // Echo at most the first 64 KiB, and drain the rest so the connection stays usable.
        var buffer = new byte[MaxEchoedBody];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length == buffer.Length)
        {
            await request.Body.CopyToAsync(Stream.Null, cancellationToken);
        }

        return length == 0 ? null : Encoding.UTF8.GetString(buffer, 0, length);
    }
}
