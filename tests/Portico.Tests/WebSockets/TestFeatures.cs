using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;

namespace Portico.Tests.WebSockets;

/// <summary>Kestrel's upgrade feature as a test sees it: upgradable or not, returning a given stream.</summary>
internal sealed class TestUpgradeFeature(bool upgradable, Stream? stream = null, bool atLimit = false) : IHttpUpgradeFeature
{
    public bool IsUpgradableRequest => upgradable;

    public bool Upgraded { get; private set; }

    public Task<Stream> UpgradeAsync()
    {
        if (atLimit)
        {
            // What Kestrel does past MaxConcurrentUpgradedConnections.
            throw new InvalidOperationException("Request cannot be upgraded because the server has already opened the maximum number of upgraded connections.");
        }

        Upgraded = true;
        return Task.FromResult(stream ?? Stream.Null);
    }
}

/// <summary>Kestrel's HTTP/2 extended CONNECT feature as a test sees it.</summary>
internal sealed class TestExtendedConnectFeature(string? protocol, Stream? stream = null) : IHttpExtendedConnectFeature
{
    public bool IsExtendedConnect => true;

    public string? Protocol => protocol;

    public ValueTask<Stream> AcceptAsync() => ValueTask.FromResult(stream ?? Stream.Null);
}

/// <summary>An application lifetime whose stopping token the test triggers.</summary>
internal sealed class TestApplicationLifetime : IHostApplicationLifetime, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public CancellationToken ApplicationStarted => CancellationToken.None;

    public CancellationToken ApplicationStopping => _stopping.Token;

    public CancellationToken ApplicationStopped => CancellationToken.None;

    public void StopApplication() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();
}

/// <summary>Helpers to make an exchange look like a WebSocket handshake.</summary>
internal static class WebSocketRequests
{
    public const string SampleKey = "dGhlIHNhbXBsZSBub25jZQ==";

    /// <summary>Adds the RFC 6455 handshake headers and an upgrade feature to <paramref name="context"/>.</summary>
    public static void MakeUpgrade(HttpContext context, Stream? stream = null, string version = "13", string? key = SampleKey)
    {
        context.Request.Method = HttpMethods.Get;
        context.Request.Headers.Connection = "Upgrade";
        context.Request.Headers.Upgrade = "websocket";
        context.Request.Headers.SecWebSocketVersion = version;
        if (key is not null)
        {
            context.Request.Headers.SecWebSocketKey = key;
        }

        context.Features.Set<IHttpUpgradeFeature>(new TestUpgradeFeature(upgradable: true, stream));
    }
}
