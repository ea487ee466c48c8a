using Microsoft.AspNetCore.Http;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>SetPath=/{segment}</c>: replaces the request path with a template filled from the URI variables captured by
/// the route's predicates (with <c>Path=/red/{segment}</c>, <c>/red/blue</c> is routed as <c>/blue</c>).
/// </summary>
internal sealed class SetPathGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.SetPath;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("template");

    public IGatewayFilter Create(ComponentArgs args)
    {
        var template = ValueTemplate.Parse(args.GetPath("template"));
        return new SetPathFilter(template, template.HasVariables || template.Text.Length == 0 ? default : new PathString(template.Text));
    }

    private sealed class SetPathFilter(ValueTemplate template, PathString literal)
        : RequestFilter(FilterDescription.Of(GatewayFilterNames.SetPath).Quoted("template", template.Text).ToString())
    {
        protected override void Apply(GatewayExchange exchange) =>
            exchange.Request.Path = literal.HasValue ? literal : new PathString(template.Expand(exchange));
    }
}
