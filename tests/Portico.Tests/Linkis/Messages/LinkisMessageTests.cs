using System.Text;
using Portico.Linkis.Messages;

namespace Portico.Tests.Linkis.Messages;

public sealed class LinkisMessageTests
{
    private static string Json(LinkisMessage message) => Encoding.UTF8.GetString(message.ToUtf8Json());

    [Fact]
    public void Error_WithMethod_WritesFourKeysInOrderWithEmptyDataObject()
    {
        var json = Json(LinkisMessage.Error("boom").WithMethod("/api/rest_j/v1/entrance/submit"));

        Assert.Equal("{\"method\":\"/api/rest_j/v1/entrance/submit\",\"status\":1,\"message\":\"boom\",\"data\":{}}", json);
    }

    [Fact]
    public void Ok_WithoutMethod_SerialisesNullsAndDefaultsTextToOk()
    {
        Assert.Equal("{\"method\":null,\"status\":0,\"message\":\"OK\",\"data\":{}}", Json(LinkisMessage.Ok()));
        Assert.Equal("{\"method\":null,\"status\":0,\"message\":\"OK\",\"data\":{}}", Json(LinkisMessage.Ok("  ")));
    }

    [Fact]
    public void Data_NullValue_IsWritten()
    {
        Assert.Equal("{\"method\":null,\"status\":0,\"message\":\"OK\",\"data\":{\"data\":null}}", Json(LinkisMessage.Ok().WithData("data", null)));
    }

    [Fact]
    public void Heartbeat_DataKeys_GatewayListBeforeIsHealthy()
    {
        var message = LinkisMessage.Ok(LinkisErrors.HeartbeatOk).WithMethod("/api/rest_j/v1/gateway/heartbeat")
            .WithData("gatewayList", new[] { "10.0.0.1:9001", "10.0.0.2:9001" }).WithData("isHealthy", true);

        Assert.Equal(
            "{\"method\":\"/api/rest_j/v1/gateway/heartbeat\",\"status\":0,\"message\":\"Gateway heartbeat ok!\",\"data\":{\"gatewayList\":[\"10.0.0.1:9001\",\"10.0.0.2:9001\"],\"isHealthy\":true}}",
            Json(message));
    }

    [Fact]
    public void Data_KeysInsertedOutOfHashOrder_AreWrittenInJavaHashMapOrder()
    {
        // "isHealthy" hashes to bucket 15 and "gatewayList" to 11 of a 16-bucket HashMap, so Gson writes gatewayList first.
        var message = LinkisMessage.Ok().WithData("isHealthy", false).WithData("gatewayList", Array.Empty<string>());

        Assert.Equal("{\"method\":null,\"status\":0,\"message\":\"OK\",\"data\":{\"gatewayList\":[],\"isHealthy\":false}}", Json(message));
    }

    [Fact]
    public void JavaHashMapOrder_ManyKeys_GrowsTableAndKeepsInsertionOrderWithinBucket()
    {
        // 13 keys resize the table to 32 buckets; "Aa" and "BB" share a String.hashCode, so they stay in insertion order.
        var keys = new[] { "BB", "Aa", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "k10", "k11" };

        var order = LinkisJson.JavaHashMapOrder(keys);

        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 12, 7, 11, 8, 9, 10], order);
    }

    [Fact]
    public void Strings_EscapedAsGson_HtmlSafeAndUnicodeRaw()
    {
        var json = Json(LinkisMessage.Error("a<b>&c='d' \"q\" \\ \n\t\u0001 \u2028 应用程序"));

        Assert.Equal(
            "{\"method\":null,\"status\":1,\"message\":\"a\\u003cb\\u003e\\u0026c\\u003d\\u0027d\\u0027 \\\"q\\\" \\\\ \\n\\t\\u0001 \\u2028 应用程序\",\"data\":{}}",
            json);
    }

    [Fact]
    public void Data_NestedMapAndNumbers_WrittenAsJson()
    {
        var nested = new List<KeyValuePair<string, object?>> { new("a", 1), new("b", 2.0), new("c", 2.5) };
        var json = Json(LinkisMessage.Ok().WithData("x", nested));

        Assert.Equal("{\"method\":null,\"status\":0,\"message\":\"OK\",\"data\":{\"x\":{\"a\":1,\"b\":2,\"c\":2.5}}}", json);
    }

    [Fact]
    public void WithData_SameKey_ReplacesInPlace()
    {
        var message = LinkisMessage.Ok().WithData("a", 1).WithData("a", 2);

        Assert.Single(message.Data);
        Assert.Equal(2, message.Data[0].Value);
    }

    [Theory]
    [InlineData(-1, 401)]
    [InlineData(0, 200)]
    [InlineData(1, 400)]
    [InlineData(2, 412)]
    [InlineData(3, 403)]
    [InlineData(4, 206)]
    public void ToHttpStatus_MapsLinkisStatuses(int status, int http) => Assert.Equal(http, LinkisMessage.ToHttpStatus(status));

    [Fact]
    public void ToHttpStatus_UnknownStatus_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => LinkisMessage.ToHttpStatus(7));
}
