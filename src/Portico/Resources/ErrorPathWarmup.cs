using System.Net.Sockets;
using System.Net.WebSockets;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portico.Errors;

namespace Portico.Resources;

/// <summary>
/// Loads at start-up what the gateway would otherwise load on first use: every assembly its loaded code references (a
/// Portico module that was not added stays unloaded), the type initialisers of its error responses and the WebSocket
/// client. Out of descriptors, an assembly load or a type
/// initialiser fails, and .NET keeps that failure for the life of the process: the first WebSocket after a spike of
/// connections could never be proxied again, and every error answer became a 500.
/// </summary>
internal sealed partial class ErrorPathWarmup(ILogger<ErrorPathWarmup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var assemblies = Run();

        // One problem written end to end, so the writer's first use is behind it; hosted services start before the
        // server accepts connections.
        var context = new DefaultHttpContext();
        context.Response.Body = Stream.Null;
        await GatewayProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "warm-up", "warm-up");
        LogWarmedUp(logger, assemblies);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Loads the assemblies and runs the type initialisers; returns how many assemblies are loaded. Safe to call more than once.</summary>
    internal static int Run()
    {
        var count = LoadReferencedAssemblies([typeof(ErrorPathWarmup).Assembly, Assembly.GetEntryAssembly(), .. AppDomain.CurrentDomain.GetAssemblies()]);

        // The problem writer's statics: its JSON options (System.Text.Encodings.Web).
        RuntimeHelpers.RunClassConstructor(typeof(GatewayProblem).TypeHandle);

        // Both legs of a proxied WebSocket (System.Net.WebSockets.Client and System.Net.WebSockets).
        using (var client = new ClientWebSocket())
        {
            client.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
            client.Options.CollectHttpResponseDetails = true;
        }

        using (WebSocket.CreateFromStream(Stream.Null, new WebSocketCreationOptions { IsServer = true }))
        {
        }

        // The failures an exhausted process reports, and the formatting of a logged exception with its stack trace.
        _ = new SocketException((int)SocketError.TooManyOpenSockets).Message;
        _ = new WebSocketException(WebSocketError.Faulted).Message;
        _ = new HttpRequestException(HttpRequestError.ConnectionError, null).Message;
        try
        {
            throw new GatewayException(StatusCodes.Status503ServiceUnavailable, "warm-up");
        }
        catch (GatewayException ex)
        {
            _ = ex.ToString();
        }

        return count;
    }

    private static int LoadReferencedAssemblies(Assembly?[] roots)
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<Assembly>();
        foreach (var root in roots)
        {
            if (root is not null && seen.Add(root.GetName().Name ?? ""))
            {
                pending.Enqueue(root);
            }
        }

        // Bounded by the assemblies that exist; the count guards against a pathological reference graph.
        while (pending.Count > 0 && seen.Count < 2000)
        {
            foreach (var name in pending.Dequeue().GetReferencedAssemblies())
            {
                if (!seen.Add(name.Name ?? ""))
                {
                    continue;
                }

                // A Portico module nobody added (the executable references Portico.Linkis) stays unloaded: loading it
                // here would pull in a mode the gateway does not run.
                if (name.Name?.StartsWith("Portico", StringComparison.OrdinalIgnoreCase) == true && !loaded.Contains(name.Name))
                {
                    continue;
                }

                try
                {
                    pending.Enqueue(Assembly.Load(name));
                }
                catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // A reference the gateway never uses on this platform (e.g. a Windows-only facade).
                }
            }
        }

        return seen.Count;
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Resources + 2, Level = LogLevel.Debug, Message = "Loaded {Assemblies} assemblies and the error responses ahead of need")]
    private static partial void LogWarmedUp(ILogger logger, int assemblies);
}
