namespace Portico.Labels;

/// <summary>The labels a parser attached to a request, as a request feature any parser may set and the label step reads.</summary>
public static class RequestLabelsExchangeExtensions
{
    /// <summary>The labels attached to the request, or null when no parser attached any.</summary>
    public static RequestLabels? GetRequestLabels(this GatewayExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return exchange.HttpContext.Features.Get<RequestLabels>();
    }

    /// <summary>Attaches <paramref name="labels"/> to the request, replacing any attached before.</summary>
    public static void SetRequestLabels(this GatewayExchange exchange, RequestLabels labels)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(labels);
        exchange.HttpContext.Features.Set(labels);
    }
}
