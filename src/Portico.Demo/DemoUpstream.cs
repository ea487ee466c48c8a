using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Portico.Demo;

/// <summary>One demo upstream: a real Kestrel app in the gateway's process, on 127.0.0.1 with an ephemeral port.</summary>
internal sealed class DemoUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoUpstream(string name, WebApplication app, Uri baseAddress)
    {
        Name = name;
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The service's name, as shown in the demo banner.</summary>
    public string Name { get; }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>host:port.</summary>
    public string Authority => BaseAddress.Authority;

    /// <summary>Starts an upstream whose endpoints <paramref name="map"/> adds.</summary>
    public static async Task<DemoUpstream> StartAsync(string name, Action<WebApplication> map, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();

        // The demo services are quiet and ignore the gateway's settings (ASPNETCORE_URLS and the like).
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DemoUpstream(name, app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        // Open streams (the SSE clock, WebSockets) end on the stopping token; a short timeout covers the rest.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
