using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>PreserveHostHeader</c>: sends the client's <c>Host</c> header upstream instead of the target's authority
/// (sets <see cref="GatewayExchange.PreserveHostHeader"/>, Spring's <c>PRESERVE_HOST_HEADER_ATTRIBUTE</c>).
/// </summary>
internal sealed class PreserveHostHeaderGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.PreserveHostHeader;

    public ShortcutSpec Shortcut => ShortcutSpec.None;

    public IGatewayFilter Create(ComponentArgs args) => PreserveHostHeaderFilter.Instance;

    private sealed class PreserveHostHeaderFilter() : RequestFilter(FilterDescription.Of(GatewayFilterNames.PreserveHostHeader).ToString())
    {
        public static readonly PreserveHostHeaderFilter Instance = new();

        protected override void Apply(GatewayExchange exchange) => exchange.PreserveHostHeader = true;
    }
}
