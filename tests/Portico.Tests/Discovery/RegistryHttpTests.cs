using Microsoft.AspNetCore.Http;
using Portico.Discovery;

namespace Portico.Tests.Discovery;

public sealed class RegistryHttpTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("*/*", false)]
    [InlineData("application/json", false)]
    [InlineData("application/xml", true)]
    [InlineData("text/xml", true)]
    [InlineData("application/xml, application/json;q=0.5", true)]
    [InlineData("application/xml;q=0.4, application/json", false)]
    public void WantsXml_ByMediaTypeAndQuality(string? accept, bool expected)
    {
        var context = new DefaultHttpContext();
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        Assert.Equal(expected, RegistryHttp.WantsXml(context.Request));
    }

    [Theory]
    [InlineData(null, "json")]
    [InlineData("application/json; charset=utf-8", "json")]
    [InlineData("application/xml", "xml")]
    [InlineData("text/xml", "xml")]
    [InlineData("text/plain", null)]
    public void BodyKind_ByContentType(string? contentType, string? expected)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;

        Assert.Equal(expected, RegistryHttp.BodyKind(context.Request));
    }
}
