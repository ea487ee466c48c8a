using Portico.Configuration;

namespace Portico.Security.Cors;

/// <summary>
/// CORS settings a module gives the routes it owns in place of the global <c>cors</c> settings and the route's
/// <c>cors</c> metadata (a module whose security layer answers CORS from its own settings). Registered in DI and
/// asked when a configuration is compiled; the first source that answers for a route wins.
/// </summary>
public interface IRouteCorsSource
{
    /// <summary>
    /// The CORS settings of <paramref name="route"/> in <paramref name="config"/>, or null when this source leaves the
    /// route to the core. <paramref name="field"/> names where the settings come from, for error messages
    /// (the module's own key). Routes given the same settings instance share one compiled policy.
    /// </summary>
    CorsConfig? CorsFor(PorticoConfig config, RouteConfig route, out string field);
}
