using System.Globalization;
using System.Text.Json;
using Portico.Errors;

namespace Portico.Security.Linkis.Tokens;

/// <summary>A token write as read from a request body.</summary>
/// <param name="Spec">The properties given.</param>
/// <param name="Id">The <c>id</c> property (Linkis's update names the token by it), when given.</param>
internal sealed record TokenRequest(LinkisTokenSpec Spec, long? Id);

/// <summary>
/// Reads the JSON body of a token write. Portico's API is strict: an unknown property or a wrong type is refused, naming
/// the property. Linkis's API reads as Linkis's Jackson does: unknown properties (the web console sends
/// <c>permanentlyValid</c>) are ignored and numbers may come as strings; the token is <c>tokenName</c> there.
/// </summary>
internal static class TokenRequestBody
{
    public static TokenRequest Read(ReadOnlySpan<byte> body, bool linkis)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 });
        try
        {
            ClientJson.EnsureUtf8(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new TokenBodyException("body", "must be a JSON object such as {\"legalUsers\":\"*\",\"legalHosts\":\"*\",\"elapseDay\":-1}.");
            }

            var spec = new LinkisTokenSpec();
            long? id = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.GetString()!;
                reader.Read();
                switch (property)
                {
                    case "name" when !linkis:
                        spec = spec with { Name = String(ref reader, property) };
                        break;
                    case "token" when !linkis:
                    case "tokenName" when linkis:
                        spec = spec with { Value = String(ref reader, property) };
                        break;
                    case "regenerate" when !linkis:
                        spec = spec with { Regenerate = Boolean(ref reader, property) };
                        break;
                    case "legalUsers":
                        spec = spec with { LegalUsers = String(ref reader, property) };
                        break;
                    case "legalHosts":
                        spec = spec with { LegalHosts = String(ref reader, property) };
                        break;
                    case "businessOwner":
                        spec = spec with { BusinessOwner = String(ref reader, property) };
                        break;
                    case "elapseDay":
                        spec = spec with { ElapseDay = Integer(ref reader, property, linkis) };
                        break;
                    case "id" when linkis:
                        id = Integer(ref reader, property, linkis);
                        break;
                    default:
                        if (!linkis)
                        {
                            throw new TokenBodyException(property, "is not a token property; use name, token, regenerate, legalUsers, legalHosts, businessOwner and elapseDay.");
                        }

                        reader.Skip();
                        break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new TokenBodyException("body", "is not one complete JSON object.");
            }

            return new TokenRequest(spec, id);
        }
        catch (JsonException)
        {
            throw new TokenBodyException("body", "is not valid JSON.");
        }
    }

    private static string? String(ref Utf8JsonReader reader, string property) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw new TokenBodyException(property, "must be a string."),
    };

    private static bool Boolean(ref Utf8JsonReader reader, string property) => reader.TokenType switch
    {
        JsonTokenType.Null or JsonTokenType.False => false,
        JsonTokenType.True => true,
        _ => throw new TokenBodyException(property, "must be true or false."),
    };

    private static long? Integer(ref Utf8JsonReader reader, string property, bool linkis)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var number):
                return number;
            case JsonTokenType.String when linkis:
                // Jackson turns "7" into 7; an empty string into null.
                var text = reader.GetString();
                if (string.IsNullOrEmpty(text))
                {
                    return null;
                }

                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                break;
        }

        throw new TokenBodyException(property, "must be a whole number.");
    }
}

/// <summary>A token request body that cannot be used; <see cref="Field"/> names the property (or <c>body</c>).</summary>
internal sealed class TokenBodyException(string field, string problem) : Exception(field + " " + problem)
{
    public string Field { get; } = field;

    public string Problem { get; } = problem;
}
