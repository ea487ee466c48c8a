using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Portico.Configuration;
using Portico.Linkis;
using Portico.Linkis.Parsing;
using Portico.Linkis.Routing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Linkis.WebSockets;

/// <summary>The per-message request context: the message's path, query and body stand in for the handshake's.</summary>
public sealed class FrameContextTests
{
    private static readonly LinkisConfig Linkis = new() { Enabled = true };

    private static LinkisRequestContext FrameContext(string path, string? query = null, string body = "{}")
    {
        var handshake = TestExchange.Create("GET", "/ws/api/entrance/connect?instance=10.0.0.1:9104", config: new PorticoConfig().WithSection(Linkis));
        IQueryCollection parsed = query is null ? handshake.Request.Query : new QueryCollection(QueryHelpers.ParseQuery(query));
        return new LinkisRequestContext(handshake, new LinkisSettings(Linkis), path, parsed, new LinkisRequestBody(Encoding.UTF8.GetBytes(body), Encoding.UTF8));
    }

    [Fact]
    public void Parse_MessageQuery_UsedInsteadOfTheHandshakes()
    {
        var context = FrameContext("/api/rest_j/v1/entrance/operation/metrics/runningtask", "?instance=10.0.0.2:9104");

        new EntranceRequestParser().Parse(context);

        Assert.Equal(new ServiceTarget("linkis-cg-entrance", "10.0.0.2:9104"), context.Target);
        Assert.Equal("10.0.0.2:9104", context.SingleQueryValue("instance"));
    }

    [Fact]
    public void Parse_HandshakeQuery_UsedWhenTheMessageHasNone()
    {
        var context = FrameContext("/api/rest_j/v1/entrance/operation/metrics/runningtask");

        new EntranceRequestParser().Parse(context);

        Assert.Equal(new ServiceTarget("linkis-cg-entrance", "10.0.0.1:9104"), context.Target);
    }

    [Fact]
    public void Answer_MethodIsTheMessagePath()
    {
        var context = FrameContext("/api/rest_j/v2/jobhistory/list");

        DefaultParseRules.Apply(context);

        Assert.Equal("/api/rest_j/v2/jobhistory/list", context.Answer!.Method);
        Assert.Equal("The gatewayv1 not support version v2.", context.Answer.Message);
    }

    [Fact]
    public void RouteLabels_ReadFromTheMessageData()
    {
        var context = FrameContext("/api/rest_j/v1/entrance/execute", body: "{\"executionCode\":\"1\",\"labels\":{\"route\":\"et1,et2\",\"engineType\":\"shell-1\"}}");

        var labels = RouteLabelReader.Read(context, "linkis-cg-entrance");

        Assert.Equal(["et1", "et2"], labels.ValuesOf("route"));
        Assert.Equal(["shell-1"], labels.ValuesOf("engineType"));
    }
}
