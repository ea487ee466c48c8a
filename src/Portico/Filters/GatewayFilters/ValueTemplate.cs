using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Portico.Errors;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// A configured value that may name URI variables captured by route predicates, as <c>{segment}</c> in
/// <c>AddRequestHeader=X-Segment, {segment}</c> (Spring's <c>ServerWebExchangeUtils.expand</c>). Parsed once at
/// configuration time; expanding a value without variables returns the configured string itself.
/// </summary>
internal sealed class ValueTemplate
{
    private readonly Part[]? _parts;

    private ValueTemplate(string text, Part[]? parts)
    {
        Text = text;
        _parts = parts;
    }

    /// <summary>The value as configured.</summary>
    public string Text { get; }

    /// <summary>Whether the value names any variable.</summary>
    public bool HasVariables => _parts is not null;

    /// <summary>
    /// Parses <paramref name="text"/>. <c>{name}</c> and <c>{name:regex}</c> name the variable <c>name</c>; a brace
    /// without its closing partner is literal text.
    /// </summary>
    public static ValueTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var open = text.IndexOf('{', StringComparison.Ordinal);
        if (open < 0 || text.IndexOf('}', open) < 0)
        {
            return new ValueTemplate(text, null);
        }

        var parts = new List<Part>();
        var literalStart = 0;
        while (open >= 0)
        {
            var close = text.IndexOf('}', open + 1);
            if (close < 0)
            {
                break;
            }

            var inner = text.AsSpan(open + 1, close - open - 1);
            var colon = inner.IndexOf(':');
            var name = (colon < 0 ? inner : inner[..colon]).Trim();
            if (name.IsEmpty)
            {
                open = text.IndexOf('{', close + 1);
                continue;
            }

            if (open > literalStart)
            {
                parts.Add(new Part(text[literalStart..open], null));
            }

            parts.Add(new Part(text[open..(close + 1)], name.ToString()));
            literalStart = close + 1;
            open = text.IndexOf('{', literalStart);
        }

        if (parts.Count == 0)
        {
            return new ValueTemplate(text, null);
        }

        if (literalStart < text.Length)
        {
            parts.Add(new Part(text[literalStart..], null));
        }

        return new ValueTemplate(text, [.. parts]);
    }

    /// <summary>
    /// The value with every variable replaced by the exchange's value for it. A variable the route did not capture
    /// stays as written, so the mistake is visible upstream rather than silently blank.
    /// </summary>
    public string Expand(GatewayExchange exchange) => _parts is null ? Text : ExpandParts(exchange, _parts, headerName: null);

    /// <summary>
    /// As <see cref="Expand"/>, for a header value: a variable whose value holds a control character (a client can
    /// send <c>%0D%0A</c> in a path segment) is refused with 400 rather than forwarded.
    /// </summary>
    public string ExpandHeaderValue(GatewayExchange exchange, string headerName) =>
        _parts is null ? Text : ExpandParts(exchange, _parts, headerName);

    /// <inheritdoc />
    public override string ToString() => Text;

    private static string ExpandParts(GatewayExchange exchange, Part[] parts, string? headerName)
    {
        var variables = exchange.HasUriVariables ? exchange.UriVariables : null;
        var builder = new DefaultInterpolatedStringHandler(0, 0, null, stackalloc char[256]);
        foreach (var part in parts)
        {
            if (part.Variable is null)
            {
                builder.AppendLiteral(part.Text);
            }
            else if (variables is not null && variables.TryGetValue(part.Variable, out var value))
            {
                if (headerName is not null && HeaderValues.HasControlCharacter(value))
                {
                    throw new GatewayException(
                        StatusCodes.Status400BadRequest,
                        $"The request's '{part.Variable}' value cannot be carried in the '{headerName}' header: it contains control characters.");
                }

                builder.AppendLiteral(value);
            }
            else
            {
                builder.AppendLiteral(part.Text);
            }
        }

        return builder.ToStringAndClear();
    }

    /// <summary>A literal run of text, or a variable (then <see cref="Text"/> is its placeholder as written).</summary>
    private readonly record struct Part(string Text, string? Variable);
}
