using System.Text;
using Microsoft.AspNetCore.Http;
using Portico.Configuration;
using Portico.Linkis;

namespace Portico.Tests.Linkis;

public sealed class LinkisNoRouteResponderTests
{
    private static GatewayExchange Exchange(bool linkis)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/foo";
        context.Response.Body = new MemoryStream();
        return new GatewayExchange(context, new PorticoConfig().WithSection(new LinkisConfig { Enabled = linkis }));
    }

    [Fact]
    public async Task TryRespond_LinkisMode_404FrameworkError()
    {
        var exchange = Exchange(linkis: true);

        Assert.True(await new LinkisNoRouteResponder().TryRespondAsync(exchange));
        Assert.Equal(StatusCodes.Status404NotFound, exchange.Response.StatusCode);
        Assert.Equal("{\"method\":\"/foo\",\"status\":404,\"message\":\"Not Found\",\"data\":[]}", Encoding.UTF8.GetString(((MemoryStream)exchange.Response.Body).ToArray()));
    }

    [Fact]
    public async Task TryRespond_LinkisOff_LeavesTheAnswerToTheEngine()
    {
        var exchange = Exchange(linkis: false);

        Assert.False(await new LinkisNoRouteResponder().TryRespondAsync(exchange));
        Assert.Equal(0, exchange.Response.Body.Length);
    }
}
