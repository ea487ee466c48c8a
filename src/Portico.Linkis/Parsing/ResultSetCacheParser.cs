using System.Text.Json;
using Portico.Linkis.Messages;

namespace Portico.Linkis.Parsing;

/// <summary>
/// Result-set cache, <c>/api/{rest}/{v}/engine/resultSetCache[a-zA-Z]*/[a-zA-Z]+</c>: the engine named by
/// <c>serviceName</c> and <c>instance</c>, each read from the query (first value) or else the JSON body; <c>fsPath</c>
/// and <c>pageSize</c> must be present too. A missing key is answered <c>&lt;key&gt; does not exist.</c>; a body that is
/// not a JSON object is answered with an error (an empty body counts as <c>{}</c>).
/// </summary>
internal sealed class ResultSetCacheParser : ILinkisRequestParser
{
    private const string CachePrefix = "engine/resultSetCache";

    public int Order => LinkisParserOrder.ResultSetCache;

    public bool WantsBody(LinkisRequestContext context) => Matches(context.ApiPath);

    public void Parse(LinkisRequestContext context)
    {
        var api = context.ApiPath;
        if (!Matches(api) || !context.CheckVersion(api.Version))
        {
            return;
        }

        JsonElement body = default;
        if (context.Body is { IsEmpty: false } requestBody)
        {
            if (!requestBody.TryGetJson(out body, out var error))
            {
                context.Fail(error!);
                return;
            }

            if (body.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                context.Fail("The request body is not a JSON object.");
                return;
            }
        }

        var serviceName = Get(context, body, "serviceName");
        var instance = serviceName is null ? null : Get(context, body, "instance");
        if (serviceName is null || instance is null)
        {
            return;
        }

        context.Target = new ServiceTarget(serviceName, instance);
        if (Get(context, body, "fsPath") is not null)
        {
            _ = Get(context, body, "pageSize");
        }
    }

    public override string ToString() => "[ResultSetCache]";

    private static string? Get(LinkisRequestContext context, JsonElement body, string key)
    {
        if (context.FirstQueryValue(key) is { } fromQuery)
        {
            return fromQuery;
        }

        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        }

        context.Fail(LinkisErrors.KeyDoesNotExist(key));
        return null;
    }

    private static bool Matches(LinkisApiPath api)
    {
        if (!api.IsMatch || !api.Remainder.StartsWith(CachePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = api.Remainder[CachePrefix.Length..];
        var i = 0;
        while (i < rest.Length && char.IsAsciiLetter(rest[i]))
        {
            i++;
        }

        if (i == rest.Length || rest[i] != '/' || i + 1 == rest.Length)
        {
            return false;
        }

        foreach (var c in rest[(i + 1)..])
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
