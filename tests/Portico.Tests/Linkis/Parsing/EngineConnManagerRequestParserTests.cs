using Portico.Linkis.Parsing;
using static Portico.Tests.Linkis.LinkisTestSupport;

namespace Portico.Tests.Linkis.Parsing;

public sealed class EngineConnManagerRequestParserTests
{
    private readonly EngineConnManagerRequestParser _parser = new();

    [Fact]
    public void Parse_DownloadWithEmInstance_PinsManager()
    {
        var context = Context("/api/rest_j/v1/engineconnManager/downloadEngineLog?emInstance=10.0.0.5:9102&path=x");

        _parser.Parse(context);

        Assert.Equal("linkis-cg-engineconnmanager", context.Target!.Application);
        Assert.Equal("10.0.0.5:9102", context.Target.Instance);
    }

    [Theory]
    [InlineData("/api/rest_j/v1/engineconnManager/downloadEngineLog")]
    [InlineData("/api/rest_j/v1/engineconnManager/downloadEngineLog?emInstance=a:1&emInstance=b:2")]
    public void Parse_DownloadWithoutSingleEmInstance_ManagerUnpinned(string path)
    {
        var context = Context(path);

        _parser.Parse(context);

        Assert.Equal("linkis-cg-engineconnmanager", context.Target!.Application);
        Assert.Null(context.Target.Instance);
    }

    [Theory]
    [InlineData("/api/rest_j/v1/engineconnManager/listEngines")]
    [InlineData("/api/rest_j/v1/engineconnmanager/downloadEngineLog")]
    [InlineData("/api/rest_j/v1/engineconnManager/downloadEngineLog/x")]
    public void Parse_OtherUrl_Ignored(string path)
    {
        var context = Context(path, "POST");

        Assert.False(_parser.WantsBody(context));
        _parser.Parse(context);

        Assert.Null(context.Target);
    }

    [Fact]
    public void Parse_OtherVersion_AnswersVersionError()
    {
        var context = Context("/api/rest_j/v0/engineconnManager/downloadEngineLog");

        _parser.Parse(context);

        Assert.Equal("The gatewayv1 not support version v0.", context.Answer!.Message);
    }
}
