using Portico.Linkis.Parsing;
using static Portico.Tests.Linkis.LinkisTestSupport;

namespace Portico.Tests.Linkis.Parsing;

public sealed class EntranceRequestParserTests
{
    private readonly EntranceRequestParser _parser = new();

    [Theory]
    [InlineData("status")]
    [InlineData("progress")]
    [InlineData("progressWithResource")]
    [InlineData("log")]
    [InlineData("kill")]
    [InlineData("pause")]
    [InlineData("killJobs")]
    public void Parse_ExecIdOperation_PinsOwningInstance(string operation)
    {
        var context = Context($"/api/rest_j/v1/entrance/exec_id018013linkis-cg-entrance10.0.0.2:9104IDE_alice_0/{operation}");

        _parser.Parse(context);

        Assert.Equal("linkis-cg-entrance", context.Target!.Application);
        Assert.Equal("10.0.0.2:9104", context.Target.Instance);
    }

    [Fact]
    public void Parse_LegacyExecId_PinsInstance()
    {
        var context = Context("/api/rest_j/v1/entrance/031813IDElinkis-cg-entrance10.0.0.1:9104IDE_alice_0/status");

        _parser.Parse(context);

        Assert.Equal("10.0.0.1:9104", context.Target!.Instance);
    }

    [Fact]
    public void Parse_OperationWithSingleInstance_PinsIt()
    {
        var context = Context("/api/rest_j/v1/entrance/operation/metrics/runningtask?instance=10.0.0.7:9104");

        _parser.Parse(context);

        Assert.Equal("linkis-cg-entrance", context.Target!.Application);
        Assert.Equal("10.0.0.7:9104", context.Target.Instance);
    }

    [Theory]
    [InlineData("/api/rest_j/v1/entrance/operation/label/update")]
    [InlineData("/api/rest_j/v1/entrance/operation/consumer/info?instance=a:1&instance=b:2")]
    [InlineData("/api/rest_j/v1/entrance/operationX/x?other=1")]
    public void Parse_OperationWithoutSingleInstance_EntranceUnpinned(string path)
    {
        var context = Context(path);

        _parser.Parse(context);

        Assert.Equal("linkis-cg-entrance", context.Target!.Application);
        Assert.Null(context.Target.Instance);
    }

    [Theory]
    [InlineData("/api/rest_j/v1/entrance/12345/status", "12345")]
    [InlineData("/api/rest_j/v1/entrance/abc/killJobs", "abc")]
    [InlineData("/api/rest_j/v1/entrance/exec_id018013linkis-cg-entrance10.0/status", "exec_id018013linkis-cg-entrance10.0")]
    [InlineData("/api/rest_j/v1/entrance/submit/x", "submit")]
    public void Parse_MalformedExecId_AnswersError(string path, string execId)
    {
        var context = Context(path);

        _parser.Parse(context);

        Assert.Null(context.Target);
        Assert.Equal(1, context.Answer!.Status);
        Assert.StartsWith($"Invalid execID {execId}: ", context.Answer.Message, StringComparison.Ordinal);
        Assert.Equal(path.Split('?')[0], context.Answer.Method);
    }

    [Theory]
    [InlineData("/api/rest_j/v1/entrance/execute")]
    [InlineData("/api/rest_j/v1/entrance/killJobs")]
    [InlineData("/api/rest_j/v1/entrance/abc/")]
    [InlineData("/api/rest_j/v1/jobhistory/abc/x")]
    public void Parse_NotAnEntranceRequest_Ignored(string path)
    {
        var context = Context(path);

        Assert.False(_parser.WantsBody(context));
        _parser.Parse(context);

        Assert.Null(context.Target);
        Assert.False(context.IsAnswered);
    }

    [Fact]
    public void Parse_OtherVersion_AnswersVersionError()
    {
        var context = Context("/api/rest_j/v3/entrance/abc/status");

        _parser.Parse(context);

        Assert.Equal("The gatewayv1 not support version v3.", context.Answer!.Message);
    }
}
