using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Portico.Configuration;
using Portico.Routing;

namespace Portico.Tests.Management;

/// <summary>Fakes and helpers for the management unit tests.</summary>
public static class ManagementTestSupport
{
    public static DefaultHttpContext Context(string remote = "127.0.0.1", int localPort = 8080)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Connection.LocalPort = localPort;
        context.Response.Body = new MemoryStream();
        return context;
    }

    public static JsonDocument ReadJson(HttpContext context)
    {
        var body = (MemoryStream)context.Response.Body;
        return JsonDocument.Parse(Encoding.UTF8.GetString(body.ToArray()));
    }
}

/// <summary>A snapshot provider that serves a fixed snapshot.</summary>
internal sealed class FixedSnapshots(GatewaySnapshot snapshot, ConfigReloadStatus? status = null) : IGatewaySnapshotProvider
{
    public GatewaySnapshot Current { get; } = snapshot;

    public ConfigReloadStatus Status { get; } = status ?? new ConfigReloadStatus(true, snapshot.LoadedAt, [], snapshot.Generation);

    public ConfigReloadStatus Refresh() => Status;

    public static FixedSnapshots Empty(long generation = 3) =>
        new(new GatewaySnapshot(new PorticoConfig(), RouteTable.Empty, generation, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)));
}

/// <summary>A host lifetime whose stopping token the test controls.</summary>
internal sealed class FakeLifetime : IHostApplicationLifetime, IDisposable
{
    private readonly CancellationTokenSource _started = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _stopped = new();

    public CancellationToken ApplicationStarted => _started.Token;

    public CancellationToken ApplicationStopping => _stopping.Token;

    public CancellationToken ApplicationStopped => _stopped.Token;

    public void StopApplication() => _stopping.Cancel();

    public void Dispose()
    {
        _started.Dispose();
        _stopping.Dispose();
        _stopped.Dispose();
    }
}
