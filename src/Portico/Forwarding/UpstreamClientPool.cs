using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Portico.Forwarding;

/// <summary>
/// One <see cref="HttpMessageInvoker"/> per distinct <see cref="UpstreamClientOptions"/>, created on first use and kept
/// for the life of the gateway, so that connection pools survive configuration reloads. Disposed with the host.
/// </summary>
internal sealed class UpstreamClientPool(ILogger<UpstreamClientPool> logger) : IDisposable
{
    private readonly ConcurrentDictionary<UpstreamClientOptions, HttpMessageInvoker> _clients = new();
    private readonly Lock _createLock = new();
    private bool _disposed;

    /// <summary>How many distinct clients exist.</summary>
    public int Count => _clients.Count;

    /// <summary>The client for <paramref name="options"/>.</summary>
    public HttpMessageInvoker Get(in UpstreamClientOptions options) =>
        _clients.TryGetValue(options, out var client) ? client : Create(options);

    public void Dispose()
    {
        lock (_createLock)
        {
            _disposed = true;
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }

            _clients.Clear();
        }
    }

    /// <summary>The handler for <paramref name="options"/>, tuned for proxying.</summary>
    internal static SocketsHttpHandler CreateHandler(in UpstreamClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // The gateway relays requests as they are: no proxy, redirects, decompression or cookie jar of its own.
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,

            // No distributed-tracing headers or activities on the hot path; observability is the gateway's own.
            ActivityHeadersPropagator = null,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.ConnectTimeout > TimeSpan.Zero ? options.ConnectTimeout : Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = options.PooledConnectionIdleTimeout,
            PooledConnectionLifetime = options.PooledConnectionLifetime > TimeSpan.Zero ? options.PooledConnectionLifetime : Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = options.MaxConnectionsPerServer > 0 ? options.MaxConnectionsPerServer : int.MaxValue,
        };

        if (options.DangerousAcceptAnyServerCertificate)
        {
            // Only by explicit configuration (dangerous-accept-any-server-certificate), meant for test environments.
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        return handler;
    }

    private HttpMessageInvoker Create(UpstreamClientOptions options)
    {
        lock (_createLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_clients.TryGetValue(options, out var existing))
            {
                return existing;
            }

            var client = new HttpMessageInvoker(CreateHandler(options), disposeHandler: true);
            _clients[options] = client;
            ForwardingLog.ClientCreated(logger, options.ConnectTimeout, options.PooledConnectionIdleTimeout,
                options.PooledConnectionLifetime, options.MaxConnectionsPerServer, options.DangerousAcceptAnyServerCertificate);
            return client;
        }
    }
}
