using System.Text;

namespace Portico.Server.Defaults;

/// <summary>
/// The endpoints the built-in default configuration forwards to. They are mapped only when the gateway runs on that
/// configuration, so they never shadow a user's routes.
/// </summary>
internal static class BuiltInEndpoints
{
    public const string WelcomePath = "/portico/welcome";
    public const string EchoPath = "/portico/echo";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(WelcomePath, [HttpMethods.Get, HttpMethods.Head], WelcomeAsync);
        endpoints.Map(EchoPath, context => RequestEcho.WriteAsync(context, "portico-built-in-echo"));
    }

    private static Task WelcomeAsync(HttpContext context)
    {
        var request = context.Request;
        var origin = $"{request.Scheme}://{request.Host}";
        var text = new StringBuilder()
            .Append("Portico ").Append(ServerInfo.Version).AppendLine(" is running on its built-in configuration.")
            .AppendLine()
            .AppendLine("Try:")
            .Append("  curl -i ").Append(origin).AppendLine("/echo/hello?name=portico   # the request as the gateway forwarded it")
            .AppendLine()
            .AppendLine("Next:")
            .AppendLine("  ./portico.sh --demo              # from the source tree: demo upstreams with routes to them, and curl commands")
            .AppendLine("  portico --config portico.yml     # your own routes (docs/configuration.md)")
            .ToString();
        context.Response.ContentType = "text/plain; charset=utf-8";
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : context.Response.WriteAsync(text, context.RequestAborted);
    }
}
