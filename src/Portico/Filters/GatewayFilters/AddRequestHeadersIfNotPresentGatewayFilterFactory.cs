using Microsoft.Extensions.Primitives;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>AddRequestHeadersIfNotPresent=X-Request-Color-1:blue,X-Request-Color-2:green</c>: adds each header the client
/// did not send (or sent blank). Entries naming the same header add all their values. Values may name URI variables.
/// </summary>
internal sealed class AddRequestHeadersIfNotPresentGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.AddRequestHeadersIfNotPresent;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.GatherList("keyValues");

    public IGatewayFilter Create(ComponentArgs args)
    {
        var entries = args.GetList("keyValues");
        var groups = new List<HeaderGroup>();
        var description = FilterDescription.Of(GatewayFilterNames.AddRequestHeadersIfNotPresent);
        foreach (var entry in entries)
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? string.Empty : entry[..colon].Trim();
            var value = colon < 0 ? string.Empty : entry[(colon + 1)..].Trim();
            if (!HeaderValues.IsToken(name))
            {
                args.AddError("keyValues", $"'{entry}' is not a 'name:value' pair with a valid header name.", "Write each entry as Header-Name:value, e.g. X-Request-Color:blue.");
                continue;
            }

            if (HeaderValues.HasControlCharacter(value))
            {
                args.AddError("keyValues", $"the value of '{name}' contains a line break or another control character.", "Write the header value on one line without control characters.");
                continue;
            }

            description.Quoted(name, value);
            var group = groups.Find(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
            if (group is null)
            {
                groups.Add(new HeaderGroup(name, [ValueTemplate.Parse(value)]));
            }
            else
            {
                group.Values.Add(ValueTemplate.Parse(value));
            }
        }

        var compiled = new CompiledGroup[groups.Count];
        for (var i = 0; i < compiled.Length; i++)
        {
            compiled[i] = CompiledGroup.From(groups[i]);
        }

        return new AddRequestHeadersIfNotPresentFilter(compiled, description.ToString());
    }

    private sealed record HeaderGroup(string Name, List<ValueTemplate> Values);

    /// <summary>One header and its values; <see cref="Literal"/> is precomputed when no value names a variable.</summary>
    private sealed class CompiledGroup(string name, ValueTemplate[] values, StringValues? literal)
    {
        public string Name { get; } = name;

        public StringValues? Literal { get; } = literal;

        public static CompiledGroup From(HeaderGroup group)
        {
            var values = group.Values.ToArray();
            var anyVariables = false;
            var texts = new string[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                anyVariables |= values[i].HasVariables;
                texts[i] = values[i].Text;
            }

            return new CompiledGroup(group.Name, values, anyVariables ? null : (StringValues?)new StringValues(texts));
        }

        public StringValues Expand(GatewayExchange exchange)
        {
            if (Literal is { } literal)
            {
                return literal;
            }

            var expanded = new string[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                expanded[i] = values[i].ExpandHeaderValue(exchange, Name);
            }

            return new StringValues(expanded);
        }
    }

    private sealed class AddRequestHeadersIfNotPresentFilter(CompiledGroup[] groups, string description) : RequestFilter(description)
    {
        protected override void Apply(GatewayExchange exchange)
        {
            var headers = exchange.Request.Headers;
            foreach (var group in groups)
            {
                if (HeaderValues.IsMissingOrBlank(headers[group.Name]))
                {
                    headers[group.Name] = group.Expand(exchange);
                }
            }
        }
    }
}
