using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Portico.Management;

/// <summary>Writes actuator responses as compact JSON straight into the response pipe.</summary>
internal static class ActuatorJson
{
    /// <summary>The media type of actuator responses.</summary>
    public const string ContentType = "application/json";

    // Route descriptions are full of quotes and '+' ("[AddRequestHeader X-A = 'b']"); the relaxed encoder keeps them
    // readable. It still escapes what JSON requires, and nosniff keeps browsers from reading the body as HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync<TState>(HttpContext context, int statusCode, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        using (var json = new Utf8JsonWriter(response.BodyWriter, Options))
        {
            write(json, state);
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>Writes a scalar of a health check's data or a route's metadata as the closest JSON type.</summary>
    public static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case int or long or short or byte or uint or ushort or sbyte:
                json.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ulong u:
                json.WriteNumberValue(u);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                json.WriteNumberValue(f);
                break;
            case decimal m:
                json.WriteNumberValue(m);
                break;
            case DateTimeOffset dto:
                json.WriteStringValue(dto);
                break;
            case DateTime dt:
                json.WriteStringValue(dt);
                break;
            case IFormattable formattable:
                json.WriteStringValue(formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteStringValue(value.ToString());
                break;
        }
    }
}
