using Portico.Linkis.Messages;

namespace Portico.Tests.Linkis.Messages;

public sealed class LinkisErrorsTests
{
    [Fact]
    public void TooManyServices_RendersScalaListAndBothLanguages()
    {
        var error = LinkisErrors.TooManyServices("entrance", ["linkis-cg-entrance", "linkis-cg-entrance-dev"]);

        Assert.Equal(11010, error.ErrorCode);
        Assert.Equal(LinkisErrors.TooManyServiceException, error.ExceptionName);
        Assert.Equal(
            "Cannot find a correct serviceId for parsedServiceId:entrance, service list are:List(linkis-cg-entrance, linkis-cg-entrance-dev)(无法为 parsedServiceId:entrance 找到正确的 serviceId，服务列表为：List(linkis-cg-entrance, linkis-cg-entrance-dev))",
            error.Description);
    }

    [Fact]
    public void ToRootCauseMessage_LinkisExceptionFormat()
    {
        var error = LinkisErrors.CannotFindInstance("linkis-cg-entrance");

        Assert.Equal(
            "GatewayErrorException: errCode: 11012 ,desc: Cannot find an instance in the routing chain of serviceId:linkis-cg-entrance , please retry (在 serviceId:linkis-cg-entrance 的路由链中找不到实例，请重试) ,ip: gw-host ,port: 9001 ,serviceKind: linkis-mg-gateway",
            error.ToRootCauseMessage("gw-host", 9001, "linkis-mg-gateway"));
    }

    [Fact]
    public void NoApplication_10050()
    {
        var error = LinkisErrors.NoApplication("nosuch");

        Assert.Equal(10050, error.ErrorCode);
        Assert.Equal(
            "NoApplicationExistsException: errCode: 10050 ,desc: Application nosuch does not exist any instances(应用程序 nosuch 不存在任何实例) ,ip: h ,port: 1 ,serviceKind: g",
            error.ToRootCauseMessage("h", 1, "g"));
    }

    [Fact]
    public void NoInstance_10051()
    {
        var error = LinkisErrors.NoInstance("10.0.0.9:9104", "linkis-cg-entrance");

        Assert.Equal(10051, error.ErrorCode);
        Assert.Equal(LinkisErrors.NoInstanceExistsException, error.ExceptionName);
        Assert.Equal("The instance:10.0.0.9:9104 of application linkis-cg-entrance does not exist(应用程序:10.0.0.9:9104 的实例:linkis-cg-entrance 不存在).", error.Description);
    }

    [Fact]
    public void LabelRoutingTexts_11011()
    {
        Assert.Equal(
            "Cannot route to the corresponding service, URL:/api/rest_j/v1/entrance/submit RouteLabel:[{\"route\":\"x\"}](无法路由到相应的服务，URL：/api/rest_j/v1/entrance/submit RouteLabel: [{\"route\":\"x\"}])",
            LinkisErrors.CannotRouteByLabel("/api/rest_j/v1/entrance/submit", "[{\"route\":\"x\"}]").Description);
        Assert.Equal("There are no services available in the registry URL:/p (注册表 URL 中没有可用的服务)", LinkisErrors.NoServicesInRegistry("/p").Description);
        Assert.Equal("There is no route label service with the corresponding app name (没有对应app名称的路由标签服务)", LinkisErrors.NoRouteLabelServiceError().Description);
        Assert.All(
            new[] { LinkisErrors.CannotRouteByLabel("/p", "[]"), LinkisErrors.NoServicesInRegistry("/p"), LinkisErrors.NoRouteLabelServiceError() },
            e => Assert.Equal(11011, e.ErrorCode));
    }

    [Fact]
    public void ParserTexts_MatchLinkis()
    {
        Assert.Equal("The gatewayv1 not support version v2.", LinkisErrors.VersionNotSupported("v1", "v2"));
        Assert.Equal("Cannot find a service to deal /api/foo, ignore it.", LinkisErrors.NoServiceForPath("/api/foo"));
        Assert.Equal("fsPath does not exist.", LinkisErrors.KeyDoesNotExist("fsPath"));
    }

    [Fact]
    public void ScalaList_Empty_ListParentheses() => Assert.Equal("List()", LinkisErrors.ScalaList([]));
}
