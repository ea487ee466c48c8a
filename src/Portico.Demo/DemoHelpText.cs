using Portico.Server;
using Portico.Server.Hosting;

namespace Portico.Demo;

/// <summary>The text of <c>./portico.sh --demo --help</c>.</summary>
internal static class DemoHelpText
{
    public static string Render() => $"""
        portico demo {ServerInfo.Version}
        The portico gateway with demo services to route to, from the source tree (src/Portico.Demo).

        Usage:
          ./portico.sh --demo [--urls URLS] [ASP.NET Core settings...]

        Starts demo services on loopback (an echo service, an orders API, a live service with a server-sent-events
        clock and a WebSocket echo, and a small Apache Linkis cluster), then the gateway with routes to them, and
        prints those routes and curl commands that show the gateway working.

        Options:
              --urls URLS     Where the gateway listens, e.g. http://0.0.0.0:8080 (default {ServerDefaults.Url}).
          -h, --help          Show this help.
              --version       Show the version.

        Other settings are given as to the portico executable (./portico.sh --help); --config and --linkis-conf
        are refused, since the demo generates its own routes and Linkis settings.
        """;
}
