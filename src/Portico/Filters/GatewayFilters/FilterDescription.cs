using System.Text;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// Builds the text a filter prints about itself in Spring Cloud Gateway's style, e.g. <c>[StripPrefix parts = 1]</c>
/// or <c>[AddRequestHeader X-Foo = 'bar']</c>: text values quoted, numbers, flags and names bare. Filters build it
/// once at configuration time and return the cached string from <see cref="object.ToString"/>.
/// </summary>
internal sealed class FilterDescription
{
    private readonly StringBuilder _text;
    private bool _hasFields;

    private FilterDescription(string name) => _text = new StringBuilder().Append('[').Append(name);

    /// <summary>Starts the description of the filter named <paramref name="name"/>.</summary>
    public static FilterDescription Of(string name) => new(name);

    /// <summary>Appends <c>key = 'value'</c> (or <c>key = null</c>).</summary>
    public FilterDescription Quoted(string key, string? value) =>
        value is null ? Bare(key, "null") : Bare(key, "'" + value + "'");

    /// <summary>Appends <c>key = value</c> without quotes.</summary>
    public FilterDescription Bare(string key, string value)
    {
        _text.Append(_hasFields ? ", " : " ").Append(key).Append(" = ").Append(value);
        _hasFields = true;
        return this;
    }

    /// <summary>Appends <c>key = number</c>.</summary>
    public FilterDescription Bare(string key, long value) => Bare(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Appends <c>key = true|false</c>.</summary>
    public FilterDescription Bare(string key, bool value) => Bare(key, value ? "true" : "false");

    /// <inheritdoc />
    public override string ToString() => _text.ToString() + "]";
}
