using Portico.Configuration.LinkisProperties;

namespace Portico.Security.Linkis.ProxyUsers;

/// <summary>
/// The proxy-user file as a map: <c>java.util.Properties</c> text read by the same parser as Linkis conf directories,
/// a later duplicate key winning, as in Java.
/// </summary>
internal static class JavaProperties
{
    /// <summary>Parses <paramref name="text"/>; a syntax error (a malformed <c>\uXXXX</c>) makes the whole file invalid.</summary>
    /// <exception cref="FormatException">The text has a syntax error; the message names its line.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var parsed = JavaPropertiesParser.Parse(text);
        if (parsed.Errors.Count > 0)
        {
            var error = parsed.Errors[0];
            throw new FormatException($"line {error.Line}: {error.Problem}");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in parsed.Entries)
        {
            result[entry.Key] = entry.Value;
        }

        return result;
    }
}
