using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Portico.Discovery;

/// <summary>HTTP helpers shared by the registry APIs: bounded body reads, content negotiation and problem responses.</summary>
internal static partial class RegistryHttp
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

    /// <summary>
    /// Reads a registration body of a supported media type (JSON, and XML when <paramref name="acceptXml"/>); on an
    /// unsupported type (415) or a body over <see cref="MaxBodyBytes"/> (413) writes the problem and returns null.
    /// </summary>
    public static async ValueTask<(byte[] Body, string Kind)?> ReadRegistrationAsync(HttpContext context, bool acceptXml)
    {
        var kind = BodyKind(context.Request);
        if (kind is null || (kind == "xml" && !acceptXml))
        {
            var accepted = acceptXml ? "application/json or application/xml" : "application/json";
            await WriteProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{context.Request.ContentType}' is not supported; send {accepted}.", null);
            return null;
        }

        var body = await ReadBodyAsync(context);
        if (body is null)
        {
            await WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, $"The registration is larger than {MaxBodyBytes / 1024} KiB.", null);
            return null;
        }

        return (body, kind);
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
    public static Task WriteProblemAsync(HttpContext context, int status, string detail, string? field) =>
        Errors.GatewayProblem.WriteForFieldAsync(context, status, detail, field);

    /// <summary>The instances of the <c>{app}</c> route value; when none is registered writes 404 and returns null.</summary>
    public static async ValueTask<IReadOnlyList<ServiceInstance>?> FindApplicationAsync(HttpContext context, RegistrySnapshot snapshot)
    {
        var app = Route(context, "app");
        var instances = snapshot.GetInstances(app);
        if (instances.Count == 0)
        {
            await NotFoundAsync(context, $"Application '{app}' is not registered.");
            return null;
        }

        return instances;
    }

    /// <summary>The instance of the <c>{app}</c> and <c>{id}</c> route values; when not registered writes 404 and returns null.</summary>
    public static async ValueTask<ServiceInstance?> FindInstanceAsync(HttpContext context, RegistrySnapshot snapshot)
    {
        var (app, id) = InstanceRoute(context);
        var instance = snapshot.Find(app, id);
        if (instance is null)
        {
            await InstanceNotFoundAsync(context, app, id);
        }

        return instance;
    }

    /// <summary>
    /// Whether merging <paramref name="entries"/> into the instance's metadata keeps it valid; when not, writes the 400
    /// problem. An unknown instance passes: the update itself answers 404.
    /// </summary>
    public static async ValueTask<bool> CheckMetadataPatchAsync(HttpContext context, ILogger logger, RegistrySnapshot snapshot, IReadOnlyDictionary<string, string> entries)
    {
        var (app, id) = InstanceRoute(context);
        if (snapshot.Find(app, id) is { } current && InstanceValidator.CheckMetadataPatch(current, entries) is { } problem)
        {
            await BadRequestAsync(context, logger, "metadata", problem);
            return false;
        }

        return true;
    }

    /// <summary>Writes a 404 problem.</summary>
    public static Task NotFoundAsync(HttpContext context, string detail) =>
        WriteProblemAsync(context, StatusCodes.Status404NotFound, detail, null);

    /// <summary>Writes the 404 problem for an instance the registry does not hold; <paramref name="fix"/> says what to do.</summary>
    public static Task InstanceNotFoundAsync(HttpContext context, string app, string id, string? fix = null) =>
        NotFoundAsync(context, fix is null ? $"Instance '{id}' of '{app}' is not registered." : $"Instance '{id}' of '{app}' is not registered; {fix}.");

    /// <summary>Logs and writes the 400 problem for a request whose <paramref name="field"/> is wrong.</summary>
    public static Task BadRequestAsync(HttpContext context, ILogger logger, string field, string message)
    {
        LogRejected(logger, context.Request.Path.Value ?? "", field, message);
        return WriteProblemAsync(context, StatusCodes.Status400BadRequest, $"{field} {message}", field);
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

    /// <summary>The <c>{app}</c> and <c>{id}</c> route values of an instance URL.</summary>
    public static (string App, string Id) InstanceRoute(HttpContext context) => (Route(context, "app"), Route(context, "id"));

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 80, Level = LogLevel.Information, Message = "Rejected registry request {Path}: {Field} {Problem}")]
    private static partial void LogRejected(ILogger logger, string path, string field, string problem);
}
