using Microsoft.AspNetCore.Http;
using Portico.Filters;
using Portico.Forwarding;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Forwarding;

public sealed class WriteResponseFilterTests
{
    [Fact]
    public async Task Filter_UpstreamResponseAfterChain_WritesBodyThenDisposes()
    {
        var forwarder = new RecordingForwarder();
        var exchange = TestExchange.Create();
        var content = new TrackingContent();
        var upstream = new HttpResponseMessage { Content = content };

        await TestExchange.RunAsync(new WriteResponseFilter(forwarder), exchange, async e =>
        {
            await Task.Yield();
            e.UpstreamResponse = upstream;
        });

        Assert.Same(upstream, forwarder.Copied);
        Assert.True(content.Disposed);
        Assert.Null(exchange.UpstreamResponse);
    }

    [Fact]
    public async Task Filter_SynchronousChain_WritesBodyToo()
    {
        var forwarder = new RecordingForwarder();
        var exchange = TestExchange.Create();
        var upstream = new HttpResponseMessage { Content = new TrackingContent() };

        await TestExchange.RunAsync(new WriteResponseFilter(forwarder), exchange, e =>
        {
            e.UpstreamResponse = upstream;
            return default;
        });

        Assert.Same(upstream, forwarder.Copied);
    }

    [Fact]
    public async Task Filter_NoUpstreamResponse_WritesNothing()
    {
        var forwarder = new RecordingForwarder();

        await TestExchange.RunAsync(new WriteResponseFilter(forwarder), TestExchange.Create());

        Assert.Null(forwarder.Copied);
    }

    [Fact]
    public async Task Filter_ChainFailsAfterRouting_DisposesResponseAndRethrows()
    {
        var forwarder = new RecordingForwarder();
        var exchange = TestExchange.Create();
        var content = new TrackingContent();

        await Assert.ThrowsAsync<InvalidOperationException>(() => TestExchange.RunAsync(new WriteResponseFilter(forwarder), exchange, async e =>
        {
            await Task.Yield();
            e.UpstreamResponse = new HttpResponseMessage { Content = content };
            throw new InvalidOperationException("post filter failed");
        }));

        Assert.True(content.Disposed);
        Assert.Null(forwarder.Copied);
        Assert.Null(exchange.UpstreamResponse);
    }

    [Fact]
    public async Task Filter_CopyFails_StillDisposesTheResponse()
    {
        var forwarder = new RecordingForwarder { Failure = new IOException("client gone") };
        var exchange = TestExchange.Create();
        var content = new TrackingContent();

        await Assert.ThrowsAsync<IOException>(() => TestExchange.RunAsync(new WriteResponseFilter(forwarder), exchange, e =>
        {
            e.UpstreamResponse = new HttpResponseMessage { Content = content };
            return default;
        }));

        Assert.True(content.Disposed);
    }

    [Fact]
    public async Task Filter_BodyRelayed_ObserverToldWithoutError()
    {
        var observer = new RecordingObserver();
        var exchange = TestExchange.Create();
        exchange.ResponseBodyObserver = observer;

        await TestExchange.RunAsync(new WriteResponseFilter(new RecordingForwarder()), exchange, e =>
        {
            e.UpstreamResponse = new HttpResponseMessage { Content = new TrackingContent() };
            return default;
        });

        Assert.Equal([null], observer.Errors);
    }

    [Fact]
    public async Task Filter_CopyFails_ObserverToldTheErrorThenRethrown()
    {
        var failure = new IOException("upstream reset");
        var observer = new RecordingObserver();
        var exchange = TestExchange.Create();
        exchange.ResponseBodyObserver = observer;

        var thrown = await Assert.ThrowsAsync<IOException>(() => TestExchange.RunAsync(new WriteResponseFilter(new RecordingForwarder { Failure = failure }), exchange, e =>
        {
            e.UpstreamResponse = new HttpResponseMessage { Content = new TrackingContent() };
            return default;
        }));

        Assert.Same(failure, thrown);
        Assert.Equal([failure], observer.Errors);
    }

    [Fact]
    public async Task Filter_ChainFails_ObserverNotTold()
    {
        var observer = new RecordingObserver();
        var exchange = TestExchange.Create();
        exchange.ResponseBodyObserver = observer;

        await Assert.ThrowsAsync<InvalidOperationException>(() => TestExchange.RunAsync(new WriteResponseFilter(new RecordingForwarder()), exchange, e =>
        {
            e.UpstreamResponse = new HttpResponseMessage { Content = new TrackingContent() };
            throw new InvalidOperationException("post filter failed");
        }));

        Assert.Empty(observer.Errors);
    }

    [Fact]
    public void Order_IsWriteResponse() => Assert.Equal(GlobalFilterOrder.WriteResponse, new WriteResponseFilter(new RecordingForwarder()).Order);

    private sealed class RecordingForwarder : IHttpForwarder
    {
        public HttpResponseMessage? Copied { get; private set; }

        public Exception? Failure { get; init; }

        public ValueTask<HttpResponseMessage> SendAsync(HttpContext context, Uri destination, ForwarderRequestOptions options) =>
            throw new NotSupportedException();

        public void CopyResponseHeaders(HttpResponseMessage upstreamResponse, HttpResponse response) => throw new NotSupportedException();

        public ValueTask CopyResponseBodyAsync(HttpResponseMessage upstreamResponse, HttpContext context)
        {
            Copied = upstreamResponse;
            return Failure is null ? default : ValueTask.FromException(Failure);
        }
    }

    private sealed class RecordingObserver : IResponseBodyObserver
    {
        public List<Exception?> Errors { get; } = [];

        public void OnResponseBodyRelayed(GatewayExchange exchange, Exception? error) => Errors.Add(error);
    }

    private sealed class TrackingContent : HttpContent
    {
        public bool Disposed { get; private set; }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => Task.CompletedTask;

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
