using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Forwarding;

public sealed class ForwardingStreamingTests
{
    private const long OneGibibyte = 1L << 30;
    private const long MemoryGrowthBound = 200L * 1024 * 1024;

    private static Task<TestGateway> StartGatewayAsync(TestUpstream upstream) =>
        TestGateway.StartAsync($"""
            portico:
              routes:
                - id: stream
                  uri: http://127.0.0.1:{upstream.Port}
            """);

    private static HttpClient CreateClient(TestGateway gateway) =>
        new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = gateway.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

    [Fact]
    public async Task Upload_OneGibibyte_StreamsThroughWithBoundedMemory()
    {
        await using var upstream = await TestUpstream.StartAsync(app => app.Run(CountRequestBodyAsync));
        await using var gateway = await StartGatewayAsync(upstream);
        using var client = CreateClient(gateway);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        using var sampler = MemorySampler.Start();
        using var response = await client.PostAsync("/upload", new PatternContent(OneGibibyte), deadline.Token);
        var body = await response.Content.ReadAsStringAsync(deadline.Token);
        var (managedGrowth, workingSetGrowth) = await sampler.StopAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OneGibibyte.ToString(CultureInfo.InvariantCulture), body);
        Assert.True(managedGrowth < MemoryGrowthBound, $"Managed memory grew by {managedGrowth / 1048576} MiB.");
        Assert.True(workingSetGrowth < MemoryGrowthBound, $"Working set grew by {workingSetGrowth / 1048576} MiB.");
    }

    [Fact]
    public async Task Download_OneGibibyte_StreamsThroughWithBoundedMemory()
    {
        await using var upstream = await TestUpstream.StartAsync(app => app.Run(context => WritePatternAsync(context, OneGibibyte)));
        await using var gateway = await StartGatewayAsync(upstream);
        using var client = CreateClient(gateway);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        using var sampler = MemorySampler.Start();
        using var response = await client.GetAsync("/download", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
        var buffer = new byte[64 * 1024];
        long received = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0)
        {
            received += read;
        }

        var (managedGrowth, workingSetGrowth) = await sampler.StopAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OneGibibyte, response.Content.Headers.ContentLength);
        Assert.Equal(OneGibibyte, received);
        Assert.True(managedGrowth < MemoryGrowthBound, $"Managed memory grew by {managedGrowth / 1048576} MiB.");
        Assert.True(workingSetGrowth < MemoryGrowthBound, $"Working set grew by {workingSetGrowth / 1048576} MiB.");
    }

    [Fact]
    public async Task UploadAndDownload_ChunkedEightMebibytes_ArriveByteForByte()
    {
        const long size = 8L << 20;
        await using var upstream = await TestUpstream.StartAsync(app => app.Run(async context =>
        {
            if (HttpMethods.IsPost(context.Request.Method))
            {
                var mismatch = await VerifyPatternAsync(context.Request.Body, context.RequestAborted);
                await context.Response.WriteAsync(mismatch, context.RequestAborted);
            }
            else
            {
                await WritePatternAsync(context, size, setLength: false);
            }
        }));
        await using var gateway = await StartGatewayAsync(upstream);
        using var client = CreateClient(gateway);

        // Unknown length: the client and then the gateway send the body chunked.
        using var upload = await client.PostAsync("/", new PatternContent(size, knownLength: false));
        using var download = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        var downloaded = await VerifyPatternAsync(await download.Content.ReadAsStreamAsync(), CancellationToken.None);

        Assert.Equal($"ok {size}", await upload.Content.ReadAsStringAsync());
        Assert.Equal($"ok {size}", downloaded);
    }

    [Fact]
    public async Task ServerSentEvents_EachEventReachesClientBeforeTheNextIsWritten()
    {
        const int events = 5;
        var received = Enumerable.Range(0, events).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var upstream = await TestUpstream.StartAsync(app => app.Run(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            for (var i = 0; i < events; i++)
            {
                await context.Response.WriteAsync($"id: {i}\ndata: event {i}\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);

                // The next event is written only once the client has seen this one: buffering anywhere would stall.
                await received[i].Task.WaitAsync(deadline.Token);
            }
        }));
        await using var gateway = await StartGatewayAsync(upstream);
        using var client = CreateClient(gateway);

        using var response = await client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        var seen = new List<string>();
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                seen.Add(line["data: ".Length..]);
                received[seen.Count - 1].TrySetResult();
            }
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Enumerable.Range(0, events).Select(i => $"event {i}"), seen);
    }

    private static async Task CountRequestBodyAsync(HttpContext context)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            total += read;
        }

        await context.Response.WriteAsync(total.ToString(CultureInfo.InvariantCulture), context.RequestAborted);
    }

    private static async Task WritePatternAsync(HttpContext context, long size, bool setLength = true)
    {
        if (setLength)
        {
            context.Response.ContentLength = size;
        }

        for (long sent = 0; sent < size;)
        {
            var slice = PatternContent.Slice(sent, size - sent);
            await context.Response.Body.WriteAsync(slice, context.RequestAborted);
            sent += slice.Length;
        }
    }

    /// <summary>Reads a stream to its end and checks that it is the pattern; returns "ok N" or where it differs.</summary>
    private static async Task<string> VerifyPatternAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long position = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != PatternContent.ByteAt(position + i))
                {
                    return $"mismatch at {position + i}";
                }
            }

            position += read;
        }

        return $"ok {position}";
    }

    /// <summary>A request body of a repeating pattern, generated on the fly from one reused block.</summary>
    private sealed class PatternContent(long size, bool knownLength = true) : HttpContent
    {
        // 251 is prime and does not divide the block size, so misplaced blocks are detected.
        public static readonly byte[] Block = CreateBlock();

        public static byte ByteAt(long position) => (byte)(position % 251);

        /// <summary>The pattern bytes from <paramref name="position"/> on, at most 64 KiB and at most <paramref name="remaining"/>.</summary>
        public static ReadOnlyMemory<byte> Slice(long position, long remaining) =>
            Block.AsMemory((int)(position % 251), (int)Math.Min(64 * 1024, remaining));

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (long sent = 0; sent < size;)
            {
                var slice = Slice(sent, size - sent);
                await stream.WriteAsync(slice);
                sent += slice.Length;
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = size;
            return knownLength;
        }

        private static byte[] CreateBlock()
        {
            // One block of 64 KiB plus 251 bytes of slack, so any offset modulo 251 can start a full-length slice.
            var block = new byte[(64 * 1024) + 251];
            for (var i = 0; i < block.Length; i++)
            {
                block[i] = ByteAt(i);
            }

            return block;
        }
    }

    /// <summary>Samples the process's managed heap and working set until stopped and reports the peak growth.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly long _managedBase;
        private readonly long _workingSetBase;
        private readonly Task<(long Managed, long WorkingSet)> _sampling;

        private MemorySampler()
        {
            _managedBase = GC.GetTotalMemory(forceFullCollection: true);
            _workingSetBase = Process.GetCurrentProcess().WorkingSet64;
            _sampling = SampleAsync();
        }

        public static MemorySampler Start() => new();

        public async Task<(long ManagedGrowth, long WorkingSetGrowth)> StopAsync()
        {
            await _stop.CancelAsync();
            var (managed, workingSet) = await _sampling;
            return (managed - _managedBase, workingSet - _workingSetBase);
        }

        public void Dispose() => _stop.Dispose();

        private async Task<(long, long)> SampleAsync()
        {
            long managed = 0, workingSet = 0;
            using var process = Process.GetCurrentProcess();
            while (!_stop.IsCancellationRequested)
            {
                process.Refresh();
                managed = Math.Max(managed, GC.GetTotalMemory(forceFullCollection: false));
                workingSet = Math.Max(workingSet, process.WorkingSet64);
                try
                {
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }

            return (managed, workingSet);
        }
    }
}
