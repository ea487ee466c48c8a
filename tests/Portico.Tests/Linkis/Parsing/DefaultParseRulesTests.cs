using Portico.Linkis;
using Portico.Linkis.Parsing;
using static Portico.Tests.Linkis.LinkisTestSupport;

namespace Portico.Tests.Linkis.Parsing;

public sealed class DefaultParseRulesTests
{
    [Theory]
    [InlineData("cs", "linkis-ps-publicservice")]
    [InlineData("contextservice", "linkis-ps-publicservice")]
    [InlineData("jobhistory", "linkis-ps-publicservice")]
    [InlineData("basedata-manager", "linkis-ps-publicservice")]
    [InlineData("data-source-manager", "linkis-ps-publicservice")]
    [InlineData("metadataQuery", "linkis-ps-publicservice")]
    [InlineData("metadataquery", "linkis-ps-datasource")]
    [InlineData("linkisManager", "linkis-cg-linkismanager")]
    [InlineData("engineplugin", "linkis-cg-linkismanager")]
    [InlineData("linkismanager", "linkismanager")]
    [InlineData("JobHistory", "JobHistory")]
    [InlineData("cg-entrance", "cg-entrance")]
    public void Common_ServiceId_MappedCaseSensitively(string serviceId, string application)
    {
        var context = Context($"/api/rest_j/v1/{serviceId}/some/thing?x=1");

        DefaultParseRules.Apply(context);

        Assert.False(context.IsAnswered);
        Assert.Equal(application, context.Target!.Application);
        Assert.Null(context.Target.Instance);
    }

    [Theory]
    [InlineData("cs", "cs")]
    [InlineData("datasource", "linkis-ps-datasource")]
    [InlineData("metadataQuery", "linkis-ps-datasource")]
    public void Common_PublicServiceDisabled_FallsThroughToOtherLists(string serviceId, string application)
    {
        var context = Context($"/api/rest_j/v1/{serviceId}/x", config: new LinkisConfig { Enabled = true, PublicServiceEnabled = false });

        DefaultParseRules.Apply(context);

        Assert.Equal(application, context.Target!.Application);
    }

    [Fact]
    public void Common_AnyLettersRestPrefix_Accepted()
    {
        var context = Context("/api/rest_s/v1/jobhistory/list");

        DefaultParseRules.Apply(context);

        Assert.Equal("linkis-ps-publicservice", context.Target!.Application);
    }

    [Fact]
    public void Common_OtherVersion_AnswersVersionError()
    {
        var context = Context("/api/rest_j/v2/jobhistory/list");

        DefaultParseRules.Apply(context);

        Assert.Null(context.Target);
        Assert.Equal("The gatewayv1 not support version v2.", context.Answer!.Message);
    }

    [Theory]
    [InlineData("/api/rest_j/v1/jobhistory")]
    [InlineData("/api/foo")]
    [InlineData("/ws/info/x")]
    [InlineData("/api/rest_j1/v1/jobhistory/list")]
    [InlineData("/api/rest_j/v1/jobhistory/")]
    [InlineData("/dws")]
    public void Unknown_AnswersCannotFindService(string path)
    {
        var context = Context(path);

        DefaultParseRules.Apply(context);

        Assert.Null(context.Target);
        Assert.Equal(1, context.Answer!.Status);
        Assert.Equal($"Cannot find a service to deal {path}, ignore it.", context.Answer.Message);
        Assert.Equal(path, context.Answer.Method);
    }

    [Theory]
    [InlineData("/dws/")]
    [InlineData("/dws/scriptis/x")]
    public void Dws_LegacyProxy_NoTargetNoAnswer(string path)
    {
        var context = Context(path);

        DefaultParseRules.Apply(context);

        Assert.Null(context.Target);
        Assert.False(context.IsAnswered);
        Assert.True(context.IsLegacyProxy);
    }

    [Fact]
    public void Heartbeat_ListsThisNodeThenRegisteredGateways()
    {
        var registry = Registry("linkis-mg-gateway@10.0.0.1:9001", "linkis-mg-gateway@10.0.0.2:9001", "linkis-mg-gateway@10.0.0.3:9001!down", "linkis-cg-entrance@10.0.0.4:9104");
        var context = Context("/api/rest_j/v1/gateway/heartbeat", registry: registry, config: new LinkisConfig { Enabled = true, GatewayInstance = "10.0.0.2:9001" });

        DefaultParseRules.Apply(context);

        var answer = context.Answer!;
        Assert.Equal(0, answer.Status);
        Assert.Equal("Gateway heartbeat ok!", answer.Message);
        Assert.Equal("/api/rest_j/v1/gateway/heartbeat", answer.Method);
        Assert.Equal("gatewayList", answer.Data[0].Key);
        Assert.Equal(["10.0.0.2:9001", "10.0.0.1:9001"], (IEnumerable<string>)answer.Data[0].Value!);
        Assert.Equal(new KeyValuePair<string, object?>("isHealthy", true), answer.Data[1]);
    }

    [Fact]
    public void Heartbeat_NoConfiguredInstance_UsesLocalAddress()
    {
        var context = Context("/api/rest_j/v1/gateway/heartbeat");
        context.Exchange.HttpContext.Connection.LocalIpAddress = System.Net.IPAddress.Parse("192.168.1.5");
        context.Exchange.HttpContext.Connection.LocalPort = 9001;

        DefaultParseRules.Apply(context);

        Assert.Equal(["192.168.1.5:9001"], (IEnumerable<string>)context.Answer!.Data[0].Value!);
    }

    [Fact]
    public void Heartbeat_OtherVersion_AnswersVersionError()
    {
        var context = Context("/api/rest_j/v9/gateway/heartbeat");

        DefaultParseRules.Apply(context);

        Assert.Equal("The gatewayv1 not support version v9.", context.Answer!.Message);
        Assert.Equal(1, context.Answer.Status);
    }
}
