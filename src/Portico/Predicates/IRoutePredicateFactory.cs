using Portico.Configuration;

namespace Portico.Predicates;

/// <summary>
/// Creates predicates from configuration, e.g. <c>Path=/orders/**</c>. Register implementations in DI as
/// <see cref="IRoutePredicateFactory"/>; a user factory with a built-in name replaces the built-in one.
/// </summary>
public interface IRoutePredicateFactory
{
    /// <summary>The name used in configuration, e.g. <c>Path</c>.</summary>
    string Name { get; }

    /// <summary>How shortcut values map to argument names.</summary>
    ShortcutSpec Shortcut { get; }

    /// <summary>Creates the predicate; problems are recorded on <paramref name="args"/> rather than thrown.</summary>
    IRoutePredicate Create(ComponentArgs args);
}
