using Portico.Configuration;

namespace Portico.Filters;

/// <summary>
/// Creates route filters from configuration, e.g. <c>StripPrefix=1</c>. Register implementations in DI as
/// <see cref="IGatewayFilterFactory"/>; a user factory with a built-in name replaces the built-in one. Created filters
/// should override <see cref="object.ToString"/> to describe themselves (<c>[StripPrefix parts = 1]</c>).
/// </summary>
public interface IGatewayFilterFactory
{
    /// <summary>The name used in configuration, e.g. <c>StripPrefix</c>.</summary>
    string Name { get; }

    /// <summary>How shortcut values map to argument names.</summary>
    ShortcutSpec Shortcut { get; }

    /// <summary>Creates the filter; problems are recorded on <paramref name="args"/> rather than thrown.</summary>
    IGatewayFilter Create(ComponentArgs args);
}
