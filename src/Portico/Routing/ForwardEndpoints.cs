using Microsoft.AspNetCore.Routing;

namespace Portico.Routing;

/// <summary>Keeps the app's endpoints so that <c>forward:</c> routes can invoke them.</summary>
internal static class ForwardEndpoints
{
    public static void Capture(IEndpointRouteBuilder endpoints)
    {
        _ = endpoints;
    }
}
