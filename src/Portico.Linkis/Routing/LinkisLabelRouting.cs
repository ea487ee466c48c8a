using System.Text;
using Portico.Labels;
using Portico.Linkis.Messages;

namespace Portico.Linkis.Routing;

/// <summary>
/// The Linkis requests' part in the core's label step: their labels read as Linkis reads them (query, then the
/// inspected body), the instance the Linkis parser chose (execID, <c>?instance=</c>), and Linkis's answers when labels
/// leave no instance (11011, 11012 and "no services in the registry", in its envelope).
/// </summary>
internal sealed class LinkisLabelRouting : IRequestLabelSource, ILabelRoutingErrors
{
    public bool TryReadLabels(GatewayExchange exchange, string serviceId, out RequestLabels? labels)
    {
        if (exchange.GetLinkisContext() is { } linkis)
        {
            labels = RouteLabelReader.Read(linkis, serviceId);
            return true;
        }

        labels = null;
        return false;
    }

    public string? PinnedInstance(GatewayExchange exchange, string serviceId) =>
        exchange.GetLinkisContext()?.RoutedTarget is { Instance: { } instance } target
        && string.Equals(target.Application, serviceId, StringComparison.OrdinalIgnoreCase)
            ? instance
            : null;

    public Exception? NoUnlabelledInstance(GatewayExchange exchange, string serviceId) =>
        exchange.GetLinkisContext() is { } linkis ? LinkisErrors.NoServicesInRegistry(linkis.Path) : null;

    public Exception? NoLabelledInstance(GatewayExchange exchange, LabelRoutingFailure failure)
    {
        if (exchange.GetLinkisContext() is not { } linkis)
        {
            return null;
        }

        if (!failure.LabelledAnywhere)
        {
            return LinkisErrors.CannotRouteByLabel(linkis.Path, RouteLabelsJson(failure.Requested, failure.RoutingKeys));
        }

        return failure.LabelledInstance is null
            ? LinkisErrors.NoRouteLabelServiceError()
            : LinkisErrors.CannotFindInstance(failure.LabelledInstance.Application);
    }

    /// <summary>
    /// The requested routing labels as Linkis shows them in 11011 (a JSON array of its label objects):
    /// <c>[{"labelKey":"route","stringValue":"et1"}]</c>, one object per requested value.
    /// </summary>
    public static string RouteLabelsJson(RequestLabels requested, IReadOnlyList<string> routingKeys)
    {
        var sb = new StringBuilder("[");
        foreach (var key in routingKeys)
        {
            if (!requested.Labels.TryGetValue(key, out var values))
            {
                continue;
            }

            foreach (var value in values)
            {
                sb.Append(sb.Length > 1 ? ",{\"labelKey\":" : "{\"labelKey\":");
                LinkisJson.AppendJacksonString(sb, key);
                sb.Append(",\"stringValue\":");
                LinkisJson.AppendJacksonString(sb, value);
                sb.Append('}');
            }
        }

        return sb.Append(']').ToString();
    }

}
