using Portico.Linkis.Parsing;
using static Portico.Tests.Linkis.LinkisTestSupport;

namespace Portico.Tests.Linkis.Parsing;

public sealed class ResultSetCacheParserTests
{
    private const string Url = "/api/rest_j/v1/engine/resultSetCache/get";
    private readonly ResultSetCacheParser _parser = new();

    [Theory]
    [InlineData("/api/rest_j/v1/engine/resultSetCache/get")]
    [InlineData("/api/rest_j/v1/engine/resultSetCacheRead/list")]
    [InlineData("/api/rest_x_1/v1/engine/resultSetCacheAbc/Op")]
    public void WantsBody_CacheUrl_True(string path) => Assert.True(_parser.WantsBody(Context(path, "POST")));

    [Theory]
    [InlineData("/api/rest_j/v1/engine/resultSetCache/")]
    [InlineData("/api/rest_j/v1/engine/resultSetCache/get1")]
    [InlineData("/api/rest_j/v1/engine/resultSetCache1/get")]
    [InlineData("/api/rest_j/v1/engine/resultSetCache/get/x")]
    [InlineData("/api/rest_j/v1/engine/resultsetcache/get")]
    [InlineData("/api/rest_j/v1/engine/resultSetCache")]
    public void WantsBody_OtherUrl_False(string path)
    {
        var context = Context(path, "POST", body: "{}");

        Assert.False(_parser.WantsBody(context));
        _parser.Parse(context);
        Assert.Null(context.Target);
        Assert.False(context.IsAnswered);
    }

    [Fact]
    public void Parse_AllKeysInBody_TargetsNamedEngine()
    {
        var context = Context(Url, "POST", body: "{\"serviceName\":\"linkis-cg-engineconn\",\"instance\":\"10.0.0.8:34001\",\"fsPath\":\"hdfs:///x\",\"pageSize\":100}");

        _parser.Parse(context);

        Assert.False(context.IsAnswered);
        Assert.Equal("linkis-cg-engineconn", context.Target!.Application);
        Assert.Equal("10.0.0.8:34001", context.Target.Instance);
    }

    [Fact]
    public void Parse_QueryBeforeBody_QueryWins()
    {
        var context = Context(Url + "?serviceName=fromQuery&instance=q:1", "POST", body: "{\"serviceName\":\"fromBody\",\"instance\":\"b:2\",\"fsPath\":\"p\",\"pageSize\":1}");

        _parser.Parse(context);

        Assert.Equal("fromQuery", context.Target!.Application);
        Assert.Equal("q:1", context.Target.Instance);
    }

    [Fact]
    public void Parse_GetWithQueryOnly_Works()
    {
        var context = Context(Url + "?serviceName=s&instance=i:1&fsPath=p&pageSize=10");

        _parser.Parse(context);

        Assert.False(context.IsAnswered);
        Assert.Equal("s", context.Target!.Application);
    }

    [Theory]
    [InlineData("{\"instance\":\"i:1\",\"fsPath\":\"p\",\"pageSize\":1}", "serviceName")]
    [InlineData("{\"serviceName\":\"s\",\"fsPath\":\"p\",\"pageSize\":1}", "instance")]
    [InlineData("{\"serviceName\":\"s\",\"instance\":\"i:1\",\"pageSize\":1}", "fsPath")]
    [InlineData("{\"serviceName\":\"s\",\"instance\":\"i:1\",\"fsPath\":\"p\"}", "pageSize")]
    [InlineData("{\"serviceName\":null,\"instance\":\"i:1\",\"fsPath\":\"p\",\"pageSize\":1}", "serviceName")]
    [InlineData("", "serviceName")]
    [InlineData("null", "serviceName")]
    public void Parse_MissingKey_AnswersDoesNotExist(string body, string key)
    {
        var context = Context(Url, "POST", body: body);

        _parser.Parse(context);

        Assert.Null(context.Target);
        Assert.Equal(1, context.Answer!.Status);
        Assert.Equal($"{key} does not exist.", context.Answer.Message);
        Assert.Equal(Url, context.Answer.Method);
    }

    [Theory]
    [InlineData("{\"serviceName\":", "The request body is not valid JSON (line 1, position 16).")]
    [InlineData("not json", "The request body is not valid JSON (line 1, position 2).")]
    [InlineData("   ", "The request body is not valid JSON (line 1, position 4).")]
    [InlineData("[1,2]", "The request body is not a JSON object.")]
    [InlineData("\"text\"", "The request body is not a JSON object.")]
    public void Parse_BodyNotAJsonObject_AnswersError(string body, string message)
    {
        var context = Context(Url, "POST", body: body);

        _parser.Parse(context);

        Assert.Null(context.Target);
        Assert.Equal(message, context.Answer!.Message);
    }

    [Fact]
    public void Parse_OtherVersion_AnswersVersionError()
    {
        var context = Context("/api/rest_j/v2/engine/resultSetCache/get", "POST", body: "{}");

        _parser.Parse(context);

        Assert.Equal("The gatewayv1 not support version v2.", context.Answer!.Message);
    }
}
