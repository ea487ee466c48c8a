using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Forwarding;

namespace Portico.Tests.Forwarding;

public sealed class UpstreamClientPoolTests
{
    private static readonly UpstreamClientOptions Defaults = UpstreamClientOptions.From(new Portico.Configuration.HttpClientConfig(), TimeSpan.FromSeconds(5));

    [Fact]
    public void Get_EqualOptions_ReturnsTheSameClient()
    {
        using var pool = new UpstreamClientPool(NullLogger<UpstreamClientPool>.Instance);

        var first = pool.Get(Defaults);
        var second = pool.Get(Defaults with { });

        Assert.Same(first, second);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void Get_DifferentConnectTimeout_ReturnsAnotherClient()
    {
        using var pool = new UpstreamClientPool(NullLogger<UpstreamClientPool>.Instance);

        var first = pool.Get(Defaults);
        var second = pool.Get(Defaults with { ConnectTimeout = TimeSpan.FromSeconds(1) });

        Assert.NotSame(first, second);
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void Get_AfterDispose_Throws()
    {
        var pool = new UpstreamClientPool(NullLogger<UpstreamClientPool>.Instance);
        pool.Get(Defaults);
        pool.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pool.Get(Defaults with { MaxConnectionsPerServer = 3 }));
    }

    [Fact]
    public void CreateHandler_IsTunedForProxying()
    {
        var options = Defaults with
        {
            ConnectTimeout = TimeSpan.FromSeconds(3),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(7),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxConnectionsPerServer = 0,
        };

        using var handler = UpstreamClientPool.CreateHandler(options);

        Assert.False(handler.UseProxy);
        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseCookies);
        Assert.Equal(DecompressionMethods.None, handler.AutomaticDecompression);
        Assert.Null(handler.ActivityHeadersPropagator);
        Assert.True(handler.EnableMultipleHttp2Connections);
        Assert.Equal(TimeSpan.FromSeconds(3), handler.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), handler.PooledConnectionIdleTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), handler.PooledConnectionLifetime);
        Assert.Equal(int.MaxValue, handler.MaxConnectionsPerServer);
        Assert.Null(handler.SslOptions.RemoteCertificateValidationCallback);
    }

    [Fact]
    public void CreateHandler_AcceptAnyCertificate_InstallsPermissiveValidation()
    {
        using var handler = UpstreamClientPool.CreateHandler(Defaults with { DangerousAcceptAnyServerCertificate = true, MaxConnectionsPerServer = 8 });

        Assert.NotNull(handler.SslOptions.RemoteCertificateValidationCallback);
        Assert.Equal(8, handler.MaxConnectionsPerServer);
    }
}
