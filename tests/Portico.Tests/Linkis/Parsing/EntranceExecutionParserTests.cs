using Portico.Linkis.Parsing;
using static Portico.Tests.Linkis.LinkisTestSupport;

namespace Portico.Tests.Linkis.Parsing;

public sealed class EntranceExecutionParserTests
{
    private readonly EntranceExecutionParser _parser = new();

    [Theory]
    [InlineData("/api/rest_j/v1/entrance/execute")]
    [InlineData("/api/rest_j/v1/entrance/backgroundservice")]
    [InlineData("/api/rest_j/v1/entrance/submit")]
    [InlineData("/api/rest_j/v1/entrance/killJobs")]
    [InlineData("/api/rest_x1/v1/entrance/submit")]
    public void Parse_ExecutionUrl_EntranceWithoutInstance(string path)
    {
        var context = Context(path, "POST");

        Assert.True(_parser.WantsBody(context));
        _parser.Parse(context);

        Assert.Equal("linkis-cg-entrance", context.Target!.Application);
        Assert.Null(context.Target.Instance);
        Assert.False(context.IsAnswered);
    }

    [Theory]
    [InlineData("/api/rest_j/v1/entrance/submit/")]
    [InlineData("/api/rest_j/v1/entrance/Submit")]
    [InlineData("/api/rest_j/v1/entrance/exec_id018013linkis-cg-entrance10.0.0.2:9104IDE/killJobs")]
    [InlineData("/api/rest_j/v1/entrance")]
    [InlineData("/api/rest_j/v1/entrance/submitx")]
    [InlineData("/api/rest_j/entrance/submit")]
    public void Parse_OtherUrl_Ignored(string path)
    {
        var context = Context(path, "POST");

        Assert.False(_parser.WantsBody(context));
        _parser.Parse(context);

        Assert.Null(context.Target);
        Assert.False(context.IsAnswered);
    }

    [Fact]
    public void Parse_OtherVersion_AnswersVersionError()
    {
        var context = Context("/api/rest_j/v2/entrance/submit", "POST");

        _parser.Parse(context);

        Assert.Null(context.Target);
        Assert.Equal("The gatewayv1 not support version v2.", context.Answer!.Message);
        Assert.Equal(1, context.Answer.Status);
        Assert.Equal("/api/rest_j/v2/entrance/submit", context.Answer.Method);
    }

    [Fact]
    public void Parse_ConfiguredEntranceName_Used()
    {
        var context = Context("/api/rest_j/v1/entrance/execute", "POST", config: new() { Enabled = true, EntranceName = "my-entrance" });

        _parser.Parse(context);

        Assert.Equal("my-entrance", context.Target!.Application);
    }
}
