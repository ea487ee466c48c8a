using Microsoft.AspNetCore.Http;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>AddRequestParameter=red, blue</c>: appends <c>red=blue</c> to the query string, keeping existing parameters.
/// Name and value are percent-encoded; the value may name URI variables (<c>{segment}</c>).
/// </summary>
internal sealed class AddRequestParameterGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.AddRequestParameter;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("name", "value");

    public IGatewayFilter Create(ComponentArgs args)
    {
        var name = args.GetRequiredString("name");
        var value = ValueTemplate.Parse(args.GetRequiredString("value"));
        return new AddRequestParameterFilter(name, value);
    }

    private sealed class AddRequestParameterFilter : RequestFilter
    {
        private readonly string _encodedName;
        private readonly string? _encodedPair;
        private readonly ValueTemplate _value;

        public AddRequestParameterFilter(string name, ValueTemplate value)
            : base(FilterDescription.Of(GatewayFilterNames.AddRequestParameter).Quoted(name, value.Text).ToString())
        {
            _encodedName = Uri.EscapeDataString(name);
            _value = value;
            _encodedPair = value.HasVariables ? null : _encodedName + "=" + Uri.EscapeDataString(value.Text);
        }

        protected override void Apply(GatewayExchange exchange)
        {
            var pair = _encodedPair ?? _encodedName + "=" + Uri.EscapeDataString(_value.Expand(exchange));
            var query = exchange.Request.QueryString.Value;
            exchange.Request.QueryString = new QueryString(string.IsNullOrEmpty(query) || query == "?"
                ? "?" + pair
                : query[^1] == '&' ? query + pair : string.Concat(query, "&", pair));
        }
    }
}
