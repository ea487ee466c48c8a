using Microsoft.AspNetCore.Routing;
using Portico.Hosting;

namespace Portico.Security.Linkis.Tokens;

/// <summary>Maps the token admin API (<c>/portico/tokens</c>) when <c>MapPortico()</c> maps the gateway.</summary>
internal sealed class TokenAdminEndpointContributor : IPorticoEndpointContributor
{
    public void Map(IEndpointRouteBuilder endpoints) => TokenAdminEndpoints.Map(endpoints);
}
