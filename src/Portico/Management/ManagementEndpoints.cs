using Microsoft.AspNetCore.Routing;

namespace Portico.Management;

/// <summary>Maps the admin endpoints under <c>/actuator</c>.</summary>
internal static class ManagementEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        _ = endpoints;
    }
}
