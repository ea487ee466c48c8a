using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Portico.Resources;
using Portico.Tests.Observability;

namespace Portico.Tests.Resources;

public sealed class ResourceExhaustionTests
{
    [Fact]
    public void Classify_TooManyOpenFilesWrappedInAnHttpFailure_IsFileDescriptors()
    {
        var failure = new HttpRequestException(HttpRequestError.ConnectionError, "Too many open files", new SocketException((int)SocketError.TooManyOpenSockets));

        Assert.Equal("file-descriptors", ResourceExhaustion.Classify(failure));
    }

    [Fact]
    public void Classify_NoBufferSpaceOrOutOfMemory_IsMemory()
    {
        Assert.Equal("memory", ResourceExhaustion.Classify(new SocketException((int)SocketError.NoBufferSpaceAvailable)));
        Assert.Equal("memory", ResourceExhaustion.Classify(new IOException("x", new OutOfMemoryException())));
    }

    [Fact]
    public void Classify_UpstreamFailures_AreNotExhaustion()
    {
        Assert.Null(ResourceExhaustion.Classify(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.Null(ResourceExhaustion.Classify(new IOException("reset", new SocketException((int)SocketError.ConnectionReset))));
        Assert.Null(ResourceExhaustion.Classify(null));
    }

    [Fact]
    public void Report_AFloodOfRefusals_LogsOncePerIntervalWithTheCountInBetween()
    {
        var clock = new ManualTimeProvider();
        using var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var exhaustion = new ResourceExhaustion(clock, factory.CreateLogger<ResourceExhaustion>());

        for (var i = 0; i < 1000; i++)
        {
            exhaustion.Report("file-descriptors", "accept");
        }

        Assert.Single(logs.Entries);
        clock.Advance(ResourceExhaustion.LogInterval);
        exhaustion.Report("file-descriptors", "accept");

        Assert.Equal(2, logs.Entries.Count);
        var last = logs.Entries.Last();
        Assert.Equal(LogLevel.Warning, last.Level);
        Assert.Equal(999L, last.Values["Suppressed"]);
    }
}
