namespace Portico.Filters;

/// <summary>
/// A filter applied to every route, merged with the route's own filters and sorted by <see cref="Order"/> (lower runs
/// first in the pre phase and last in the post phase). Register implementations in DI as <see cref="IGlobalFilter"/>.
/// </summary>
public interface IGlobalFilter : IGatewayFilter
{
    /// <summary>The position of the filter in the chain; see <see cref="GlobalFilterOrder"/> for the built-in ones.</summary>
    int Order { get; }
}
