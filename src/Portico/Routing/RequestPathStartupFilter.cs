using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Portico.Routing;

/// <summary>
/// Normalises every request's path (<see cref="RequestPath"/>) ahead of the whole application pipeline, so that
/// endpoint routing, the admin guards, the gateway's routes, its security filters and the upstream request all see one
/// path, whatever middleware the host adds.
/// </summary>
internal sealed class RequestPathStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(static (context, nextMiddleware) =>
        {
            RequestPath.Normalize(context);
            return nextMiddleware(context);
        });
        next(app);
    };
}
