using System.Text.Json;
using Portico.Labels;

namespace Portico.Linkis.Routing;

/// <summary>
/// Reads a request's labels (Linkis's route-label parsers, §3.5, with Portico's D3): the query parameter
/// <c>labels</c> (else <c>labelsRoute</c>) as <c>route</c> values, and the JSON body's <c>labels</c> object when the
/// body was inspected. A malformed body (not JSON, or not UTF-8) carries no labels; it is forwarded for the backend to judge.
/// </summary>
internal static class RouteLabelReader
{
    public static RequestLabels Read(LinkisRequestContext context, string application)
    {
        Dictionary<string, IReadOnlyList<string>>? labels = null;
        if (context.Body is { IsEmpty: false } body
            && body.TryGetJson(out var root, out _)
            && root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("labels", out var bodyLabels)
            && bodyLabels.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in bodyLabels.EnumerateObject())
            {
                var text = label.Value.ValueKind switch
                {
                    JsonValueKind.String => label.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => label.Value.GetRawText(),
                    _ => null,
                };
                if (Split(text) is { } values)
                {
                    (labels ??= new(StringComparer.Ordinal))[label.Name] = values;
                }
            }
        }

        var query = context.FirstQueryValue("labels");
        if (string.IsNullOrWhiteSpace(query))
        {
            query = context.FirstQueryValue("labelsRoute");
        }

        if (Split(query) is { } routes)
        {
            (labels ??= new(StringComparer.Ordinal))[LinkisLabelKeys.Route] = routes;
        }

        return new RequestLabels(application, labels);
    }

    private static string[]? Split(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var values = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return values.Length == 0 ? null : values;
    }
}
