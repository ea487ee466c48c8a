using System.Text;
using Portico.Linkis.WebSockets;

namespace Portico.Tests.Linkis.WebSockets;

public sealed class ServerEventTests
{
    private static ServerEvent Parse(string json)
    {
        Assert.True(ServerEvent.TryParse(Encoding.UTF8.GetBytes(json), out var message, out var error), error);
        return message;
    }

    private static string Error(string json)
    {
        Assert.False(ServerEvent.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        return error!;
    }

    [Fact]
    public void TryParse_FullEvent_ReadsMethodTagAndRawData()
    {
        var message = Parse("{\"method\":\"/api/rest_j/v1/entrance/execute\",\"data\":{\"executionCode\":\"show tables\",\"labels\":{\"route\":\"et1\"}},\"websocketTag\":\"tab-17\"}");

        Assert.Equal("/api/rest_j/v1/entrance/execute", message.Method);
        Assert.Equal("tab-17", message.WebSocketTag);
        Assert.Equal("{\"executionCode\":\"show tables\",\"labels\":{\"route\":\"et1\"}}", Encoding.UTF8.GetString(message.Data));
    }

    [Fact]
    public void TryParse_DataBeforeMethodAndUnknownKeys_Read()
    {
        var message = Parse(" {\"id\": 3, \"data\" : [1, {\"a\": \"}\"}], \"user\": {\"x\": null}, \"method\": \"/m\"} ");

        Assert.Equal("/m", message.Method);
        Assert.Equal("[1, {\"a\": \"}\"}]", Encoding.UTF8.GetString(message.Data));
        Assert.Null(message.WebSocketTag);
    }

    [Fact]
    public void TryParse_NoDataNoMethod_DataIsNullLiteral()
    {
        var message = Parse("{}");

        Assert.Null(message.Method);
        Assert.Equal("null", Encoding.UTF8.GetString(message.Data));
    }

    [Fact]
    public void TryParse_MethodNull_MethodNull()
    {
        Assert.Null(Parse("{\"method\":null,\"data\":{}}").Method);
    }

    [Fact]
    public void TryParse_ByteOrderMarkAndEscapes_Read()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"method\":\"/api/rest_j/v1/caf\\u00e9\"}")).ToArray();

        Assert.True(ServerEvent.TryParse(bytes, out var message, out _));
        Assert.Equal("/api/rest_j/v1/café", message.Method);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void TryParse_NotAnObject_NotAnObjectError(string json)
    {
        Assert.Equal(LinkisWebSocketErrors.NotAnObject, Error(json));
    }

    [Fact]
    public void TryParse_Malformed_ErrorNamesLineAndPosition()
    {
        Assert.Equal("The message is not valid JSON (line 1, position 12).", Error("{\"method\": x}"));
    }

    [Fact]
    public void TryParse_Truncated_InvalidJson()
    {
        Assert.StartsWith("The message is not valid JSON", Error("{\"method\":\"/a\",\"data\":{"), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Empty_InvalidJson()
    {
        Assert.StartsWith("The message is not valid JSON", Error(""), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TrailingValue_InvalidJson()
    {
        Assert.StartsWith("The message is not valid JSON", Error("{\"method\":\"/a\"} {}"), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_MethodNotString_FieldError()
    {
        Assert.Equal("The method of the message is not a string.", Error("{\"method\":{\"a\":1}}"));
        Assert.Equal("The websocketTag of the message is not a string.", Error("{\"websocketTag\":5}"));
    }
}
