using Portico.Configuration;
using Portico.Linkis;
using Portico.Security.Cors;

namespace Portico.Security.Linkis.Access;

/// <summary>
/// While Linkis security is on, the Linkis routes answer CORS as Linkis's security layer does (§1.4), from
/// <c>linkis-security.access.cors</c> rather than the global settings or route metadata.
/// </summary>
internal sealed class LinkisRouteCorsSource : IRouteCorsSource
{
    public CorsConfig? CorsFor(PorticoConfig config, RouteConfig route, out string field)
    {
        field = "linkis-security.access.cors";
        return config.LinkisSecurity.Enabled && route.Metadata.ContainsKey(LinkisRoutes.MetadataKey) ? config.LinkisSecurity.Access.Cors : null;
    }
}
