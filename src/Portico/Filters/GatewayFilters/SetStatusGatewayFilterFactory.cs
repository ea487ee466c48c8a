using System.Globalization;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>SetStatus=UNAUTHORIZED</c> or <c>SetStatus=401</c>: replaces the response status once the upstream has
/// answered. With <c>originalStatusHeaderName</c> the upstream's status is kept in that response header (Spring's
/// <c>spring.cloud.gateway.set-status.original-status-header-name</c>, here per route).
/// </summary>
internal sealed class SetStatusGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.SetStatus;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("status", "originalStatusHeaderName");

    public IGatewayFilter Create(ComponentArgs args)
    {
        var statusText = args.GetString("status")?.Trim();
        var status = args.GetStatus("status");
        var originalHeader = args.Has("originalStatusHeaderName") ? args.GetHeaderName("originalStatusHeaderName") : null;
        var description = FilterDescription.Of(GatewayFilterNames.SetStatus).Quoted("status", statusText);
        if (originalHeader is not null)
        {
            description.Quoted("originalStatusHeaderName", originalHeader);
        }

        return new SetStatusFilter(status, originalHeader, description.ToString());
    }

    private sealed class SetStatusFilter(int status, string? originalHeader, string description) : ResponseFilter(description)
    {
        protected override void Apply(GatewayExchange exchange)
        {
            var response = exchange.Response;
            var original = response.StatusCode;
            response.StatusCode = status;
            if (originalHeader is not null)
            {
                response.Headers[originalHeader] = original.ToString(CultureInfo.InvariantCulture);
            }
        }
    }
}
