using System.Text;
using System.Text.Json;
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

    private static DefaultHttpContext Request(string? contentType, byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/portico/registry/apps/orders/o1";
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(body);
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static JsonElement Problem(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return JsonDocument.Parse(context.Response.Body).RootElement.Clone();
    }

    [Theory]
    [InlineData("application/json", true, "json")]
    [InlineData("application/xml", true, "xml")]
    [InlineData(null, false, "json")]
    public async Task ReadRegistration_SupportedType_ReturnsBodyAndKind(string? contentType, bool acceptXml, string kind)
    {
        var context = Request(contentType, Encoding.UTF8.GetBytes("{}"));

        var read = await RegistryHttp.ReadRegistrationAsync(context, acceptXml);

        Assert.Equal(kind, read!.Value.Kind);
        Assert.Equal("{}", Encoding.UTF8.GetString(read.Value.Body));
    }

    [Theory]
    [InlineData("application/xml", false, "send application/json.")]
    [InlineData("text/plain", true, "send application/json or application/xml.")]
    public async Task ReadRegistration_UnsupportedType_415NamesAccepted(string contentType, bool acceptXml, string fix)
    {
        var context = Request(contentType, Encoding.UTF8.GetBytes("<instance/>"));

        Assert.Null(await RegistryHttp.ReadRegistrationAsync(context, acceptXml));
        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, context.Response.StatusCode);
        Assert.EndsWith(fix, Problem(context).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadRegistration_TooLarge_413()
    {
        var context = Request("application/json", new byte[RegistryHttp.MaxBodyBytes + 1]);

        Assert.Null(await RegistryHttp.ReadRegistrationAsync(context, acceptXml: true));
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, context.Response.StatusCode);
    }

    [Fact]
    public async Task FindInstance_Unknown_404NamesInstance()
    {
        var context = Request(null, []);
        context.Request.RouteValues["app"] = "orders";
        context.Request.RouteValues["id"] = "o1";

        Assert.Null(await RegistryHttp.FindInstanceAsync(context, RegistrySnapshot.Empty));
        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        var problem = Problem(context);
        Assert.Equal("Instance 'o1' of 'orders' is not registered.", problem.GetProperty("detail").GetString());
        Assert.Equal("/portico/registry/apps/orders/o1", problem.GetProperty("instance").GetString());
    }
}
