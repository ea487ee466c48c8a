using Microsoft.AspNetCore.Routing;

namespace Portico.Hosting;

/// <summary>
/// Endpoints a module adds beside the gateway's own (an admin API of its own): registered in DI,
/// <c>MapPortico()</c> calls every contributor, in registration order, before it maps the gateway's catch-all route.
/// </summary>
public interface IPorticoEndpointContributor
{
    /// <summary>Maps the module's endpoints onto <paramref name="endpoints"/>.</summary>
    void Map(IEndpointRouteBuilder endpoints);
}
