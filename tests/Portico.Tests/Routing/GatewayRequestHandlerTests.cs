using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Configuration;
using Portico.Routing;

namespace Portico.Tests.Routing;

public sealed class GatewayRequestHandlerTests
{
    private static GatewayRequestHandler Handler(params INoRouteResponder[] responders) =>
        new(new EmptySnapshots(), NullLogger<GatewayRequestHandler>.Instance, responders);

    private static DefaultHttpContext Context()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/foo";
        context.Response.Body = new MemoryStream();
        return context;
    }

    [Fact]
    public async Task NoRoute_NoResponder_404Problem()
    {
        var context = Context();

        await Handler().InvokeAsync(context);

        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        using var doc = JsonDocument.Parse(context.Response.Body);
        Assert.Equal("No route matches GET /foo.", doc.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task NoRoute_FirstResponderThatAnswersWins()
    {
        var declining = new Responder(answer: false);
        var answering = new Responder(answer: true);
        var later = new Responder(answer: true);
        var context = Context();

        await Handler(declining, answering, later).InvokeAsync(context);

        Assert.Equal(StatusCodes.Status418ImATeapot, context.Response.StatusCode);
        Assert.Equal(1, declining.Calls);
        Assert.Equal(1, answering.Calls);
        Assert.Equal(0, later.Calls);
    }

    [Fact]
    public async Task NoRoute_EveryResponderDeclines_404Problem()
    {
        var context = Context();

        await Handler(new Responder(answer: false)).InvokeAsync(context);

        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
    }

    private sealed class Responder(bool answer) : INoRouteResponder
    {
        public int Calls { get; private set; }

        public ValueTask<bool> TryRespondAsync(GatewayExchange exchange)
        {
            Calls++;
            if (answer)
            {
                exchange.Response.StatusCode = StatusCodes.Status418ImATeapot;
            }

            return ValueTask.FromResult(answer);
        }
    }

    private sealed class EmptySnapshots : IGatewaySnapshotProvider
    {
        public GatewaySnapshot Current { get; } = new(new PorticoConfig(), new RouteTable([]), 1, DateTimeOffset.UnixEpoch);

        public ConfigReloadStatus Status => new(true, DateTimeOffset.UnixEpoch, [], 1);

        public ConfigReloadStatus Refresh() => Status;
    }
}
