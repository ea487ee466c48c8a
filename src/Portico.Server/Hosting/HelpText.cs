namespace Portico.Server.Hosting;

/// <summary>The text of <c>portico --help</c>.</summary>
internal static class HelpText
{
    public static string Render() => $"""
        portico {ServerInfo.Version}
        An API gateway with Spring Cloud Gateway's route vocabulary.

        Usage:
          portico [--config FILE] [--linkis-conf DIR] [--urls URLS] [ASP.NET Core settings...]

        Options:
          -c, --config FILE   Routes and gateway settings from a YAML (.yml, .yaml) or JSON (.json) file.
                              The file is watched: a valid edit is applied at once; a broken one is logged
                              and the last good configuration stays in force.
                              Without --config the gateway runs its built-in configuration.
              --linkis-conf DIR
                              Also read an Apache Linkis conf directory (linkis.properties and
                              linkis-mg-gateway.properties), to replace linkis-mg-gateway: Linkis mode and
                              its security are switched on and the Linkis gateway settings are taken over,
                              below every Portico setting (see docs/linkis.md).
              --urls URLS     Where to listen, e.g. http://0.0.0.0:8080 (default {ServerDefaults.Url}).
          -h, --help          Show this help.
              --version       Show the version.

        Any other setting can be given on the command line or in the environment, overriding the file:
          --Portico:http-client:connect-timeout=2s
          Portico__HttpClient__ResponseTimeout=10s      (environment variable)
          Logging__LogLevel__Portico=Debug              (environment variable)
        appsettings.json in the working directory is read too (below the file).

        The demo (demo services on loopback, among them a small Linkis cluster, routes to them and curl
        commands to try) is not part of this executable: run ./portico.sh --demo from the source tree
        (the project src/Portico.Demo). portico --demo exits 2 saying so.

        Exit codes: 0 stopped normally, 1 failed while running (e.g. the port is taken), 2 bad command line or
        invalid configuration (every problem is printed).

        Documentation: docs/configuration.md, docs/filters-and-predicates.md, docs/operations.md, docs/linkis.md
        """;
}
