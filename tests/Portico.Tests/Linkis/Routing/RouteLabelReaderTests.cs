using System.Text;
using Portico.Linkis.Parsing;
using Portico.Linkis.Routing;
using static Portico.Tests.Linkis.LinkisTestSupport;

namespace Portico.Tests.Linkis.Routing;

public sealed class RouteLabelReaderTests
{
    private const string Submit = "/api/rest_j/v1/entrance/submit";

    [Fact]
    public void Read_BodyLabels_AllKeysKept()
    {
        var context = Context(Submit, "POST", body: "{\"executionContent\":{},\"labels\":{\"engineType\":\"shell-1\",\"userCreator\":\"alice-IDE\",\"route\":\"et1\"}}");

        var labels = RouteLabelReader.Read(context, "linkis-cg-entrance");

        Assert.Equal("linkis-cg-entrance", labels.Application);
        Assert.Equal(["et1"], labels.ValuesOf("route"));
        Assert.Equal(["shell-1"], labels.ValuesOf("engineType"));
        Assert.Equal(["alice-IDE"], labels.ValuesOf("userCreator"));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public void Read_InvalidUtf8InBodyLabels_NoBodyLabelsAndNoThrow(byte[] invalid)
    {
        var context = Context(Submit + "?labels=dev", "POST");
        context.Body = new LinkisRequestBody([.. "{\"labels\":{\"route\":\""u8, .. invalid, .. "\",\""u8, .. invalid, .. "\":\"x\"}}"u8], Encoding.UTF8);

        var labels = RouteLabelReader.Read(context, "linkis-cg-entrance");

        Assert.Equal(["dev"], labels.ValuesOf("route"));
        Assert.Single(labels.Labels);
        Assert.False(context.Body.TryGetJson(out _, out var error));
        Assert.Equal("The request body is not valid UTF-8 JSON: The text is not valid UTF-8 (byte 21).", error);
    }

    [Fact]
    public void Read_QueryLabels_RouteValuesWinOverBody()
    {
        var context = Context(Submit + "?labels=dev, test", "POST", body: "{\"labels\":{\"route\":\"prod\",\"engineType\":\"spark-3\"}}");

        var labels = RouteLabelReader.Read(context, "linkis-cg-entrance");

        Assert.Equal(["dev", "test"], labels.ValuesOf("route"));
        Assert.Equal(["spark-3"], labels.ValuesOf("engineType"));
    }

    [Fact]
    public void Read_LabelsRouteQuery_UsedWhenLabelsAbsent()
    {
        var labels = RouteLabelReader.Read(Context("/api/rest_j/v1/entrance/operation/x/y?labelsRoute=prod"), "e");

        Assert.Equal(["prod"], labels.ValuesOf("route"));
    }

    [Fact]
    public void Read_CommaSeparatedBodyValue_Split()
    {
        var labels = RouteLabelReader.Read(Context(Submit, "POST", body: "{\"labels\":{\"route\":\"a, b,,c\",\"n\":3,\"o\":{}}}"), "e");

        Assert.Equal(["a", "b", "c"], labels.ValuesOf("route"));
        Assert.Equal(["3"], labels.ValuesOf("n"));
        Assert.Empty(labels.ValuesOf("o"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{\"labels\":\"route=x\"}")]
    [InlineData("{\"labels\":{\"route\":\" \"}}")]
    public void Read_NoUsableLabels_Empty(string? body)
    {
        var labels = RouteLabelReader.Read(Context(Submit, "POST", body: body), "e");

        Assert.True(labels.IsEmpty);
    }
}
