using System.Globalization;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// Reads HTTP statuses as Spring writes them: a number (<c>401</c>) or a name of Spring's <c>HttpStatus</c>
/// (<c>UNAUTHORIZED</c>, <c>PAYLOAD_TOO_LARGE</c>); .NET's <see cref="System.Net.HttpStatusCode"/> names
/// (<c>Unauthorized</c>) are accepted too. Case, dashes and underscores are ignored.
/// </summary>
internal static class HttpStatusNames
{
    private static readonly Dictionary<string, int> ByName = Build();

    /// <summary>Parses <paramref name="text"/> into a status between 100 and 599.</summary>
    public static bool TryParse(string? text, out int status)
    {
        status = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            status = number;
            return number is >= 100 and <= 599;
        }

        return ByName.TryGetValue(ComponentArgs.Normalize(s), out status);
    }

    /// <summary>The field as a status; records an error (with examples) when absent or unknown.</summary>
    public static int GetStatus(this ComponentArgs args, string field)
    {
        var text = args.GetRequiredString(field);
        if (text.Length == 0)
        {
            return 0;
        }

        if (!TryParse(text, out var status))
        {
            args.AddError(field, $"'{text}' is not an HTTP status.", "Write a number from 100 to 599 or a status name such as NOT_FOUND, UNAUTHORIZED or BAD_REQUEST.");
        }

        return status;
    }

    private static Dictionary<string, int> Build()
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        // By name, not by value: several .NET names share a value (Found and Redirect are both 302).
        foreach (var name in Enum.GetNames<System.Net.HttpStatusCode>())
        {
            map.TryAdd(ComponentArgs.Normalize(name), (int)Enum.Parse<System.Net.HttpStatusCode>(name));
        }

        // Spring's names where they differ from .NET's (HttpStatus of Spring Framework 6, deprecated aliases included).
        (string Name, int Status)[] spring =
        [
            ("CHECKPOINT", 103), ("EARLY_HINTS", 103), ("IM_USED", 226), ("FOUND", 302), ("MOVED_TEMPORARILY", 302),
            ("PAYLOAD_TOO_LARGE", 413), ("CONTENT_TOO_LARGE", 413), ("REQUEST_ENTITY_TOO_LARGE", 413),
            ("URI_TOO_LONG", 414), ("REQUEST_URI_TOO_LONG", 414), ("REQUESTED_RANGE_NOT_SATISFIABLE", 416),
            ("I_AM_A_TEAPOT", 418), ("INSUFFICIENT_SPACE_ON_RESOURCE", 419), ("METHOD_FAILURE", 420),
            ("UNPROCESSABLE_ENTITY", 422), ("UNPROCESSABLE_CONTENT", 422),
            ("TOO_EARLY", 425), ("BANDWIDTH_LIMIT_EXCEEDED", 509), ("TOO_MANY_REQUESTS", 429),
        ];
        foreach (var (name, status) in spring)
        {
            map[ComponentArgs.Normalize(name)] = status;
        }

        return map;
    }
}
